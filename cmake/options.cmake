# Every option carries the EXPORTCTL_ prefix.
option(EXPORTCTL_BUILD_TESTS "Build the unit, golden and CLI tests" ${PROJECT_IS_TOP_LEVEL})
option(EXPORTCTL_BUILD_BENCHMARKS "Build the Google Benchmark targets (if Google Benchmark is found)" ${PROJECT_IS_TOP_LEVEL})
option(EXPORTCTL_WERROR "Treat compiler warnings as errors (CI turns this on)" OFF)
option(EXPORTCTL_BUILD_PYTHON "Build the Python package (bindings/python, pybind11) and its tests" OFF)
# Debian's interpreter, not whatever `python3` is first on PATH (a pyenv build lacks Debian's
# pybind11, pandas and matplotlib). setup.py passes the interpreter that runs it.
set(EXPORTCTL_PYTHON_EXECUTABLE "/usr/bin/python3" CACHE FILEPATH "Python interpreter for the Python package")
option(EXPORTCTL_BUILD_FUZZERS "Build the libFuzzer targets in tests/fuzz (needs clang)" OFF)
