/* exportctl — export-control rules engine for AI chips.
 * exportctl.h: the C API (C99; usable from C and C++). JSON in, JSON out.
 *
 * Link with `-lexportctl-c` (pkg-config: `pkg-config --cflags --libs exportctl`; CMake:
 * `exportctl::c`). Only `exportctl_*` symbols are exported.
 *
 *     exportctl_engine *eng = NULL;
 *     exportctl_error *err = NULL;
 *     if (exportctl_engine_load(NULL, 0, NULL, 0, &eng, &err) != EXPORTCTL_OK) { ... }
 *     char *json = NULL;
 *     if (exportctl_engine_check_json(eng, text, strlen(text), NULL, &json, &err) == EXPORTCTL_OK)
 *       puts(json);
 *     exportctl_string_free(json);
 *     exportctl_error_free(err);
 *     exportctl_engine_free(eng);
 *
 * STATUS. Every function that can fail returns an exportctl_status; on anything but
 * EXPORTCTL_OK its outputs are left NULL. No C++ exception ever leaves the library. NULL
 * pointers where a value is required give EXPORTCTL_INVALID_ARGUMENT.
 *
 * DIAGNOSTICS. Functions taking `exportctl_error **err` (which may itself be NULL: the caller
 * does not want details) store in `*err` a new error object whenever there is something to
 * report: always on failure, and on success only when warnings came with the result. `*err` is
 * set to NULL otherwise. Free it with exportctl_error_free (which accepts NULL), so the simplest
 * correct pattern is to always call exportctl_error_free(err) after the call.
 *
 * OWNERSHIP. `char **out_*` strings are allocated with malloc and owned by the caller; free them
 * with exportctl_string_free (or free). Strings returned by exportctl_error_* accessors belong to
 * the error object and live until exportctl_error_free. exportctl_version() is static. Input
 * strings are only read during the call; the library keeps no pointer to them.
 *
 * THREADS. One engine may be used by any number of threads at once: check, classify,
 * fingerprint and reload may all run concurrently on the same engine. Only exportctl_engine_free
 * must not overlap any other call on that engine. An error object is immutable; its accessors
 * may be called from several threads.
 *
 * RELOAD. exportctl_engine_reload loads a new pack set completely, then swaps it in atomically.
 * Checks already running finish on the packs they started with; checks started after the swap
 * use the new packs. If the new packs fail to load, the engine keeps its old packs and the call
 * returns EXPORTCTL_RULEPACK_ERROR with the diagnostics. Every decision names the pack set it
 * used in its `fingerprint` (and `rulepacks`) field.
 *
 * LEDGER. exportctl_ledger_* (below, docs/ledger.md) keep licences, releases and a journal in
 * SQLite (`sqlite:PATH`) or PostgreSQL (`postgresql://...`). A ledger handle is one database
 * connection and is NOT thread-safe: use one handle per thread (any number of handles, threads
 * and processes may share one database; releases never over-deplete a licence). An engine passed
 * to exportctl_ledger_release_json may be shared with other threads as usual.
 */
#ifndef EXPORTCTL_H
#define EXPORTCTL_H

#include <stddef.h>

#if defined(EXPORTCTL_C_BUILDING)
#define EXPORTCTL_API __attribute__((visibility("default")))
#else
#define EXPORTCTL_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Result of every call that can fail. */
typedef enum exportctl_status {
  EXPORTCTL_OK = 0,
  EXPORTCTL_INVALID_ARGUMENT = 1, /**< a NULL pointer, a bad count or a malformed as_of date */
  EXPORTCTL_BAD_INPUT = 2,        /**< the shipment, product or specs are invalid (see err) */
  EXPORTCTL_RULEPACK_ERROR = 3,   /**< the rule packs could not be loaded (see err) */
  EXPORTCTL_OUT_OF_MEMORY = 4,
  EXPORTCTL_INTERNAL = 5,    /**< a bug in exportctl; err carries the message */
  EXPORTCTL_LEDGER_ERROR = 6 /**< the ledger refused (unknown order, duplicate licence, never
                                  initialized) or its database failed (see err: EXC-E91xx) */
} exportctl_status;

