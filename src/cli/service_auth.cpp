// service_auth.cpp: bearer tokens for `exportctl serve --tokens FILE` (docs/service.md,
// "Authentication"). The file holds SHA-256 hashes, never tokens; a presented token is hashed
// and compared with every entry in constant time.
#include <set>

#include "cli/service.hpp"
#include "doc/document.hpp"
#include "model/sha256.hpp"

namespace exportctl::cli::service {
namespace {

diagnostic at(const std::string& file, const detail::doc_node& n, std::string code,
              std::string message) {
  diagnostic d;
  d.code = std::move(code);
  d.message = std::move(message);
  d.file = file;
  d.line = n.line;
  d.column = n.column;
  return d;
}

bool lower_hex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

/// Equal, in time that depends only on the lengths (both are 64 here).
bool same_bytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

std::optional<token_table> token_table::load(const std::string& file,
                                             std::vector<diagnostic>& diags) {
  const auto before = diags.size();
  auto text = read_input(file, input_limits{}.max_input_bytes, "tokens file");
  if (!text) return std::nullopt;
  auto doc = detail::parse_document(*text, file, diags);
  if (!doc) return std::nullopt;
  token_table t;
  if (!doc->is_sequence() || doc->items.empty()) {
    diags.push_back(at(file, *doc, "EXC-E9304",
                       "a tokens file is a YAML list of {name, sha256, scopes} entries"));
    return std::nullopt;
  }
  std::set<std::string> names, hashes;
  for (const auto& e : doc->items) {
    if (!e.is_mapping()) {
      diags.push_back(at(file, e, "EXC-E9304", "each token is a mapping {name, sha256, scopes}"));
      continue;
    }
    entry out;
    bool has_scopes = false;
    for (const auto& [k, v] : e.entries) {
      if (k.text == "name" && v.is_scalar() && !v.text.empty()) {
        out.who.name = v.text;
        if (!names.insert(v.text).second)
          diags.push_back(at(file, v, "EXC-E9305", "token name `" + v.text + "` is repeated"));
      } else if (k.text == "sha256" && v.is_scalar()) {
        if (!lower_hex64(v.text))
          diags.push_back(at(file, v, "EXC-E9306",
                             "sha256 is the 64 lowercase hex digits of the token's SHA-256 "
                             "(printf %s \"$TOKEN\" | sha256sum)"));
        else if (!hashes.insert(v.text).second)
          diags.push_back(at(file, v, "EXC-E9305", "two tokens have the same sha256"));
        out.sha256 = v.text;
      } else if (k.text == "scopes" && v.is_sequence()) {
        has_scopes = true;
        for (const auto& s : v.items) {
          auto sc = s.is_scalar() ? parse_scope(s.text) : std::nullopt;
          if (!sc)
            diags.push_back(at(file, s, "EXC-E9307",
                               "unknown scope `" + s.text + "` (check, release, review, admin)"));
          else
            out.who.scopes |= *sc;
        }
      } else {
        diags.push_back(at(file, k, "EXC-E9304",
                           "unknown or malformed member `" + k.text +
                               "` (a token has name, sha256 and scopes: [..])"));
      }
    }
    if (out.who.name.empty() || out.sha256.empty() || !has_scopes)
      diags.push_back(at(file, e, "EXC-E9304", "a token needs name, sha256 and scopes"));
    t.entries_.push_back(std::move(out));
  }
  if (diags.size() != before && has_errors(diags)) return std::nullopt;
  return t;
}

std::optional<principal> token_table::find(std::string_view token) const {
  if (token.empty()) return std::nullopt;
  const std::string h = detail::sha256_hex(token);
  const entry* found = nullptr;
  for (const auto& e : entries_)  // no early exit: every entry is compared
    if (same_bytes(h, e.sha256)) found = &e;
  if (!found) return std::nullopt;
  return found->who;
}

std::string presented_token(std::string_view authorization, std::string_view cookie) {
  constexpr std::string_view bearer = "Bearer ";
  if (authorization.size() > bearer.size() && authorization.substr(0, bearer.size()) == bearer)
    return std::string(authorization.substr(bearer.size()));
  constexpr std::string_view name = "exportctl_token=";
  for (std::size_t pos = 0; pos < cookie.size();) {
    while (pos < cookie.size() && (cookie[pos] == ' ' || cookie[pos] == ';')) ++pos;
    const auto end = std::min(cookie.find(';', pos), cookie.size());
    const auto pair = cookie.substr(pos, end - pos);
    if (pair.substr(0, name.size()) == name) return std::string(pair.substr(name.size()));
    pos = end;
  }
  return {};
}

}  // namespace exportctl::cli::service
