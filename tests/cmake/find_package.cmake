add_test(NAME cmake.find_package
         COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
                 -DWORK_DIR=${PROJECT_BINARY_DIR}/find_package_test
                 -P ${CMAKE_CURRENT_LIST_DIR}/find_package_test.cmake)
set_tests_properties(cmake.find_package PROPERTIES TIMEOUT 600)
