# Runs one CLI invocation and checks its exit code and output. Invoked by CTest:
#   -DEXE=exportctl -DARGS="check;file.yaml" -DCODE=2 [-DSTDIN=file] [-DOUT_MATCH=regex]
#   [-DERR_MATCH=regex] [-DGOLDEN=expected-stdout-file]
# With EXPORTCTL_APPROVE=1 in the environment, GOLDEN files are (re)written instead of compared.
set(input_args)
if(DEFINED STDIN)
  set(input_args INPUT_FILE "${STDIN}")
endif()
execute_process(COMMAND "${EXE}" ${ARGS} ${input_args}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc STREQUAL "${CODE}")
  message(FATAL_ERROR "exit code ${rc}, expected ${CODE}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(DEFINED OUT_MATCH AND NOT out MATCHES "${OUT_MATCH}")
  message(FATAL_ERROR "stdout does not match `${OUT_MATCH}`:\n${out}")
endif()
if(DEFINED ERR_MATCH AND NOT err MATCHES "${ERR_MATCH}")
  message(FATAL_ERROR "stderr does not match `${ERR_MATCH}`:\n${err}")
endif()
if(DEFINED GOLDEN)
  if("$ENV{EXPORTCTL_APPROVE}" STREQUAL "1")
    file(WRITE "${GOLDEN}" "${out}")
  else()
    file(READ "${GOLDEN}" expected)
    if(NOT out STREQUAL expected)
      message(FATAL_ERROR "stdout differs from ${GOLDEN} (re-approve with scripts/approve):\n${out}")
    endif()
  endif()
endif()
