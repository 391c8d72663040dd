# Stress test: one engine shared by many threads while its packs are swapped (ThreadSanitizer
# runs it through scripts/sanitize; every build runs a short version).
add_executable(engine_stress ${CMAKE_CURRENT_LIST_DIR}/engine_stress.cpp)
target_link_libraries(engine_stress PRIVATE exportctl_lib Threads::Threads)
target_compile_definitions(engine_stress PRIVATE EXPORTCTL_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
exportctl_set_warnings(engine_stress)
add_test(NAME stress.engine COMMAND engine_stress 4 2 WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
