include(CMakePackageConfigHelpers)

install(TARGETS exportctl_lib exportctl_cli exportctl_c EXPORT exportctl-targets
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT exportctl-targets NAMESPACE exportctl::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/exportctl)

configure_package_config_file(cmake/exportctl-config.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/exportctl-config.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/exportctl
  PATH_VARS EXPORTCTL_RULES_INSTALL_DIR)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/exportctl-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/exportctl-config.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/exportctl-config-version.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/exportctl)

# pkg-config for the C API (exportctl.h, libexportctl-c), relocatable like the CMake package.
file(RELATIVE_PATH EXPORTCTL_PC_PREFIX_FROM_PCDIR "${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig"
     "${CMAKE_INSTALL_PREFIX}")
string(REGEX REPLACE "/$" "" EXPORTCTL_PC_PREFIX_FROM_PCDIR "${EXPORTCTL_PC_PREFIX_FROM_PCDIR}")
configure_file(cmake/exportctl.pc.in ${CMAKE_CURRENT_BINARY_DIR}/exportctl.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/exportctl.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
