# Every option carries the EXPORTCTL_ prefix.
option(EXPORTCTL_BUILD_TESTS "Build the unit, golden and CLI tests" ${PROJECT_IS_TOP_LEVEL})
option(EXPORTCTL_BUILD_BENCHMARKS "Build the Google Benchmark targets (if Google Benchmark is found)" ${PROJECT_IS_TOP_LEVEL})
option(EXPORTCTL_WERROR "Treat compiler warnings as errors (CI turns this on)" OFF)
