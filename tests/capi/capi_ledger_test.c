/* The ledger in the C API on SQLite: init and open errors, licences, release (released,
 * replayed, blocked, held, bad shipment), commit, cancel and verify. Compiled as C99 with
 * -pedantic. Usage: capi_ledger_test SOURCE_DIR WORK_DIR (WORK_DIR exists; the test's files in it
 * are removed first). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi_check.h"
#include "exportctl.h"

static const char *src;
static char url[4200];

/* The status of a call and its first diagnostic's code, then the error freed. `err` is the
 * address the call stored its error in (read after the call, as arguments are evaluated first). */
static exportctl_status status_code(exportctl_status st, exportctl_error **err, char *code) {
  code[0] = '\0';
  if (exportctl_error_count(*err) > 0) snprintf(code, 32, "%s", exportctl_error_code(*err, 0));
  if (st != EXPORTCTL_OK && exportctl_error_count(*err) == 0)
    fprintf(stderr, "status %s without diagnostics\n", exportctl_status_string(st));
  exportctl_error_free(*err);
  *err = NULL;
  return st;
}

static void remove_db(const char *path) {
  char name[4300];
  remove(path);
  snprintf(name, sizeof name, "%s-wal", path);
  remove(name);
  snprintf(name, sizeof name, "%s-shm", path);
  remove(name);
}

static void test_init_and_open_errors(const char *never_initialized) {
  exportctl_ledger *l = NULL;
  exportctl_error *err = NULL;
  char code[32];
  CHECK(exportctl_ledger_init(NULL, &err) == EXPORTCTL_INVALID_ARGUMENT);
  exportctl_error_free(err);
  CHECK(exportctl_ledger_open(url, NULL, NULL, NULL) == EXPORTCTL_INVALID_ARGUMENT);
  CHECK(exportctl_ledger_open(NULL, NULL, &l, NULL) == EXPORTCTL_INVALID_ARGUMENT && l == NULL);
  /* a ledger is never created implicitly */
  CHECK(status_code(exportctl_ledger_open(never_initialized, NULL, &l, &err), &err, code) ==
        EXPORTCTL_LEDGER_ERROR);
  CHECK(l == NULL && strncmp(code, "EXC-E91", 7) == 0);
  CHECK(status_code(exportctl_ledger_init("nosuchscheme:x", &err), &err, code) ==
        EXPORTCTL_LEDGER_ERROR);
  CHECK(strncmp(code, "EXC-E91", 7) == 0);
  CHECK(strcmp(exportctl_status_string(EXPORTCTL_LEDGER_ERROR), "ledger_error") == 0);
}

static void test_licenses(exportctl_ledger *l) {
  size_t len = 0;
  char *text = read_file(join(src, "examples/licenses/d1234567.yaml"), &len);
  const char *bad =
      "number: X1\nholder: H\nvalid_from: 2026-01-01\nvalid_to: 2027-01-01\n"
      "products: [nvidia-h200-sxm-141gb]\ndestinations: [CN]\nquantity: -3\n";
  char *json = NULL;
  char code[32];
  exportctl_error *err = NULL;
  CHECK(exportctl_ledger_add_licenses(NULL, text, len, NULL, NULL) == EXPORTCTL_INVALID_ARGUMENT);
  CHECK(exportctl_ledger_add_licenses(l, NULL, 0, NULL, NULL) == EXPORTCTL_INVALID_ARGUMENT);
  CHECK(exportctl_ledger_add_licenses(l, bad, strlen(bad), "bad.yaml", &err) ==
        EXPORTCTL_BAD_INPUT);
  CHECK(exportctl_error_count(err) > 0 && strncmp(exportctl_error_code(err, 0), "EXC-E92", 7) == 0);
  CHECK(exportctl_error_count(err) > 0 && strcmp(exportctl_error_file(err, 0), "bad.yaml") == 0);
  CHECK(exportctl_error_count(err) > 0 && exportctl_error_line(err, 0) == 7);
  exportctl_error_free(err);
  CHECK(exportctl_ledger_add_licenses(l, text, len, "d1234567.yaml", &err) == EXPORTCTL_OK);
  CHECK(err == NULL);
  exportctl_error_free(err);
  /* a licence's terms are never edited in place */
  CHECK(status_code(exportctl_ledger_add_licenses(l, text, len, NULL, &err), &err, code) ==
        EXPORTCTL_LEDGER_ERROR);
  CHECK(strcmp(code, "EXC-E9109") == 0);
  CHECK(exportctl_ledger_licenses_json(l, NULL, NULL) == EXPORTCTL_INVALID_ARGUMENT);
  CHECK(exportctl_ledger_licenses_json(l, &json, &err) == EXPORTCTL_OK && err == NULL);
  CHECK(json && json[0] == '[' && strstr(json, "\"number\":\"D1234567\""));
  CHECK(json && strstr(json, "\"remaining\":64") && !strstr(json, "X1"));
  exportctl_string_free(json);
  free(text);
}

