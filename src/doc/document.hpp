// document.hpp: a located document tree. YAML and JSON input (rule packs and shipments) is read
// into this tree first, so that every later check can report `file:line:column`. yaml-cpp is
// only included by document.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exportctl/diagnostic.hpp"

namespace exportctl::detail {

/// One node of a parsed YAML/JSON document, with its 1-based position.
struct doc_node {
  enum class kind : unsigned char { null, scalar, sequence, mapping };
  kind k = kind::null;
  std::string text;     ///< scalar text (empty for null and collections)
  bool quoted = false;  ///< scalar was quoted: always a string, never a number/bool/date
  int line = 0;
  int column = 0;
  std::vector<doc_node> items;                         ///< sequence elements
  std::vector<std::pair<doc_node, doc_node>> entries;  ///< mapping entries, in input order

  // Defined out of line (document.cpp), where doc_node is complete: instantiating them here, in
  // the class that std::pair<doc_node, doc_node> needs complete, is rejected by clang with
  // libstdc++ (the fuzzers are built with clang).
  doc_node();
  doc_node(const doc_node&);
  doc_node(doc_node&&) noexcept;
  doc_node& operator=(const doc_node&);
  doc_node& operator=(doc_node&&) noexcept;
  ~doc_node();

  [[nodiscard]] bool is_null() const { return k == kind::null; }
  [[nodiscard]] bool is_scalar() const { return k == kind::scalar; }
  [[nodiscard]] bool is_sequence() const { return k == kind::sequence; }
  [[nodiscard]] bool is_mapping() const { return k == kind::mapping; }
  /// First mapping value whose key is `key`, or nullptr.
  [[nodiscard]] const doc_node* find(std::string_view key) const;
};

/// Parses one YAML (or JSON) document. Syntax errors (EXC-E1001), duplicate keys (EXC-E1002),
/// aliases (EXC-E1003, refused so that alias bombs cannot expand) and empty or multi-document
/// input (EXC-E1004) are appended to `out`; std::nullopt when the text cannot be used at all.
/// Collections nested deeper than `max_depth` stop the parse (EXC-E1005) before the parser's
/// own recursion can exhaust the stack (input_limits::max_document_depth).
[[nodiscard]] std::optional<doc_node> parse_document(std::string_view text, const std::string& file,
                                                     std::vector<diagnostic>& out,
                                                     int max_depth = 64);

}  // namespace exportctl::detail
