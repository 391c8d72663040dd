# The dependency rule of src/layers.txt (docs/style.md): the tree's includes against the declared
# order, and a self-test showing that a bad include, a front end on an internal header and an
# undeclared folder are caught.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME layers.check
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check_layers.py ${PROJECT_SOURCE_DIR})
add_test(NAME layers.self_test
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check_layers.py --self-test)