/** Severity of one diagnostic. */
typedef enum exportctl_severity {
  EXPORTCTL_SEVERITY_ERROR = 0,
  EXPORTCTL_SEVERITY_WARNING = 1
} exportctl_severity;

/** A loaded rule-pack set that decides shipments (opaque). */
typedef struct exportctl_engine exportctl_engine;
/** The diagnostics of a failed (or warned) call (opaque, immutable). */
typedef struct exportctl_error exportctl_error;
/** One connection to a ledger database (opaque; one per thread, see LEDGER above). */
typedef struct exportctl_ledger exportctl_ledger;

/** Library version, e.g. "0.1.0" (static string). */
EXPORTCTL_API const char *exportctl_version(void);

/** Stable lowercase name of a status, e.g. "bad_input" (static string; "unknown" if invalid). */
EXPORTCTL_API const char *exportctl_status_string(exportctl_status status);

/**
 * Loads and compiles rule packs into a new engine.
 * rule_paths: files or directories (searched for *.yaml); rule_path_count 0 (rule_paths may
 *   then be NULL) loads the default packs (EXPORTCTL_RULES, else the installed packs).
 * scenarios: scenario names to apply as if enforced (e.g. "ai-diffusion-2025"); may be NULL
 *   when scenario_count is 0.
 * On success *out is a new engine (free with exportctl_engine_free).
 * Errors: EXPORTCTL_RULEPACK_ERROR (bad or missing packs, unknown scenario).
 */
EXPORTCTL_API exportctl_status exportctl_engine_load(const char *const *rule_paths,
                                                     size_t rule_path_count,
                                                     const char *const *scenarios,
                                                     size_t scenario_count, exportctl_engine **out,
                                                     exportctl_error **err);

/**
 * Replaces the engine's pack set (same arguments as exportctl_engine_load) without stopping
 * concurrent checks. On failure the old packs stay in force.
 */
EXPORTCTL_API exportctl_status exportctl_engine_reload(
    exportctl_engine *engine, const char *const *rule_paths, size_t rule_path_count,
    const char *const *scenarios, size_t scenario_count, exportctl_error **err);

/**
 * As exportctl_engine_load, also screening every party against official screening lists:
 * list_paths are files or directories (OFAC sdn.csv with alt.csv and add.csv beside it, the BIS
 * Denied Persons List .txt, a trade.gov Consolidated Screening List .csv). list_path_count 0
 * loads the default lists directory (EXPORTCTL_LISTS, else the installed share/exportctl/lists,
 * if any). Each decision names the lists with their SHA-256 (`lists`); what a hit means comes
 * from the packs (`list_sources`).
 * Errors: EXPORTCTL_RULEPACK_ERROR also for a list that cannot be read (EXC-E8xxx, EXC-E9xxx).
 */
EXPORTCTL_API exportctl_status exportctl_engine_load_with_lists(
    const char *const *rule_paths, size_t rule_path_count, const char *const *scenarios,
    size_t scenario_count, const char *const *list_paths, size_t list_path_count,
    exportctl_engine **out, exportctl_error **err);

/**
 * As exportctl_engine_reload, with lists as in exportctl_engine_load_with_lists: packs and lists
 * are swapped together, atomically; on failure the old ones stay in force.
 */
EXPORTCTL_API exportctl_status exportctl_engine_reload_with_lists(
    exportctl_engine *engine, const char *const *rule_paths, size_t rule_path_count,
    const char *const *scenarios, size_t scenario_count, const char *const *list_paths,
    size_t list_path_count, exportctl_error **err);

/**
 * As exportctl_engine_load_with_lists, also with files of reviewed matches ("good guys",
 * docs/screening.md): CSV rows of source, entry, name, country, reviewer, date, reason. A possible
 * match of exactly that entry, party name and country no longer holds; the finding names the
 * reviewer and the date, and each file is named with its SHA-256 in decisions like a list.
 * reviewed_paths may be NULL when reviewed_path_count is 0.
 * Errors: EXPORTCTL_RULEPACK_ERROR also for a reviewed-matches file that cannot be read
 * (EXC-E8xxx, EXC-E9xxx).
 */