/* Releases a file's shipment; returns the JSON (caller frees) and the state in *state. */
static char *release_file(exportctl_ledger *l, const exportctl_engine *eng, const char *file,
                          const char *order_id, int *state) {
  size_t len = 0;
  char *text = read_file(join(src, file), &len);
  char *json = NULL;
  exportctl_error *err = NULL;
  *state = -1;
  if (exportctl_ledger_release_json(l, eng, text, len, order_id, &json, state, &err) !=
      EXPORTCTL_OK) {
    print_error(err);
    CHECK(!"release failed");
  }
  exportctl_error_free(err);
  free(text);
  return json;
}

static void test_release(exportctl_ledger *l, const exportctl_engine *eng) {
  size_t len = 0;
  char *text = read_file(join(src, "examples/h200-us-to-china-2026.yaml"), &len);
  char *json = NULL, *checked = NULL;
  int state = -1;
  char code[32];
  exportctl_error *err = NULL;
  CHECK(exportctl_ledger_release_json(l, NULL, text, len, NULL, &json, &state, NULL) ==
        EXPORTCTL_INVALID_ARGUMENT);
  CHECK(exportctl_ledger_release_json(NULL, eng, text, len, NULL, &json, &state, NULL) ==
        EXPORTCTL_INVALID_ARGUMENT);
  CHECK(exportctl_ledger_release_json(l, eng, text, len, NULL, NULL, &state, NULL) ==
        EXPORTCTL_INVALID_ARGUMENT);
  CHECK(json == NULL);
  free(text);

  json = release_file(l, eng, "examples/h200-us-to-china-2026.yaml", NULL, &state);
  CHECK(state == 0);
  CHECK(json && strstr(json, ",\"release\":{\"order_id\":\"SO-2001\",\"state\":\"released\""));
  CHECK(json && strstr(json, "\"number\":\"D1234567\",\"item\":1,\"units\":16"));
  CHECK(json && strstr(json, "\"remaining\":48") && strstr(json, "\"replayed\":false"));
  CHECK(json && strchr(json, '\n') == NULL);
  /* the decision's members are byte for byte those of check */
  text = read_file(join(src, "examples/h200-us-to-china-2026.yaml"), &len);
  CHECK(exportctl_engine_check_json(eng, text, len, NULL, &checked, NULL) == EXPORTCTL_OK);
  CHECK(json && checked && strncmp(json, checked, strlen(checked) - 1) == 0);
  exportctl_string_free(checked);
  exportctl_string_free(json);

  /* a retry returns the stored result and reserves nothing again */
  json = release_file(l, eng, "examples/h200-us-to-china-2026.yaml", "SO-2001", &state);
  CHECK(state == 0 && json && strstr(json, "\"replayed\":true") &&
        strstr(json, "\"remaining\":48"));
  exportctl_string_free(json);
  CHECK(exportctl_ledger_licenses_json(l, &json, NULL) == EXPORTCTL_OK);
  CHECK(json && strstr(json, "\"reserved\":16") && strstr(json, "\"remaining\":48"));
  exportctl_string_free(json);

  /* the Singapore path is not on the licence: blocked, nothing reserved */
  json = release_file(l, eng, "examples/h200-via-singapore-to-china-2026.yaml", "BLK-1", &state);
  CHECK(state == 2 && json && strstr(json, "\"order_id\":\"BLK-1\",\"state\":\"blocked\""));
  exportctl_string_free(json);
  json = release_file(l, eng, "examples/missing-die-area-hold.yaml", "HOLD-1", &state);
  CHECK(state == 3 && json && strstr(json, "\"state\":\"held\""));
  exportctl_string_free(json);

  /* a bad shipment is bad input, and nothing is recorded */
  state = 7;
  CHECK(status_code(exportctl_ledger_release_json(l, eng, "id: [", 5, NULL, &json, &state, &err),
                    &err, code) == EXPORTCTL_BAD_INPUT);
  CHECK(json == NULL && state == 0 && strncmp(code, "EXC-E", 5) == 0);
  free(text);
}

