# exportctl_fuzz_capi_sources(TARGET): compiles the C API's sources into TARGET (a fuzzer or
# its replay), so that the shim is instrumented like the library and no shared library is
# needed (sanitizer runtimes and a --no-undefined shared library do not mix).
function(exportctl_fuzz_capi_sources target)
  target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src/capi/capi.cpp
                                   ${PROJECT_SOURCE_DIR}/src/capi/error.cpp)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_compile_definitions(${target} PRIVATE EXPORTCTL_C_BUILDING
    EXPORTCTL_C_RULES_FROM_LIBDIR="../share/exportctl/rules")
  target_link_libraries(${target} PRIVATE ${CMAKE_DL_LIBS})
endfunction()
