/* capi_check.h: the few helpers the C API tests share (C99). */
#ifndef EXPORTCTL_CAPI_CHECK_H
#define EXPORTCTL_CAPI_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exportctl.h"

static int capi_failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++capi_failures;                                                         \
    }                                                                          \
  } while (0)

/* Reads a whole file into a malloc'd, NUL-terminated buffer; exits on failure. */
static inline char *read_file(const char *path, size_t *length) {
  FILE *f = fopen(path, "rb");
  char *buf;
  long size;
  if (!f) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  size = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = malloc((size_t)size + 1);
  if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  buf[size] = '\0';
  fclose(f);
  if (length) *length = (size_t)size;
  return buf;
}

/* "dir/name" in a static buffer (one at a time). */
static inline const char *join(const char *dir, const char *name) {
  static char buf[4096];
  snprintf(buf, sizeof buf, "%s/%s", dir, name);
  return buf;
}

/* Prints an error object's diagnostics, for failing tests. */
static inline void print_error(const exportctl_error *err) {
  size_t i;
  for (i = 0; i < exportctl_error_count(err); ++i)
    fprintf(stderr, "%s\n", exportctl_error_format(err, i));
}

#endif
