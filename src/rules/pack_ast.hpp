// pack_ast.hpp: the located, intermediate form of one rule pack. The pack readers fill it from a
// doc_node tree one file at a time; references between packs (group ids in selectors, rule ids
// in `covers`/`supersedes`, product ids, precision names) are kept with their positions and
// resolved by the linker once every pack has been read.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "doc/document.hpp"
#include "doc/reader.hpp"
#include "rules/compiled.hpp"

namespace exportctl::detail {

/// A position in a pack, with the logical path used in diagnostics.
struct site {
  int line = 0;
  int column = 0;
  std::string path;
};

/// An id written somewhere, to be resolved later.
struct id_ref {
  std::string id;
  site at;
};

/// A selector as written; group ids are resolved and dates expanded by compile_selector.
struct selector_ast {
  bool all_countries = false;
  std::vector<id_ref> groups;
  std::vector<country_code> countries;
  std::vector<id_ref> except_groups;
  std::vector<country_code> except_countries;
  site at;
};

/// One definition of an id, for the uniqueness and overlapping-window checks.
struct rule_def {
  std::string kind;  ///< "requirement", "country group", ... (ids are unique per kind)
  std::string id;
  interval valid;
  site at;
};

/// A reference checked by the linker.
struct pending_ref {
  enum class kind : unsigned char { requirement, review_rule, product, precision };
  kind k = kind::requirement;
  id_ref ref;
};

/// The `entity_list` section.
struct entity_section {
  rule_meta requirement;
  std::vector<std::string> legal_suffixes;
  std::vector<entity_entry> entries;
  site at;
};

/// One pack after reading: rules carry pack-local selector indices until linked.
struct pack_ast {
  pack_info info;
  grade default_grade = grade::S;
  bool header_ok = false;  ///< the `pack` header was read without errors
  bool applied = true;     ///< contributes rules (decided by the loader from the scenarios)
  site at;                 ///< of the `pack` header (or the document)

  std::vector<country_group> groups;
  std::vector<country_alias> aliases;
  std::optional<precision_table> precisions;
  site precisions_at;
  std::vector<classification_rule> classifications;
  std::vector<exclusion_rule> exclusions;
  std::vector<containment_rule> containments;
  std::vector<requirement_rule> requirements;  ///< `requirements` (source ccl)
  std::vector<requirement_rule> notices;       ///< `notices` (source notice)
  std::vector<review_rule> review_policies;
  std::vector<exception_rule> exceptions;
  std::vector<information_rule> information;
  std::vector<red_flag_rule> red_flags;
  std::vector<list_source_rule> list_sources;
  std::optional<entity_section> entities;
  std::vector<affiliates_window> affiliates;  ///< `affiliates_rule`
  std::vector<product> products;

  std::vector<selector_ast> selectors;  ///< condition::selector indexes this before linking
  std::vector<pending_ref> refs;
  std::vector<rule_def> defs;
};

/// State shared by the section readers of one pack.
struct pack_context {
  const read_context& c;
  pack_ast& pack;

