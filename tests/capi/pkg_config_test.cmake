# Installs the build tree into a scratch prefix, then builds the C example (examples/c) against
# it twice, with `cc $(pkg-config --cflags --libs exportctl)` and with find_package(exportctl)
# linking exportctl::c, and runs both without telling them where the packs are: the installed
# library finds its installed packs.
# Invoked by CTest with -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -DLIBDIR=... -DCC=...
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
set(example "${SOURCE_DIR}/examples/c")
set(shipment "${SOURCE_DIR}/examples/so-1042-singapore-to-malaysia.yaml")

include("${SOURCE_DIR}/tests/cmake/run_checked.cmake")

# The example must decide like `exportctl check`: licence required, exit code 2.
function(run_example exe)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=EXPORTCTL_RULES "${exe}" "${shipment}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 2 OR NOT out MATCHES "^\\{\"shipment\":\"SO-1042\"[^\n]*\"decision\":\"license_required\"")
    message(FATAL_ERROR "${exe} gave ${rc}:\n${out}\n${err}")
  endif()
endfunction()

run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")

# pkg-config, as a Makefile would use it.
set(ENV{PKG_CONFIG_PATH} "${prefix}/${LIBDIR}/pkgconfig")
run(pkg-config --modversion exportctl)
run(pkg-config --cflags --libs exportctl)
string(STRIP "${last_output}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
run(pkg-config --variable=libdir exportctl)
string(STRIP "${last_output}" libdir)
run(pkg-config --variable=rulesdir exportctl)
string(STRIP "${last_output}" rulesdir)
if(NOT EXISTS "${rulesdir}/advanced-computing.yaml")
  message(FATAL_ERROR "pkg-config's rulesdir `${rulesdir}` holds no packs")
endif()
run("${CC}" -std=c99 -pedantic -Wall -Wextra -Werror "${example}/check_shipment.c" ${flags}
    "-Wl,-rpath,${libdir}" -o "${WORK_DIR}/check_shipment")
run_example("${WORK_DIR}/check_shipment")

# CMake: find_package(exportctl) and exportctl::c.
run(${CMAKE_COMMAND} -S "${example}" -B "${WORK_DIR}/build" -G Ninja -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_PREFIX_PATH=${prefix}")
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run_example("${WORK_DIR}/build/check_shipment")
message(STATUS "C example via pkg-config and find_package: ok")
