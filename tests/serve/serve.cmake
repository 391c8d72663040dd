# `exportctl serve` (docs/service.md) as a client sees it, over HTTP: the endpoints against the
# command line's bytes and docs/openapi.yaml (serve.http), authentication and the limits
# (serve.auth_limits), and two processes on one PostgreSQL ledger (serve.two_instances, on the
# cluster of ledger.cmake's fixture `pg`). Debian's /usr/bin/python3 with python3-requests,
# -jsonschema and -yaml; the tests fail, never skip.
add_test(NAME serve.http
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/http_test.py $<TARGET_FILE:exportctl_cli>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME serve.auth_limits
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/auth_limits_test.py
                 $<TARGET_FILE:exportctl_cli>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME serve.two_instances
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/two_instances_test.py
                 $<TARGET_FILE:exportctl_cli>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(serve.http PROPERTIES TIMEOUT 240)
set_tests_properties(serve.auth_limits PROPERTIES TIMEOUT 240)
set_tests_properties(serve.two_instances PROPERTIES TIMEOUT 300
  FIXTURES_REQUIRED pg
  ENVIRONMENT "EXPORTCTL_TEST_PG_URL_FILE=${EXPORTCTL_PG_DIR}/url")

# The review page's browser test, when it exists.
include(${CMAKE_CURRENT_LIST_DIR}/browser.cmake OPTIONAL)

# The README's service block, run as printed (scripts/serve-example on the built binary).
add_test(NAME serve.readme
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/readme_test.py
                 $<TARGET_FILE:exportctl_cli> ${CMAKE_BINARY_DIR}/serve-readme)
set_tests_properties(serve.readme PROPERTIES TIMEOUT 60)