  /// Appends an error at a remembered site.
  void error_at(const site& at, diag_code code, std::string message, std::string help = {}) const;
  [[nodiscard]] static site site_of(const doc_node& n, std::string path) {
    return site{n.line, n.column, std::move(path)};
  }
};

/// The keys every rule carries, for map_reader's allowed-key lists.
#define EXPORTCTL_RULE_KEYS \
  "id", "citation", "message", "grade", "effective_from", "effective_to", "sources", "note"

/// Calls f(item, item_path) for each element of a list (EXC-E2002 if `n` is not a list).
template <typename F>
void for_each_item(const read_context& c, const doc_node& n, const std::string& path, F&& f) {
  if (!expect_list(c, n, path)) return;
  for (std::size_t i = 0; i < n.items.size(); ++i) {
    f(n.items[i], path + "[" + std::to_string(i) + "]");
  }
}

// pack_reader.cpp ------------------------------------------------------------------------------

/// `UPPER_SNAKE` rule id (`EAR_742_6_A6_DEST_2023`, `D5`).
[[nodiscard]] bool is_rule_id(std::string_view s);
/// Lowercase slug for packs and products (`ear-advanced-computing`, `nvidia-h100-sxm5-80gb`).
[[nodiscard]] bool is_slug(std::string_view s);
/// An ECCN or one of its paragraphs (`3A090`, `3A090.a`, `3A090.a.1`), or `EAR99`.
[[nodiscard]] bool is_eccn(std::string_view s);
/// Reads a string that must satisfy is_eccn (EXC-E2004 otherwise).
std::optional<std::string> read_eccn(const read_context& c, const doc_node& n,
                                     const std::string& path);
/// "2023-11-17..open" for messages.
[[nodiscard]] std::string describe_window(interval w);

/// Reads a whole pack document (header and every section).
void read_pack(const read_context& c, const doc_node& root, pack_ast& pack);

/// Reads the keys every rule carries (id, citation, message, grade, window, sources, note) from
/// `m` into `meta`, intersects the window with the pack's and records the definition under
/// `kind`. Returns false when the id is missing or malformed.
bool read_rule_meta(const pack_context& pc, map_reader& m, rule_meta& meta, std::string_view kind);

/// A rule's `grade` or a member's: P, S, D or U.
std::optional<grade> read_grade(const read_context& c, const doc_node& n, const std::string& path);

// rule_reader.cpp ------------------------------------------------------------------------------

void read_country_aliases(const pack_context& pc, const doc_node& n, const std::string& path);
void read_precisions(const pack_context& pc, const doc_node& n, const std::string& path);
void read_classifications(const pack_context& pc, const doc_node& n, const std::string& path);
void read_exclusions(const pack_context& pc, const doc_node& n, const std::string& path);
void read_containment(const pack_context& pc, const doc_node& n, const std::string& path);
/// `requirements` (notice = false) or `notices` (notice = true).
void read_requirements(const pack_context& pc, const doc_node& n, const std::string& path,
                       bool notice);
void read_review_policies(const pack_context& pc, const doc_node& n, const std::string& path);
void read_license_exceptions(const pack_context& pc, const doc_node& n, const std::string& path);
void read_information(const pack_context& pc, const doc_node& n, const std::string& path);

// section_reader.cpp ---------------------------------------------------------------------------

void read_country_groups(const pack_context& pc, const doc_node& n, const std::string& path);
void read_entity_list(const pack_context& pc, const doc_node& n, const std::string& path);
void read_affiliates_rule(const pack_context& pc, const doc_node& n, const std::string& path);
void read_red_flags(const pack_context& pc, const doc_node& n, const std::string& path);
void read_products(const pack_context& pc, const doc_node& n, const std::string& path);

// list_source_reader.cpp -----------------------------------------------------------------------

void read_list_sources(const pack_context& pc, const doc_node& n, const std::string& path);

/// Reads `specs` (the keys shared with shipments); precision names used in `dense_tops` are
/// appended to `precision_names` when given, so the caller can check them against the table.
std::optional<chip_specs> read_chip_specs(const read_context& c, const doc_node& n,
                                          const std::string& path,
                                          std::vector<id_ref>* precision_names);

// condition_reader.cpp -------------------------------------------------------------------------

/// Reads a `when` mapping (absent or empty: always).
condition read_condition(const pack_context& pc, const doc_node* n, const std::string& path);
/// Reads a country selector into pack.selectors; returns its index, or -1 on error.
int read_selector(const pack_context& pc, const doc_node& n, const std::string& path);
/// Reads a country code, reporting EXC-E3001 with a hint.
std::optional<country_code> read_country(const read_context& c, const doc_node& n,
                                         const std::string& path);

// selector_compiler.cpp ------------------------------------------------------------------------

/// A country group as seen from a selector: every definition of the id in scope.
struct group_view {
  std::string label;
  std::vector<const country_group*> defs;
};

/// Membership of one group member as written.
struct member_span {
  country_code code = 0;
  interval valid;
  bool unconfirmed = false;
};

/// Steps at every membership change; members outside `window` do not count.
[[nodiscard]] dated_country_set build_member_set(const std::vector<member_span>& members,
                                                 interval window);

/// Compiles a selector whose groups have been resolved (same order as in `s`).
[[nodiscard]] country_selector compile_selector(const selector_ast& s,
                                                const std::vector<const group_view*>& groups,
                                                const std::vector<const group_view*>& except);

/// Canonical text of a selector for de-duplication (order-insensitive).
[[nodiscard]] std::string selector_key(const selector_ast& s);

// pack_hash.cpp --------------------------------------------------------------------------------

/// SHA-256 (hex) of the pack's normalized document tree.
[[nodiscard]] std::string pack_sha256(const doc_node& root);
/// SHA-256 over the sorted "id\tversion\tsha\n" lines and "scenario\tNAME\n" per scenario.
[[nodiscard]] std::string packs_fingerprint(const std::vector<pack_info>& packs,
                                            const std::vector<std::string>& scenarios);

// pack_linker.cpp ------------------------------------------------------------------------------

/// Resolves references across packs, checks ids and windows, and compiles the applied packs
/// into `out`. Diagnostics are appended to `diags`.
void link_packs(std::vector<pack_ast>& packs, compiled_packs& out, std::vector<diagnostic>& diags);

}  // namespace exportctl::detail
