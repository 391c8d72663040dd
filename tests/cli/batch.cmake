# `exportctl batch` and `exportctl verify` (included by cli.cmake).
set(BATCH_WORK ${CMAKE_CURRENT_BINARY_DIR}/cli-batch)
file(MAKE_DIRECTORY ${BATCH_WORK}/order ${BATCH_WORK}/receipt)

exportctl_cli_test(batch_help 0 ARGS batch --help OUT_MATCH "--fail-on.*--receipts.*Exit codes")
exportctl_cli_test(batch_bad_lines 1 ARGS batch --threads 3 ${CLI_DIR}/data/batch.jsonl
  OUT_MATCH "\"error\":\"unknown product `nvidia-h2000`\",\"line\":22,\"diagnostics\":.{\"level\":\"error\",\"code\":\"EXC-E4001\".*\"line\":22,\"column\":24"
  ERR_MATCH "batch: 40 decided, 2 bad line\\(s\\).*decisions: no_license_required [0-9]+.*destinations: .*rules:")
exportctl_cli_test(batch_stdin 0 ARGS batch -q - STDIN ${CLI_DIR}/data/batch-good.jsonl
  OUT_MATCH "^{\"shipment\":\"SO-0000001\".*SO-0000020")
# CRLF line ends, blank lines and a last line without a line break; line numbers count them all.
exportctl_cli_test(batch_crlf 0 ARGS batch -q ${CLI_DIR}/data/batch-crlf.jsonl
  OUT_MATCH "^{\"shipment\":\"SO-0000001\"[^\n]*,\"line\":3,[^\n]*\n{\"shipment\":\"SO-0000002\"[^\n]*,\"line\":4,[^\n]*\n{\"shipment\":\"SO-0000003\"[^\n]*,\"line\":5,[^\n]*\n{\"summary\":{\"records\":3,[^\n]*\n$")
exportctl_cli_test(batch_fail_on_hold 3 ARGS batch --fail-on hold ${CLI_DIR}/data/batch-good.jsonl)
exportctl_cli_test(batch_fail_on_required 3 ARGS batch --fail-on license_required ${CLI_DIR}/data/batch-good.jsonl)
exportctl_cli_test(batch_no_fail_on 0 ARGS batch ${CLI_DIR}/data/batch-good.jsonl)
exportctl_cli_test(batch_csv 2 ARGS batch --fail-on license_required ${CLI_DIR}/data/lines.csv
  OUT_MATCH "^{\"shipment\":\"SO-1042\",\"as_of\":\"2025-06-01\",\"decision\":\"license_required\".*\n{\"shipment\":\"SO-3001\".*\n{\"shipment\":\"SO-3002\"")
exportctl_cli_test(batch_csv_fail_on_hold 0 ARGS batch --fail-on hold ${CLI_DIR}/data/lines.csv)
exportctl_cli_test(batch_csv_stdin 0 ARGS batch --input-format csv - STDIN ${CLI_DIR}/data/lines.csv
  OUT_MATCH "SO-3002")
exportctl_cli_test(batch_csv_bad_rows 1 ARGS batch ${CLI_DIR}/data/lines-bad.csv
  OUT_MATCH "^{\"shipment\":\"S1\".*\n{\"error\":\"text after the closing quote of a cell\",\"line\":3,\"diagnostics\":.{\"level\":\"error\",\"code\":\"EXC-E6007\",[^\n]*EXC-E6004[^\n]*\n{\"shipment\":\"S3\"")
exportctl_cli_test(batch_csv_bad_header 1 ARGS batch --input-format csv - STDIN ${CLI_DIR}/data/batch.jsonl
  ERR_MATCH "EXC-E6001")
exportctl_cli_test(batch_missing_file 1 ARGS batch no-such.jsonl ERR_MATCH "cannot read `no-such.jsonl`")
exportctl_cli_test(verify_help 0 ARGS verify --help OUT_MATCH "Exit codes: 0 every receipt verified; 4")

add_test(NAME cli.batch_order_threads
  COMMAND ${CMAKE_COMMAND} -DEXE=${EXPORTCTL_CLI} -DINPUT=${CLI_DIR}/data/batch.jsonl
          -DWORK=${BATCH_WORK}/order -P ${CLI_DIR}/batch_order.cmake)
add_test(NAME cli.receipt_roundtrip
  COMMAND ${CMAKE_COMMAND} -DEXE=${EXPORTCTL_CLI} -DSHIPMENT=${EX}/so-1042-singapore-to-malaysia.yaml
          -DBATCH=${CLI_DIR}/data/batch-good.jsonl -DRULES=${PROJECT_SOURCE_DIR}/rules
          -DLISTS=${PROJECT_SOURCE_DIR}/tests/data/lists
          -DWORK=${BATCH_WORK}/receipt -P ${CLI_DIR}/receipt_roundtrip.cmake)
set_tests_properties(cli.batch_order_threads cli.receipt_roundtrip PROPERTIES
  ENVIRONMENT "EXPORTCTL_RULES=${PROJECT_SOURCE_DIR}/rules")

# Fail closed on files, outputs and tampered decisions files (fail_closed.cmake).
foreach(part outputs aliases inputs chain receipt_packs)
  add_test(NAME cli.fail_closed_${part}
    COMMAND ${CMAKE_COMMAND} -DEXE=${EXPORTCTL_CLI} -DPART=${part} -DSRC=${PROJECT_SOURCE_DIR}
            -DWORK=${BATCH_WORK}/fail-closed-${part} -P ${CLI_DIR}/fail_closed.cmake)
  set_tests_properties(cli.fail_closed_${part} PROPERTIES
    ENVIRONMENT "EXPORTCTL_RULES=${PROJECT_SOURCE_DIR}/rules")
endforeach()