EXPORTCTL_API exportctl_status exportctl_engine_load_screening(
    const char *const *rule_paths, size_t rule_path_count, const char *const *scenarios,
    size_t scenario_count, const char *const *list_paths, size_t list_path_count,
    const char *const *reviewed_paths, size_t reviewed_path_count, exportctl_engine **out,
    exportctl_error **err);

/**
 * As exportctl_engine_reload_with_lists, with reviewed matches as in
 * exportctl_engine_load_screening: packs, lists and reviewed matches are swapped together,
 * atomically; on failure the old ones stay in force.
 */
EXPORTCTL_API exportctl_status exportctl_engine_reload_screening(
    exportctl_engine *engine, const char *const *rule_paths, size_t rule_path_count,
    const char *const *scenarios, size_t scenario_count, const char *const *list_paths,
    size_t list_path_count, const char *const *reviewed_paths, size_t reviewed_path_count,
    exportctl_error **err);

/** Frees an engine (NULL is fine). Must not overlap any other call on the same engine. */
EXPORTCTL_API void exportctl_engine_free(exportctl_engine *engine);

/**
 * Decides one shipment given as JSON or YAML text of `length` bytes (need not be
 * NUL-terminated; any bytes are accepted and bad ones reported). as_of: "YYYY-MM-DD" overriding
 * the shipment's date, or NULL. On success *out_json is the decision as one line of canonical
 * JSON, the same bytes as one line of `exportctl check --format json` without its final newline.
 * A licence requirement or a hold is a successful decision (EXPORTCTL_OK).
 * Errors: EXPORTCTL_BAD_INPUT (diagnostics with file "<input>", line, column and path),
 * EXPORTCTL_INVALID_ARGUMENT (NULL pointers, bad as_of).
 */
EXPORTCTL_API exportctl_status exportctl_engine_check_json(const exportctl_engine *engine,
                                                           const char *text, size_t length,
                                                           const char *as_of, char **out_json,
                                                           exportctl_error **err);

/**
 * Classifies one item without a shipment, like `exportctl classify --format json`. input is a
 * catalog product id ("nvidia-h100-sxm5-80gb") or, when it starts with `{`, a spec sheet
 * mapping in JSON or YAML flow style ({"dense_tops": {"fp8": 1979}, "die_area_mm2": 814}).
 * as_of: "YYYY-MM-DD" or NULL for today (UTC).
 * Errors: EXPORTCTL_BAD_INPUT (unknown product, bad specs), EXPORTCTL_INVALID_ARGUMENT.
 */
EXPORTCTL_API exportctl_status exportctl_engine_classify_json(const exportctl_engine *engine,
                                                              const char *input, size_t length,
                                                              const char *as_of, char **out_json,
                                                              exportctl_error **err);

/** The SHA-256 fingerprint (hex) of the engine's current pack set, as a malloc'd string. */
EXPORTCTL_API exportctl_status exportctl_engine_fingerprint(const exportctl_engine *engine,
                                                            char **out);

/**
 * Creates the ledger's tables at `url` (`sqlite:PATH` or `postgresql://...`), or upgrades an
 * older schema; repeating it changes nothing (`exportctl ledger init`).
 * Errors: EXPORTCTL_LEDGER_ERROR (cannot connect, not a ledger database, ...),
 * EXPORTCTL_INVALID_ARGUMENT.
 */
EXPORTCTL_API exportctl_status exportctl_ledger_init(const char *url, exportctl_error **err);

/**
 * Opens an initialized ledger. principal: who acts, recorded in the journal with every change
 * (NULL: "capi"). On success *out is a new handle (free with exportctl_ledger_free).
 * Errors: EXPORTCTL_LEDGER_ERROR (never initialized, a foreign or corrupt file, cannot
 * connect), EXPORTCTL_INVALID_ARGUMENT.
 */
