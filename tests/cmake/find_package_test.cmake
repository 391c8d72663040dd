# Installs the build tree into a scratch prefix, builds the consumer project against it with
# find_package(exportctl CONFIG), runs it, and runs the installed CLI without --rules.
# Invoked by CTest with -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=...
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

include("${SOURCE_DIR}/tests/cmake/run_checked.cmake")

run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/cmake/find_package" -B "${WORK_DIR}/build" -G Ninja
    -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=${prefix}")
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/consumer")

# The installed CLI must find its installed packs on its own (no --rules, no EXPORTCTL_RULES).
execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=EXPORTCTL_RULES
                "${prefix}/bin/exportctl" lint RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "0 error")
  message(FATAL_ERROR "installed `exportctl lint` failed (${rc}):\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=EXPORTCTL_RULES
                "${prefix}/bin/exportctl" check --format json
                "${SOURCE_DIR}/examples/so-1042-singapore-to-malaysia.yaml"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT out MATCHES "\"decision\":\"license_required\"")
  message(FATAL_ERROR "installed `exportctl check` gave ${rc}:\n${out}\n${err}")
endif()
message(STATUS "find_package consumer and installed CLI: ok")
