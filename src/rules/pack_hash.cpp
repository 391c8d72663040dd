// pack_hash.cpp: content hashes. A pack's hash is taken over a canonical serialization of its
// document tree, not over the file bytes, so that comments, indentation and flow/block style do
// not change it, while any change to a key, a value or an order does.
#include <algorithm>

#include "model/sha256.hpp"
#include "rules/pack_ast.hpp"

namespace exportctl::detail {
namespace {

// Length-prefixed so that no two different trees serialize to the same bytes. Quoting is part
// of the content: `"12"` is a string where `12` is a number.
void serialize(const doc_node& n, std::string& out) {
  switch (n.k) {
    case doc_node::kind::null:
      out += 'n';
      return;
    case doc_node::kind::scalar:
      out += n.quoted ? 'q' : 's';
      out += std::to_string(n.text.size());
      out += ':';
      out += n.text;
      return;
    case doc_node::kind::sequence:
      out += '[';
      out += std::to_string(n.items.size());
      out += ':';
      for (const auto& item : n.items) serialize(item, out);
      out += ']';
      return;
    case doc_node::kind::mapping:
      out += '{';
      out += std::to_string(n.entries.size());
      out += ':';
      for (const auto& [key, value] : n.entries) {
        serialize(key, out);
        serialize(value, out);
      }
      out += '}';
      return;
  }
}

}  // namespace

std::string pack_sha256(const doc_node& root) {
  std::string canonical;
  serialize(root, canonical);
  return sha256_hex(canonical);
}

std::string packs_fingerprint(const std::vector<pack_info>& packs,
                              const std::vector<std::string>& scenarios) {
  std::vector<std::string> lines;
  lines.reserve(packs.size() + scenarios.size());
  for (const auto& p : packs) lines.push_back(p.id + "\t" + p.version + "\t" + p.sha256 + "\n");
  // Sorted so that the fingerprint does not depend on the order of paths on the command line.
  std::sort(lines.begin(), lines.end());
  std::vector<std::string> names(scenarios);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string text;
  for (const auto& l : lines) text += l;
  for (const auto& s : names) text += "scenario\t" + s + "\n";
  return sha256_hex(text);
}

}  // namespace exportctl::detail