EXPORTCTL_API exportctl_status exportctl_ledger_open(const char *url, const char *principal,
                                                     exportctl_ledger **out, exportctl_error **err);

/** Closes a ledger's connection and frees it (NULL is fine). */
EXPORTCTL_API void exportctl_ledger_free(exportctl_ledger *ledger);

/**
 * Adds the licences of one licence file given as YAML or JSON text of `length` bytes (one
 * licence, or a list; docs/ledger.md), all or none. file_name names the text in diagnostics
 * (NULL: "<input>").
 * Errors: EXPORTCTL_BAD_INPUT (an invalid licence file: EXC-E92xx with line and column),
 * EXPORTCTL_LEDGER_ERROR (a number the ledger already holds: EXC-E9109; a database error).
 */
EXPORTCTL_API exportctl_status exportctl_ledger_add_licenses(exportctl_ledger *ledger,
                                                             const char *text, size_t length,
                                                             const char *file_name,
                                                             exportctl_error **err);

/**
 * The licences with their quantity, reserved, used and remaining units, as one line of JSON
 * (`exportctl ledger license list --format json`).
 */
EXPORTCTL_API exportctl_status exportctl_ledger_licenses_json(exportctl_ledger *ledger,
                                                              char **out_json,
                                                              exportctl_error **err);

/**
 * Decides a shipment (JSON or YAML text of `length` bytes) with the engine's current packs and
 * records the order in the ledger: where a licence is required, reserves units on licences that
 * cover every item, all or none (`exportctl release`). order_id: NULL for the shipment's id. The
 * same order id again is a retry: the stored result comes back with "replayed": true and nothing
 * is reserved twice. On success *out_json is the decision's canonical JSON with a `release`
 * member added last (the bytes of `exportctl release --format json` without the final newline)
 * and *release_state_out (may be NULL) is 0 released (may ship), 2 blocked (no licence covers
 * it; nothing reserved) or 3 held (nothing reserved), as that command's exit code. A blocked or
 * held release is a success (EXPORTCTL_OK).
 * Errors: EXPORTCTL_BAD_INPUT (the shipment, as exportctl_engine_check_json),
 * EXPORTCTL_LEDGER_ERROR (a database error: nothing was recorded), EXPORTCTL_INVALID_ARGUMENT.
 */
EXPORTCTL_API exportctl_status
exportctl_ledger_release_json(exportctl_ledger *ledger, const exportctl_engine *engine,
                              const char *shipment_text, size_t length, const char *order_id,
                              char **out_json, int *release_state_out, exportctl_error **err);

/**
 * A released order shipped: its reserved units become used. Repeating it changes nothing.
 * Errors: EXPORTCTL_LEDGER_ERROR (unknown order EXC-E9107, an order that is not released
 * EXC-E9108, a database error), EXPORTCTL_INVALID_ARGUMENT.
 */
EXPORTCTL_API exportctl_status exportctl_ledger_commit(exportctl_ledger *ledger,
                                                       const char *order_id, exportctl_error **err);

/**
 * A released, blocked or held order will not ship: its reserved units return to the licences.
 * Repeating it changes nothing.
 * Errors: EXPORTCTL_LEDGER_ERROR (unknown order EXC-E9107, a committed order EXC-E9108, a
 * database error), EXPORTCTL_INVALID_ARGUMENT.
 */
EXPORTCTL_API exportctl_status exportctl_ledger_cancel(exportctl_ledger *ledger,
                                                       const char *order_id, exportctl_error **err);

/**
 * Records a reviewer's resolution of a held order (`exportctl ledger resolve`). facts_text
 * (YAML or JSON, of `length` bytes, or NULL for none) lists the possible screening matches
 * cleared, `clear: [{source, entry, name, country}]`, and the missing facts supplied,
 * `supply: [{item: 1, fact: die_area_mm2, value: 814}, {party: eu, fact: headquarters,
 * value: MY}]`. The order's next release uses the review, which clears exactly those possible
 * matches and fills exactly those facts where the shipment does not state them.
 * Errors: EXPORTCTL_BAD_INPUT (the facts text, EXC-E9111 and the document codes),
 * EXPORTCTL_LEDGER_ERROR (unknown order EXC-E9107, an order that is not held EXC-E9108, an empty
 * reviewer or reason EXC-E9110, a fact the hold does not ask for EXC-E9112, a database error),
 * EXPORTCTL_INVALID_ARGUMENT.
 */
