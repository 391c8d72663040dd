# C API tests: C programs compiled as C99 with -pedantic against the shared library
# (libexportctl-c), its exported symbols, the C example, and pkg-config from an installed tree.
enable_language(C)
find_package(Threads REQUIRED)

set(CAPI_DIR ${CMAKE_CURRENT_LIST_DIR})
set(CAPI_RULES ${PROJECT_SOURCE_DIR}/rules)

function(exportctl_c_program name source)
  add_executable(${name} ${source})
  set_target_properties(${name} PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  target_compile_options(${name} PRIVATE -std=c99 -pedantic -Wall -Wextra -Werror)
  target_link_libraries(${name} PRIVATE exportctl_c)
endfunction()

exportctl_c_program(capi_test ${CAPI_DIR}/capi_test.c)
exportctl_c_program(capi_threads_test ${CAPI_DIR}/capi_threads_test.c)
target_link_libraries(capi_threads_test PRIVATE Threads::Threads)
exportctl_c_program(capi_golden_test ${CAPI_DIR}/capi_golden_test.c)
exportctl_c_program(capi_ledger_test ${CAPI_DIR}/capi_ledger_test.c)
exportctl_c_program(check_shipment_example ${PROJECT_SOURCE_DIR}/examples/c/check_shipment.c)

add_test(NAME capi.calls COMMAND capi_test ${PROJECT_SOURCE_DIR})
set_tests_properties(capi.calls PROPERTIES ENVIRONMENT "EXPORTCTL_RULES=${CAPI_RULES}")

# The ledger on SQLite, in a directory of its own (the test removes its files there first).
set(CAPI_LEDGER_DIR ${CMAKE_CURRENT_BINARY_DIR}/capi_ledger)
file(MAKE_DIRECTORY ${CAPI_LEDGER_DIR})
add_test(NAME capi.ledger COMMAND capi_ledger_test ${PROJECT_SOURCE_DIR} ${CAPI_LEDGER_DIR})

# A second pack set for the reload test: the default packs with one pack's version changed.
set(CAPI_RULES_B ${CMAKE_CURRENT_BINARY_DIR}/capi_rules_b)
add_test(NAME capi.rules_b
         COMMAND ${CMAKE_COMMAND} -DFROM=${CAPI_RULES} -DTO=${CAPI_RULES_B} -P ${CAPI_DIR}/rules_b.cmake)
set_tests_properties(capi.rules_b PROPERTIES FIXTURES_SETUP capi_rules_b)
add_test(NAME capi.threads_reload
         COMMAND capi_threads_test ${PROJECT_SOURCE_DIR} ${CAPI_RULES} ${CAPI_RULES_B})
set_tests_properties(capi.threads_reload PROPERTIES FIXTURES_REQUIRED capi_rules_b TIMEOUT 300)

# The C API gives the CLI's bytes (a few golden shipments, one under a scenario, one with owners
# and entities).
foreach(golden
    h100-export-us-to-my-parent-hq-cn-2025-case-by-case
    h200-reexport-sg-to-cn-2026-presumption-of-denial
    l40-server-export-us-to-vn-2025-4a090-b-aca
    custom-accelerator-no-datacenter-flag-tpp-3000-to-vn-2025-hold
    affiliates-chain-60-of-60-pct-2025-10-15-license-required
    ai-diffusion-tier2-in-h100-over-lpp-cap-license-required)
  set(scenario "")
  if(golden MATCHES "^ai-diffusion")
    set(scenario ai-diffusion-2025)
  endif()
  add_test(NAME capi.golden.${golden}
           COMMAND ${CMAKE_COMMAND} -DCLI=$<TARGET_FILE:exportctl_cli>
                   -DCAPI=$<TARGET_FILE:capi_golden_test> -DRULES=${CAPI_RULES}
                   -DSHIPMENT=${PROJECT_SOURCE_DIR}/tests/golden/decisions/${golden}.yaml
                   -DSCENARIO=${scenario} -DOUT=${CMAKE_CURRENT_BINARY_DIR}/capi_golden/${golden}.json
                   -P ${CAPI_DIR}/golden.cmake)
endforeach()

add_test(NAME capi.exported_symbols
         COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM} -DLIB=$<TARGET_FILE:exportctl_c>
                 -P ${CAPI_DIR}/symbols.cmake)

# The C example, built against the build tree: exit code and decision as `exportctl check`.
add_test(NAME capi.example
         COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:check_shipment_example> -DCODE=2
                 "-DARGS=${PROJECT_SOURCE_DIR}/examples/so-1042-singapore-to-malaysia.yaml"
                 "-DOUT_MATCH=^\\{\"shipment\":\"SO-1042\",\"as_of\":\"[0-9-]+\",\"decision\":\"license_required\""
                 -P ${PROJECT_SOURCE_DIR}/tests/cli/run.cmake)
set_tests_properties(capi.example PROPERTIES ENVIRONMENT "EXPORTCTL_RULES=${CAPI_RULES}")
add_test(NAME capi.example_bad_input
         COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:check_shipment_example> -DCODE=1
                 "-DARGS=${PROJECT_SOURCE_DIR}/tests/cli/data/bad-shipment.yaml"
                 "-DERR_MATCH=<input>:[0-9]+:[0-9]+: error\\[EXC-E4005\\]"
                 -P ${PROJECT_SOURCE_DIR}/tests/cli/run.cmake)
set_tests_properties(capi.example_bad_input PROPERTIES ENVIRONMENT "EXPORTCTL_RULES=${CAPI_RULES}")

# The installed tree: the example built with pkg-config and with find_package(exportctl).
add_test(NAME cmake.pkg_config
         COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
                 -DWORK_DIR=${PROJECT_BINARY_DIR}/pkg_config_test -DLIBDIR=${CMAKE_INSTALL_LIBDIR}
                 -DCC=${CMAKE_C_COMPILER}
                 -P ${CAPI_DIR}/pkg_config_test.cmake)
set_tests_properties(cmake.pkg_config PROPERTIES TIMEOUT 600)