static void test_settle_and_verify(exportctl_ledger *l) {
  char *json = NULL;
  char code[32];
  exportctl_error *err = NULL;
  CHECK(exportctl_ledger_commit(l, NULL, NULL) == EXPORTCTL_INVALID_ARGUMENT);
  CHECK(exportctl_ledger_cancel(NULL, "SO-2001", NULL) == EXPORTCTL_INVALID_ARGUMENT);
  CHECK(exportctl_ledger_commit(l, "SO-2001", &err) == EXPORTCTL_OK && err == NULL);
  CHECK(exportctl_ledger_commit(l, "SO-2001", &err) == EXPORTCTL_OK); /* idempotent */
  exportctl_error_free(err);
  CHECK(status_code(exportctl_ledger_cancel(l, "SO-2001", &err), &err, code) ==
        EXPORTCTL_LEDGER_ERROR);
  CHECK(strcmp(code, "EXC-E9108") == 0);
  CHECK(status_code(exportctl_ledger_commit(l, "NO-SUCH", &err), &err, code) ==
        EXPORTCTL_LEDGER_ERROR);
  CHECK(strcmp(code, "EXC-E9107") == 0);
  CHECK(exportctl_ledger_cancel(l, "BLK-1", NULL) == EXPORTCTL_OK);
  CHECK(exportctl_ledger_licenses_json(l, &json, NULL) == EXPORTCTL_OK);
  CHECK(json && strstr(json, "\"reserved\":0") && strstr(json, "\"used\":16") &&
        strstr(json, "\"remaining\":48"));
  exportctl_string_free(json);
  CHECK(exportctl_ledger_verify_json(l, NULL, NULL) == EXPORTCTL_INVALID_ARGUMENT);
  CHECK(exportctl_ledger_verify_json(l, &json, &err) == EXPORTCTL_OK && err == NULL);
  /* licence, 3 releases, commit, cancel (the repeated commit records nothing) */
  CHECK(json &&
        strcmp(json, "{\"ok\":true,\"records\":6,\"first_bad\":null,\"problem\":null}") == 0);
  exportctl_string_free(json);
}

/* A possible match (HMC GmbH, an acronym of a listed Chinese entity) held, resolved with the
   reviewed facts, released on the next try; a serial's history. */