EXPORTCTL_API exportctl_status exportctl_ledger_resolve(exportctl_ledger *ledger,
                                                        const char *order_id, const char *reviewer,
                                                        const char *reason, const char *facts_text,
                                                        size_t length, exportctl_error **err);

/**
 * Every release of one serial number, oldest first (`exportctl ledger serial SN --format json`):
 * *out_json is an array of {serial, order_id, shipment, on, end_user, country, state}.
 * Errors: EXPORTCTL_LEDGER_ERROR (a database error), EXPORTCTL_INVALID_ARGUMENT.
 */
EXPORTCTL_API exportctl_status exportctl_ledger_serial_json(exportctl_ledger *ledger,
                                                            const char *serial, char **out_json,
                                                            exportctl_error **err);

/**
 * Re-hashes the whole journal (`exportctl ledger verify --format json`): *out_json is
 * {"ok": true|false, "records": N, "first_bad": SEQ|null, "problem": TEXT|null}. A
 * broken journal is a successful answer (EXPORTCTL_OK with "ok": false).
 * Errors: EXPORTCTL_LEDGER_ERROR (a database error), EXPORTCTL_INVALID_ARGUMENT.
 */
EXPORTCTL_API exportctl_status exportctl_ledger_verify_json(exportctl_ledger *ledger,
                                                            char **out_json, exportctl_error **err);

/** Frees a string returned by this library (NULL is fine). */
EXPORTCTL_API void exportctl_string_free(char *s);

/** The status of the failed call that produced this error (EXPORTCTL_OK for warnings only). */
EXPORTCTL_API exportctl_status exportctl_error_status(const exportctl_error *err);
/** Number of diagnostics (0 for NULL). */
EXPORTCTL_API size_t exportctl_error_count(const exportctl_error *err);
/** Stable code, e.g. "EXC-E4001". The accessors below return NULL (numbers: 0) when err is
 * NULL or index >= exportctl_error_count(err); strings are never NULL otherwise ("" if none). */
EXPORTCTL_API const char *exportctl_error_code(const exportctl_error *err, size_t index);
/** One-line message, lowercase, user input in backticks. */
EXPORTCTL_API const char *exportctl_error_message(const exportctl_error *err, size_t index);
/** File name ("<input>" for text given to check/classify; the pack file for pack errors). */
EXPORTCTL_API const char *exportctl_error_file(const exportctl_error *err, size_t index);
/** 1-based line; 0 when unknown. */
EXPORTCTL_API int exportctl_error_line(const exportctl_error *err, size_t index);
/** 1-based column; 0 when unknown. */
EXPORTCTL_API int exportctl_error_column(const exportctl_error *err, size_t index);
/** Logical path of the bad value, e.g. "parties[1].country" ("" when none). */
EXPORTCTL_API const char *exportctl_error_path(const exportctl_error *err, size_t index);
/** Hint such as "did you mean `DE`?" ("" when none). */
EXPORTCTL_API const char *exportctl_error_help(const exportctl_error *err, size_t index);
/** Error or warning (EXPORTCTL_SEVERITY_ERROR when out of range). */
EXPORTCTL_API exportctl_severity exportctl_error_severity(const exportctl_error *err, size_t index);
/** The diagnostic in compiler style, "file:line:column: error[CODE]: message" plus its path
 * and help lines, as `exportctl` prints it. */
EXPORTCTL_API const char *exportctl_error_format(const exportctl_error *err, size_t index);
/** Frees an error object (NULL is fine). */
EXPORTCTL_API void exportctl_error_free(exportctl_error *err);

#ifdef __cplusplus
}
#endif

#endif /* EXPORTCTL_H */
