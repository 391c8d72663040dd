# Replays every fuzz target over its regression inputs (tests/fuzz/regressions/<target>/, one
# file per past finding) and its seeds, in the normal build: no libFuzzer or clang needed.
set(EXPORTCTL_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
include(${EXPORTCTL_FUZZ_DIR}/capi_sources.cmake)
foreach(target shipment pack capi lists differential)
  add_executable(fuzz_replay_${target} ${EXPORTCTL_FUZZ_DIR}/fuzz_${target}.cpp
                                       ${EXPORTCTL_FUZZ_DIR}/replay_main.cpp)
  target_link_libraries(fuzz_replay_${target} PRIVATE exportctl_lib)
  target_compile_definitions(fuzz_replay_${target} PRIVATE
    EXPORTCTL_SOURCE_RULES_DIR="${PROJECT_SOURCE_DIR}/rules")
  exportctl_set_warnings(fuzz_replay_${target})
endforeach()
target_include_directories(fuzz_replay_lists PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_include_directories(fuzz_replay_differential PRIVATE ${PROJECT_SOURCE_DIR}/src
                           ${EXPORTCTL_FUZZ_DIR}/../unit/io)
exportctl_fuzz_capi_sources(fuzz_replay_capi)
add_test(NAME fuzz.replay.shipment
         COMMAND fuzz_replay_shipment ${EXPORTCTL_FUZZ_DIR}/regressions/shipment
                 ${PROJECT_SOURCE_DIR}/examples ${PROJECT_SOURCE_DIR}/tests/golden/decisions
                 ${PROJECT_SOURCE_DIR}/tests/golden/diagnostics/shipments
                 ${PROJECT_SOURCE_DIR}/tests/golden/bad_inputs/shipments)
add_test(NAME fuzz.replay.pack
         COMMAND fuzz_replay_pack ${EXPORTCTL_FUZZ_DIR}/regressions/pack
                 ${PROJECT_SOURCE_DIR}/rules ${PROJECT_SOURCE_DIR}/tests/golden/diagnostics/packs
                 ${PROJECT_SOURCE_DIR}/tests/golden/bad_inputs/packs)
add_test(NAME fuzz.replay.capi
         COMMAND fuzz_replay_capi ${EXPORTCTL_FUZZ_DIR}/regressions/capi
                 ${PROJECT_SOURCE_DIR}/examples ${PROJECT_SOURCE_DIR}/tests/golden/bad_inputs/shipments)
add_test(NAME fuzz.replay.lists
         COMMAND fuzz_replay_lists ${EXPORTCTL_FUZZ_DIR}/regressions/lists
                 ${PROJECT_SOURCE_DIR}/tests/data/lists)
add_test(NAME fuzz.replay.differential
         COMMAND fuzz_replay_differential ${EXPORTCTL_FUZZ_DIR}/regressions/differential
                 ${PROJECT_SOURCE_DIR}/examples ${PROJECT_SOURCE_DIR}/tests/golden/decisions
                 ${PROJECT_SOURCE_DIR}/tests/golden/diagnostics/shipments
                 ${PROJECT_SOURCE_DIR}/tests/golden/bad_inputs/shipments)
