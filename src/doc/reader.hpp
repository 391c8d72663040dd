// reader.hpp: checked, typed access to a doc_node tree. Every read reports a diagnostic with the
// node's position and logical path on a wrong type, a bad value, a missing required key or an
// unknown key (with a "did you mean" hint), and then carries on so that all problems are found.
#pragma once

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "doc/document.hpp"
#include "exportctl/date.hpp"
#include "exportctl/diagnostic.hpp"
#include "model/diag_codes.hpp"

namespace exportctl::detail {

/// Shared state of one read: the file name and the diagnostics collected so far.
struct read_context {
  std::string file;
  std::vector<diagnostic>* out = nullptr;

  /// Appends an error at `node` with `code`, `message`, logical `path` and optional `help`.
  void error(const doc_node& node, diag_code code, std::string message, std::string path,
             std::string help = {}) const;
  void warning(const doc_node& node, diag_code code, std::string message, std::string path,
               std::string help = {}) const;
};

/// A whole input document (a spec sheet, a licence file, ...): refused when larger than
/// input_limits::max_input_bytes (EXC-E5001, naming `what`) before any parser sees it, then
/// parsed with input_limits::max_document_depth. std::nullopt when it cannot be used; every
/// problem is in c.out.
[[nodiscard]] std::optional<doc_node> parse_input_document(const read_context& c,
                                                           std::string_view text,
                                                           std::string_view what);

/// Scalar conversions; each reports EXC-E2002 (wrong type) or EXC-E2004/E2005/E2006 (bad value)
/// and returns std::nullopt on failure.
[[nodiscard]] std::optional<std::string> read_string(const read_context& c, const doc_node& n,
                                                     const std::string& path);
[[nodiscard]] std::optional<double> read_number(const read_context& c, const doc_node& n,
                                                const std::string& path);
/// A finite number >= 0 (quantities, bandwidths, areas).
[[nodiscard]] std::optional<double> read_non_negative(const read_context& c, const doc_node& n,
                                                      const std::string& path);
[[nodiscard]] std::optional<long long> read_integer(const read_context& c, const doc_node& n,
                                                    const std::string& path);
[[nodiscard]] std::optional<bool> read_bool(const read_context& c, const doc_node& n,
                                            const std::string& path);
[[nodiscard]] std::optional<date> read_date(const read_context& c, const doc_node& n,
                                            const std::string& path);
/// A sequence of strings (a single scalar is not accepted).
[[nodiscard]] std::optional<std::vector<std::string>> read_string_list(const read_context& c,
                                                                       const doc_node& n,
                                                                       const std::string& path);
/// True if `n` is a sequence; otherwise reports EXC-E2002 ("expected a list, found ...").
[[nodiscard]] bool expect_list(const read_context& c, const doc_node& n, const std::string& path);
/// A string that must be one of `allowed` (EXC-E2004 with a did-you-mean hint otherwise).
[[nodiscard]] std::optional<std::string> read_enum(const read_context& c, const doc_node& n,
                                                   const std::string& path,
                                                   std::initializer_list<std::string_view> allowed);
/// As above, with the allowed values from a table (e.g. the condition parameters).
[[nodiscard]] std::optional<std::string> read_enum(const read_context& c, const doc_node& n,
                                                   const std::string& path,
                                                   std::span<const std::string_view> allowed);

/// Reads a mapping whose keys must come from a fixed set.
///
///     map_reader m(ctx, node, "parties[2]", {"id", "name", "country"});
///     if (auto* n = m.required("id")) id = read_string(ctx, *n, m.path("id"));
///     m.finish();   // reports every key not asked for (EXC-E2003)
class map_reader {
 public:
  map_reader(const read_context& c, const doc_node& node, std::string path,
             std::initializer_list<std::string_view> allowed_keys);

  /// True if the node is a mapping (otherwise EXC-E2002 was reported and every lookup is null).
  [[nodiscard]] bool ok() const { return ok_; }
  /// The value of `key`, or nullptr; reports EXC-E2001 when missing.
  const doc_node* required(std::string_view key);
  /// The value of `key`, or nullptr when absent (an explicit null counts as absent).
  const doc_node* optional(std::string_view key);
  /// "path.key" for diagnostics.
  [[nodiscard]] std::string path(std::string_view key) const;
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const doc_node& node() const { return node_; }
  /// Reports unknown keys (those not in allowed_keys).
  void finish();

 private:
  const read_context& ctx_;
  const doc_node& node_;
  std::string path_;
  std::vector<std::string_view> allowed_;
  bool ok_ = false;
};

}  // namespace exportctl::detail
