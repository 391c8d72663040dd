/* 8 threads check shipments continuously through one engine while another thread swaps it
 * between two pack sets (and tries broken ones). Every decision must be valid, name one of the
 * two fingerprints, and be exactly the decision that pack set gives.
 * Usage: capi_threads_test SOURCE_DIR RULES_A RULES_B */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi_check.h"
#include "exportctl.h"

#define CHECKERS 8
#define SHIPMENTS 10
#define RELOADS 12

static const char *names[SHIPMENTS] = {"ai-diffusion-india-lpp.yaml",
                                       "ascend-910b-gp10.yaml",
                                       "freight-forwarder-hold.yaml",
                                       "h200-us-to-china-2026.yaml",
                                       "h200-via-singapore-to-china-2026.yaml",
                                       "huawei-entity-list.yaml",
                                       "l40-to-vietnam-aca.yaml",
                                       "missing-die-area-hold.yaml",
                                       "rtx4090d-to-germany.yaml",
                                       "so-1042-singapore-to-malaysia.yaml"};

static char *texts[SHIPMENTS];
static size_t lengths[SHIPMENTS];
static char *expected[2][SHIPMENTS]; /* decision JSON under pack set A and B */
static char *fingerprints[2];
static exportctl_engine *shared_engine;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int done = 0;
static long seen[2];
static int bad = 0;

static int is_done(void) {
  int d;
  pthread_mutex_lock(&lock);
  d = done;
  pthread_mutex_unlock(&lock);
  return d;
}

static void fail(const char *what, const char *detail) {
  pthread_mutex_lock(&lock);
  if (bad++ < 5) fprintf(stderr, "%s: %.300s\n", what, detail ? detail : "(null)");
  pthread_mutex_unlock(&lock);
}

static void *checker(void *arg) {
  unsigned i = (unsigned)(size_t)arg;
  long mine[2] = {0, 0};
  long rounds = 0;
  while (!is_done() || rounds < 2 * SHIPMENTS) {
    size_t s = (i + (unsigned)rounds) % SHIPMENTS;
    char *json = NULL;
    exportctl_error *err = NULL;
    if (exportctl_engine_check_json(shared_engine, texts[s], lengths[s], NULL, &json, &err) !=
        EXPORTCTL_OK) {
      fail("check failed", exportctl_error_count(err) ? exportctl_error_format(err, 0) : names[s]);
    } else if (strcmp(json, expected[0][s]) == 0 && strstr(json, fingerprints[0])) {
      ++mine[0];
    } else if (strcmp(json, expected[1][s]) == 0 && strstr(json, fingerprints[1])) {
      ++mine[1];
    } else {
      fail("decision matches neither pack set", json);
    }
    exportctl_string_free(json);
    exportctl_error_free(err);
    ++rounds;
  }
  pthread_mutex_lock(&lock);
  seen[0] += mine[0];
  seen[1] += mine[1];
  pthread_mutex_unlock(&lock);
  return NULL;
}

static void *reloader(void *arg) {
  const char **sets = arg; /* {A, B} */
  const char *broken[1] = {"/nonexistent/exportctl-rules"};
  int r;
  for (r = 0; r < RELOADS; ++r) {
    const char *paths[1];
    exportctl_error *err = NULL;
    char *fp = NULL;
    paths[0] = sets[(r + 1) % 2];
    if (exportctl_engine_reload(shared_engine, paths, 1, NULL, 0, &err) != EXPORTCTL_OK)
      fail("reload failed", exportctl_error_count(err) ? exportctl_error_format(err, 0) : "");
    exportctl_error_free(err);
    if (exportctl_engine_reload(shared_engine, broken, 1, NULL, 0, NULL) !=
        EXPORTCTL_RULEPACK_ERROR)
      fail("broken reload did not fail", broken[0]);
    /* the broken set left the last good one in place */
    if (exportctl_engine_fingerprint(shared_engine, &fp) != EXPORTCTL_OK ||
        strcmp(fp, fingerprints[(r + 1) % 2]) != 0)
      fail("fingerprint after a failed reload", fp);
    exportctl_string_free(fp);
  }
  pthread_mutex_lock(&lock);
  done = 1;
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(int argc, char **argv) {
  pthread_t threads[CHECKERS], swapper;
  const char *sets[2];
  int k;
  size_t s;
  if (argc != 4) {
    fprintf(stderr, "usage: capi_threads_test SOURCE_DIR RULES_A RULES_B\n");
    return 2;
  }
  sets[0] = argv[2];
  sets[1] = argv[3];
  for (s = 0; s < SHIPMENTS; ++s) {
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/%s", argv[1], names[s]);
    texts[s] = read_file(path, &lengths[s]);
  }
  /* what each pack set decides, from engines of their own */
  for (k = 0; k < 2; ++k) {
    exportctl_engine *eng = NULL;
    exportctl_error *err = NULL;
    if (exportctl_engine_load(&sets[k], 1, NULL, 0, &eng, &err) != EXPORTCTL_OK) {
      print_error(err);
      return 2;
    }
    exportctl_error_free(err);
    CHECK(exportctl_engine_fingerprint(eng, &fingerprints[k]) == EXPORTCTL_OK);
    for (s = 0; s < SHIPMENTS; ++s)
      CHECK(exportctl_engine_check_json(eng, texts[s], lengths[s], NULL, &expected[k][s], NULL) ==
            EXPORTCTL_OK);
    exportctl_engine_free(eng);
  }
  CHECK(strcmp(fingerprints[0], fingerprints[1]) != 0);
  for (s = 0; s < SHIPMENTS; ++s) CHECK(strcmp(expected[0][s], expected[1][s]) != 0);
  if (capi_failures) return 1;

  if (exportctl_engine_load(&sets[0], 1, NULL, 0, &shared_engine, NULL) != EXPORTCTL_OK) return 2;
  for (k = 0; k < CHECKERS; ++k) pthread_create(&threads[k], NULL, checker, (void *)(size_t)k);
  pthread_create(&swapper, NULL, reloader, sets);
  pthread_join(swapper, NULL);
  for (k = 0; k < CHECKERS; ++k) pthread_join(threads[k], NULL);
  exportctl_engine_free(shared_engine);

  printf("decisions on pack set A: %ld, on B: %ld, reloads: %d (+%d broken)\n", seen[0], seen[1],
         RELOADS, RELOADS);
  CHECK(bad == 0);
  CHECK(seen[0] > 0 && seen[1] > 0);
  for (k = 0; k < 2; ++k) {
    exportctl_string_free(fingerprints[k]);
    for (s = 0; s < SHIPMENTS; ++s) exportctl_string_free(expected[k][s]);
  }
  for (s = 0; s < SHIPMENTS; ++s) free(texts[s]);
  return capi_failures ? 1 : 0;
}
