# The shipment schema tables (include/exportctl/shipment_schema.hpp) against what restates them:
# no reader, writer or converter spells a field name as a literal; every example and golden
# shipment validates against docs/shipment.schema.json (which tests/unit/shipment/schema_test.cpp
# generates from the tables); the fuzz dictionary names every key.
find_program(EXPORTCTL_SYSTEM_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT EXPORTCTL_SYSTEM_PYTHON)
  find_program(EXPORTCTL_SYSTEM_PYTHON NAMES python3 REQUIRED)
endif()
add_test(NAME schema.no_field_literals
  COMMAND ${EXPORTCTL_SYSTEM_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/no_field_literals.py ${PROJECT_SOURCE_DIR})
add_test(NAME schema.json_schema_examples
  COMMAND ${EXPORTCTL_SYSTEM_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/validate_shipments.py ${PROJECT_SOURCE_DIR})
