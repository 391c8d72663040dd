# The ledger's PostgreSQL tests: the unit tests tagged [pg] (hidden from the plain unit run)
# against a throwaway cluster that the fixture `pg` starts in the build tree and removes after.
# They fail, never skip, when the cluster cannot start (scripts/pg-cluster says why).
set(EXPORTCTL_PG_DIR ${CMAKE_BINARY_DIR}/pg)
add_test(NAME ledger.pg_start
         COMMAND ${PROJECT_SOURCE_DIR}/scripts/pg-cluster start ${EXPORTCTL_PG_DIR})
add_test(NAME ledger.pg_stop
         COMMAND ${PROJECT_SOURCE_DIR}/scripts/pg-cluster stop ${EXPORTCTL_PG_DIR})
set_tests_properties(ledger.pg_start PROPERTIES FIXTURES_SETUP pg)
set_tests_properties(ledger.pg_stop PROPERTIES FIXTURES_CLEANUP pg)
# -w NoTests: Catch2 exits 0 when no test case matches; a lost tag must not pass as a run.
add_test(NAME ledger.sql_pg COMMAND exportctl_tests "[pg]" -w NoTests
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(ledger.sql_pg PROPERTIES
  FIXTURES_REQUIRED pg
  ENVIRONMENT "EXPORTCTL_TEST_PG_URL_FILE=${EXPORTCTL_PG_DIR}/url")

# The ledger as processes use it: the command-line flow (SQLite), and the crash and concurrency
# tests on both backends, through ledger_driver (a process that prints an operation only once it
# was committed).
add_executable(ledger_driver ${CMAKE_CURRENT_LIST_DIR}/ledger_driver.cpp)
target_include_directories(ledger_driver PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(ledger_driver PRIVATE exportctl_lib)
target_compile_definitions(ledger_driver PRIVATE EXPORTCTL_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
exportctl_set_warnings(ledger_driver)

add_test(NAME ledger.cli_flow
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/cli_flow.sh $<TARGET_FILE:exportctl_cli>
                 ${CMAKE_BINARY_DIR}/ledger-cli-flow
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
foreach(backend sqlite postgresql)
  add_test(NAME ledger.concurrency.${backend}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/concurrency_test.py
                   $<TARGET_FILE:ledger_driver> ${backend} ${CMAKE_BINARY_DIR}/ledger-concurrency-${backend} 16)
  add_test(NAME ledger.crash.${backend}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/crash_test.py
                   $<TARGET_FILE:ledger_driver> ${backend} ${CMAKE_BINARY_DIR}/ledger-crash-${backend} 120)
endforeach()
set_tests_properties(ledger.concurrency.postgresql ledger.crash.postgresql PROPERTIES
  FIXTURES_REQUIRED pg
  ENVIRONMENT "EXPORTCTL_TEST_PG_URL_FILE=${EXPORTCTL_PG_DIR}/url")
add_test(NAME ledger.batch_db
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/batch_db.sh $<TARGET_FILE:exportctl_cli>
                 ${CMAKE_BINARY_DIR}/ledger-batch-db
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
# The ledger's command-line snippets in README.md and docs/ledger.md, run as printed (the Python
# one is python.ledger_snippet, bindings/python/tests/tests.cmake).
add_test(NAME ledger.doc_snippets
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/doc_snippets.py
                 $<TARGET_FILE:exportctl_cli> - ${CMAKE_BINARY_DIR}/ledger-doc-snippets)
