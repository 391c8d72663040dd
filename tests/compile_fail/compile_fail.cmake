# A mistyped diagnostic code does not compile: diag_code.cpp compiles as is (diag_code.known)
# and fails with EXPORTCTL_TYPO (diag_code.typo, WILL_FAIL).
set(_exportctl_syntax_only ${CMAKE_CXX_COMPILER} -std=c++20 -fsyntax-only
    -I${PROJECT_SOURCE_DIR}/src -I${PROJECT_SOURCE_DIR}/include
    ${CMAKE_CURRENT_LIST_DIR}/diag_code.cpp)
add_test(NAME compile.diag_code.known COMMAND ${_exportctl_syntax_only})
add_test(NAME compile.diag_code.typo COMMAND ${_exportctl_syntax_only} -DEXPORTCTL_TYPO)
set_tests_properties(compile.diag_code.typo PROPERTIES WILL_FAIL TRUE)
