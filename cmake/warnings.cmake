# exportctl_set_warnings(target): the warning set every exportctl target compiles with.
function(exportctl_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 at -O2/-O3 reports -Wrestrict inside libstdc++ for plain `"x" + std::string`
    # (GCC bug 105651, fixed in 13); the warning points at std::char_traits, not at our code.
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(EXPORTCTL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
