/* check_shipment: decides one shipment with exportctl's C API and prints the decision.
 *
 *   check_shipment SHIPMENT.yaml [RULES_DIR]
 *
 * Prints the decision JSON and exits like `exportctl check`: 0 may ship (no licence required,
 * or a licence exception), 2 licence required, 3 hold, 1 error (bad input or bad packs).
 * Without RULES_DIR it uses the default packs (EXPORTCTL_RULES, else the installed ones).
 *
 * Build against an installed exportctl:
 *   cc -std=c99 check_shipment.c $(pkg-config --cflags --libs exportctl) -o check_shipment
 * or with CMake: find_package(exportctl CONFIG REQUIRED) and link exportctl::c (CMakeLists.txt).
 */
#include <exportctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole file; NULL if it cannot. */
static char *read_all(const char *path, size_t *length) {
  FILE *f = fopen(path, "rb");
  char *text = NULL;
  size_t used = 0, size = 0, n;
  if (!f) return NULL;
  do {
    if (used == size) {
      char *bigger = realloc(text, size = size ? 2 * size : 4096);
      if (!bigger) break;
      text = bigger;
    }
    n = fread(text + used, 1, size - used, f);
    used += n;
  } while (n > 0);
  fclose(f);
  *length = used;
  return text;
}

/* Prints every diagnostic of a failed call, as the command line does. */
static void print_diagnostics(const exportctl_error *err) {
  size_t i;
  for (i = 0; i < exportctl_error_count(err); ++i)
    fprintf(stderr, "%s\n", exportctl_error_format(err, i));
}

int main(int argc, char **argv) {
  exportctl_engine *engine = NULL;
  exportctl_error *err = NULL;
  char *text, *decision = NULL;
  size_t length = 0;
  int code = 1;

  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s SHIPMENT [RULES_DIR]\n", argv[0]);
    return 1;
  }
  text = read_all(argv[1], &length);
  if (!text) {
    fprintf(stderr, "error: cannot read `%s`\n", argv[1]);
    return 1;
  }
  /* Load the packs once; a real program shares this engine across all its threads. */
  if (exportctl_engine_load((const char *const *)&argv[2], argc == 3 ? 1 : 0, NULL, 0, &engine,
                            &err) != EXPORTCTL_OK) {
    print_diagnostics(err);
  } else if (exportctl_engine_check_json(engine, text, length, NULL, &decision, &err) !=
             EXPORTCTL_OK) {
    print_diagnostics(err);
  } else {
    /* The shipment's "decision" is the first one in the JSON (after "shipment" and "as_of");
       items and paths have their own further on. */
    const char *value = strstr(decision, "\"decision\":\"") + strlen("\"decision\":\"");
    puts(decision);
    if (strncmp(value, "license_required\"", 17) == 0)
      code = 2;
    else if (strncmp(value, "hold\"", 5) == 0)
      code = 3;
    else
      code = 0;
  }
  exportctl_string_free(decision);
  exportctl_error_free(err);
  exportctl_engine_free(engine);
  free(text);
  return code;
}
