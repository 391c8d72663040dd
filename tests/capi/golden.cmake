# Decides SHIPMENT with the CLI (`check --format json`) into OUT, then has the C API decide it and
# compare bytes (capi_golden_test). -DCLI -DCAPI -DRULES -DSHIPMENT -DOUT [-DSCENARIO]
get_filename_component(out_dir "${OUT}" DIRECTORY)
file(MAKE_DIRECTORY "${out_dir}")
set(scenario_args)
if(SCENARIO)
  set(scenario_args --scenario "${SCENARIO}")
endif()
execute_process(COMMAND "${CLI}" check --format json --rules "${RULES}" ${scenario_args} "${SHIPMENT}"
                OUTPUT_FILE "${OUT}" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc MATCHES "^[023]$")
  message(FATAL_ERROR "exportctl check failed (${rc}): ${err}")
endif()
execute_process(COMMAND "${CAPI}" "${RULES}" "${SHIPMENT}" "${OUT}" ${SCENARIO}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the C API's decision differs from the CLI's (${rc}):\n${out}\n${err}")
endif()