static void test_resolve_and_serials(exportctl_ledger *l, exportctl_engine *eng) {
  static const char hmc[] =
      "tests/golden/decisions/entity-list-possible-acronym-hmc-gmbh-de-l20-2025-hold.yaml";
  static const char facts[] =
      "clear: [{source: exportctl curated Entity List, entry: EL_CHENGDU_HAIGUANG_MICRO, name: "
      "HMC GmbH, country: DE}]";
  char *json = NULL;
  char code[32];
  int state = -1;
  exportctl_error *err = NULL;
  json = release_file(l, eng, hmc, "SO-HMC", &state);
  CHECK(state == 3);
  exportctl_string_free(json);
  CHECK(exportctl_ledger_resolve(l, "SO-HMC", NULL, "x", NULL, 0, NULL) ==
        EXPORTCTL_INVALID_ARGUMENT);
  CHECK(status_code(exportctl_ledger_resolve(l, "SO-HMC", "", "x", NULL, 0, &err), &err, code) ==
        EXPORTCTL_LEDGER_ERROR);
  CHECK(strcmp(code, "EXC-E9110") == 0);
  CHECK(status_code(exportctl_ledger_resolve(l, "SO-HMC", "J. Doe", "x", "clear: []", 9, &err),
                    &err, code) == EXPORTCTL_BAD_INPUT);
  CHECK(strcmp(code, "EXC-E9111") == 0);
  CHECK(exportctl_ledger_resolve(l, "SO-HMC", "J. Doe", "a Munich machine maker", facts,
                                 strlen(facts), NULL) == EXPORTCTL_OK);
  json = release_file(l, eng, hmc, "SO-HMC", &state);
  CHECK(state == 0 && json && strstr(json, "cleared by J. Doe"));
  exportctl_string_free(json);
  /* A missing fact supplied: only the one the hold asks for (EXC-E9112 otherwise). */
  json = release_file(l, eng, "examples/missing-die-area-hold.yaml", "SO-7001", &state);
  CHECK(state == 3);
  exportctl_string_free(json);
  CHECK(status_code(exportctl_ledger_resolve(l, "SO-7001", "J. Doe", "x",
                                             "supply: [{item: 1, fact: tpp, value: 1}]", 40, &err),
                    &err, code) == EXPORTCTL_LEDGER_ERROR);
  CHECK(strcmp(code, "EXC-E9112") == 0);
  CHECK(exportctl_ledger_resolve(l, "SO-7001", "J. Doe", "datasheet",
                                 "supply: [{item: 1, fact: die_area_mm2, value: 814}]", 51,
                                 NULL) == EXPORTCTL_OK);
  json = release_file(l, eng, "examples/missing-die-area-hold.yaml", "SO-7001", &state);
  CHECK(state == 0 && json && strstr(json, "die_area_mm2 = 814 supplied by J. Doe"));
  exportctl_string_free(json);
  CHECK(exportctl_ledger_serial_json(l, NULL, &json, NULL) == EXPORTCTL_INVALID_ARGUMENT);
  CHECK(exportctl_ledger_serial_json(l, "SN-NONE", &json, NULL) == EXPORTCTL_OK);
  CHECK(json && strcmp(json, "[]") == 0);
  exportctl_string_free(json);
}

int main(int argc, char **argv) {
  const char *rules[1];
  char path[4096], other[4096], other_url[4200];
  exportctl_engine *eng = NULL;
  exportctl_ledger *l = NULL;
  exportctl_error *err = NULL;
  if (argc != 3) {
    fprintf(stderr, "usage: capi_ledger_test SOURCE_DIR WORK_DIR\n");
    return 2;
  }
  src = argv[1];
  snprintf(path, sizeof path, "%s/capi-ledger.sqlite", argv[2]);
  snprintf(other, sizeof other, "%s/capi-never-initialized.sqlite", argv[2]);
  remove_db(path);
  remove_db(other);
  snprintf(url, sizeof url, "sqlite:%s", path);
  snprintf(other_url, sizeof other_url, "sqlite:%s", other);

  rules[0] = join(src, "rules");
  if (exportctl_engine_load(rules, 1, NULL, 0, &eng, &err) != EXPORTCTL_OK) {
    print_error(err);
    return 2;
  }
  exportctl_error_free(err);
  test_init_and_open_errors(other_url);
  CHECK(exportctl_ledger_init(url, &err) == EXPORTCTL_OK && err == NULL);
  CHECK(exportctl_ledger_init(url, NULL) == EXPORTCTL_OK); /* repeating it changes nothing */
  if (exportctl_ledger_open(url, "capi-test", &l, &err) != EXPORTCTL_OK) {
    print_error(err);
    return 2;
  }
  exportctl_error_free(err);
  test_licenses(l);
  test_release(l, eng);
  test_settle_and_verify(l);
  test_resolve_and_serials(l, eng);
  exportctl_ledger_free(l);
  exportctl_ledger_free(NULL);
  exportctl_engine_free(eng);
  if (capi_failures) fprintf(stderr, "%d check(s) failed\n", capi_failures);
  return capi_failures ? 1 : 0;
}
