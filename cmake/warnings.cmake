# exportctl_set_warnings(target): the warning set every exportctl target compiles with.
function(exportctl_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
  if(EXPORTCTL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
