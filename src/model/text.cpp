// text.cpp: edit distance and "did you mean" suggestions, the one copy every reader uses; the
// ledger's end-user key.
#include "model/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

namespace exportctl::detail {

namespace {

std::string fold(std::string_view s) {
  std::string r(s);
  for (char& ch : r) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
  }
  return r;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Two-row Levenshtein; inputs are keys and codes, so O(|a|·|b|) is tiny.
  std::vector<std::size_t> prev(b.size() + 1);
  std::vector<std::size_t> cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  // A case-only difference is the most likely slip ("de" for "DE", "ID" for "id").
  const std::string folded = fold(word);
  for (const auto& cand : candidates) {
    if (fold(cand) == folded) return cand;
  }
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const auto& cand : candidates) {
    // The distance is at least the difference in length: skipping those keeps a megabyte-long
    // unknown key from costing a megabyte-by-key-length table per candidate.
    const std::size_t gap =
        folded.size() > cand.size() ? folded.size() - cand.size() : cand.size() - folded.size();
    if (gap >= best_distance) continue;
    const std::size_t d = edit_distance(folded, fold(cand));
    if (d < best_distance) {
      best_distance = d;
      best = cand;
    }
  }
  // Never suggest something that shares little with the word: any two-letter key is within
  // distance 2 of any other ("A5" is not a typo of "D5", "=>" not of ">").
  if (best && best_distance * 2 < word.size()) return best;
  // A truncated name ("ai-diffusion" for "ai-diffusion-2025") is far in edits but obvious.
  if (word.size() >= 3) {
    for (const auto& cand : candidates) {
      if (fold(cand).rfind(folded, 0) == 0) return cand;
    }
  }
  return std::nullopt;
}

std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string end_user_key(std::string_view name) {
  std::string out;
  bool gap = false;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80 && std::isalnum(c) == 0) {
      gap = !out.empty();
      continue;
    }
    if (gap) out += ' ';
    gap = false;
    out += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
  }
  return out;
}

std::string index_path(std::string_view key, std::size_t i) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, i).ptr;
  std::string out;
  out.reserve(key.size() + static_cast<std::size_t>(end - digits) + 2);
  out.append(key).append(1, '[').append(digits, end).append(1, ']');
  return out;
}

}  // namespace exportctl::detail
