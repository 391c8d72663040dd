/* The C API decides a shipment with the same bytes as `exportctl check --format json`.
 * Usage: capi_golden_test RULES_DIR SHIPMENT CLI_OUTPUT [SCENARIO]
 * (CLI_OUTPUT is what the CLI printed: the decision plus a final newline). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi_check.h"
#include "exportctl.h"

int main(int argc, char **argv) {
  exportctl_engine *eng = NULL;
  exportctl_error *err = NULL;
  const char *scenario[1];
  char *text, *cli, *json = NULL;
  size_t len, cli_len;
  if (argc != 4 && argc != 5) {
    fprintf(stderr, "usage: capi_golden_test RULES_DIR SHIPMENT CLI_OUTPUT [SCENARIO]\n");
    return 2;
  }
  scenario[0] = argc == 5 ? argv[4] : NULL;
  if (exportctl_engine_load((const char *const *)&argv[1], 1, scenario, argc == 5 ? 1 : 0, &eng,
                            &err) != EXPORTCTL_OK) {
    print_error(err);
    return 2;
  }
  text = read_file(argv[2], &len);
  cli = read_file(argv[3], &cli_len);
  CHECK(exportctl_engine_check_json(eng, text, len, NULL, &json, &err) == EXPORTCTL_OK);
  print_error(err);
  CHECK(json != NULL && cli_len == strlen(json) + 1 && strncmp(cli, json, cli_len - 1) == 0 &&
        cli[cli_len - 1] == '\n');
  if (capi_failures) fprintf(stderr, "C API: %s\nCLI:   %s", json ? json : "(null)", cli);
  exportctl_string_free(json);
  exportctl_error_free(err);
  exportctl_engine_free(eng);
  free(text);
  free(cli);
  return capi_failures ? 1 : 0;
}
