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
