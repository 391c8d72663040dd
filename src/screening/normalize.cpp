// normalize.cpp: screening keys of names (see normalize.hpp). The only file that includes ICU.
#include "screening/normalize.hpp"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>

namespace exportctl::detail {
namespace {

// Writes words into a string: a separator (emitted as ' ') ends a word; runs of separators and
// leading or trailing ones leave no trace, and words are joined by one space. Both paths write
// through it, so they can only differ in the units they emit.
class word_sink {
 public:
  explicit word_sink(std::string& out) : out_(out) { out_.clear(); }
  void separator() { pending_ = true; }
  void unit(char c) {
    if (c == ' ') {
      pending_ = true;
      return;
    }
    if (pending_ && !out_.empty()) out_ += ' ';
    pending_ = false;
    out_ += c;
  }
  void units(std::string_view s) {
    for (const char c : s) unit(c);
  }

 private:
  std::string& out_;
  bool pending_ = false;
};

// A letter, number or mark: part of a word. Everything else (punctuation, symbols, spaces,
// controls, formats) separates words.
bool is_word_char(UChar32 c) {
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0;
}

// The ICU objects, per thread (a spoof checker is not documented as safe to share for
// skeletons), with buffers whose capacity is reused from name to name.
struct icu_state {
  const icu::Normalizer2* nfkc_cf = nullptr;
  USpoofChecker* spoof = nullptr;
  icu::UnicodeString input, folded, words, skeleton, refolded;

  icu_state() {
    UErrorCode e = U_ZERO_ERROR;
    nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(e);
    if (U_FAILURE(e)) nfkc_cf = nullptr;
    e = U_ZERO_ERROR;
    spoof = uspoof_open(&e);
    if (U_FAILURE(e)) spoof = nullptr;
  }
  ~icu_state() {
    if (spoof) uspoof_close(spoof);
  }
  icu_state(const icu_state&) = delete;
  icu_state& operator=(const icu_state&) = delete;
};

icu_state& icu_for_thread() {
  thread_local icu_state state;
  return state;
}

// Steps 1–3 of normalize.hpp through ICU, into `sink`. Invalid UTF-8 (which the document
// readers refuse, but the C API and bindings pass through) becomes U+FFFD, a separator.
void fold_icu(std::string_view name, word_sink& sink) {
  icu_state& st = icu_for_thread();
  UErrorCode e = U_ZERO_ERROR;
  const auto n = static_cast<int32_t>(name.size());
  UChar* buf = st.input.getBuffer(n + 1);
  int32_t len = 0;
  if (buf) u_strFromUTF8WithSub(buf, n + 1, &len, name.data(), n, 0xFFFD, nullptr, &e);
  st.input.releaseBuffer(U_SUCCESS(e) && buf ? len : 0);
  if (!st.nfkc_cf || !st.spoof || U_FAILURE(e)) {
    // Without ICU data no Unicode folding is possible: keep every non-ASCII byte as a letter
    // (so that distinct names never collapse into one key) and fold ASCII case only.
    for (const char ch : name) {
      const auto c = static_cast<unsigned char>(ch);
      if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) {
        sink.unit(ch);
      } else if (c >= 'A' && c <= 'Z') {
        sink.unit(static_cast<char>(c + ('a' - 'A')));
      } else {
        sink.separator();
      }
    }
    return;
  }
  // 1. NFKC, case fold, default ignorables removed.
  st.nfkc_cf->normalize(st.input, st.folded, e);
  // 2. Non-word code points become spaces.
  st.words.remove();
  for (int32_t i = 0; i < st.folded.length();) {
    const UChar32 c = st.folded.char32At(i);
    st.words.append(is_word_char(c) ? c : static_cast<UChar32>(' '));
    i += U16_LENGTH(c);
  }
  // 3. The confusables skeleton, case-folded again (the skeleton's prototypes include capitals).
  uspoof_getSkeletonUnicodeString(st.spoof, 0, st.words, st.skeleton, &e);
  st.nfkc_cf->normalize(st.skeleton, st.refolded, e);
  if (U_FAILURE(e)) {
    st.refolded = st.words;  // unreachable with valid ICU data; never lose the name
  }
  char utf8[U8_MAX_LENGTH];
  for (int32_t i = 0; i < st.refolded.length();) {
    const UChar32 c = st.refolded.char32At(i);
    i += U16_LENGTH(c);
    if (!is_word_char(c)) {
      sink.separator();
      continue;
    }
    int32_t k = 0;
    U8_APPEND_UNSAFE(utf8, k, c);
    for (int32_t j = 0; j < k; ++j) sink.unit(utf8[j]);
  }
}

// Per ASCII byte, the units the ICU path emits for it alone (' ' for a separator). The
// pipeline maps ASCII character by character, so a name's units are the concatenation of its
// bytes' units; the fast-path test checks that on many names.
struct ascii_table {
  std::array<std::string, 128> units;
  ascii_table() {
    for (int c = 0; c < 128; ++c) {
      // Between two letters the sink keeps a leading or trailing separator visible: "x" + c +
      // "x" folds to "x" + the units of c + "x" (runs of separators as one space).
      std::string out;
      word_sink sink(out);
      std::string probe = "x";
      probe += static_cast<char>(c);
      probe += 'x';
      fold_icu(probe, sink);
      units[static_cast<std::size_t>(c)] = out.size() >= 2 ? out.substr(1, out.size() - 2) : "";
    }
  }
};

const ascii_table& ascii_units() {
  static const ascii_table t;
  return t;
}

bool is_ascii(std::string_view s) {
  std::uint8_t any = 0;
  for (const char c : s) any |= static_cast<std::uint8_t>(c);
  return any < 0x80;
}

// Strips trailing legal-form suffixes, longest first so that "co ltd" goes as a unit before
// "ltd" alone would leave a dangling "co"; repeats ("... gmbh co ltd") while a name remains.
void strip_suffixes(std::string& name, const std::vector<std::string>& folded_suffixes) {
  bool stripped = true;
  while (stripped && !name.empty()) {
    stripped = false;
    for (const auto& suffix : folded_suffixes) {
      // The last byte first: it rejects almost every suffix without a comparison call.
      if (suffix.empty() || name.size() <= suffix.size() + 1 || suffix.back() != name.back()) {
        continue;
      }
      const std::size_t at = name.size() - suffix.size();
      if (name[at - 1] == ' ' && name.compare(at, suffix.size(), suffix) == 0) {
        name.resize(at - 1);
        stripped = true;
        break;
      }
    }
  }
}

}  // namespace

void fold_name_unicode(std::string_view name, std::string& out) {
  word_sink sink(out);
  fold_icu(name, sink);
}

void fold_name(std::string_view name, std::string& out) {
  if (!is_ascii(name)) {
    fold_name_unicode(name, out);
    return;
  }
  const auto& units = ascii_units().units;
  out.reserve(name.size() * 2);
  word_sink sink(out);
  for (const char c : name) sink.units(units[static_cast<unsigned char>(c)]);
}

std::string fold_name(std::string_view name) {
  std::string out;
  fold_name(name, out);
  return out;
}

name_normalizer::name_normalizer(const std::vector<std::string>& legal_suffixes) {
  suffixes_.reserve(legal_suffixes.size());
  for (const auto& s : legal_suffixes) {
    std::string folded = fold_name(s);
    if (!folded.empty()) suffixes_.push_back(std::move(folded));
  }
  std::stable_sort(suffixes_.begin(), suffixes_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  suffixes_.erase(std::unique(suffixes_.begin(), suffixes_.end()), suffixes_.end());
}

void name_normalizer::key(std::string_view name, std::string& out) const {
  fold_name(name, out);
  strip_suffixes(out, suffixes_);
}

std::string name_normalizer::key(std::string_view name) const {
  std::string out;
  key(name, out);
  return out;
}

std::string normalize_name(std::string_view name, const std::vector<std::string>& suffixes) {
  return name_normalizer(suffixes).key(name);
}

bool split_trailing_parenthetical(std::string_view name, parenthetical_split& out) {
  // Full-width parentheses (U+FF08, U+FF09) are three bytes each in UTF-8.
  static constexpr std::string_view open_wide = "\xEF\xBC\x88";
  static constexpr std::string_view close_wide = "\xEF\xBC\x89";
  const auto trim_end = [](std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  std::string_view s = trim_end(name);
  std::size_t close_len = 0;
  if (!s.empty() && s.back() == ')') {
    close_len = 1;
  } else if (s.size() >= 3 && s.substr(s.size() - 3) == close_wide) {
    close_len = 3;
  } else {
    return false;
  }
  // The opening parenthesis that matches the last one, counting nested pairs.
  int depth = 0;
  std::size_t i = s.size();
  while (i > 0) {
    if (s[i - 1] == ')') {
      ++depth;
      --i;
    } else if (i >= 3 && s.substr(i - 3, 3) == close_wide) {
      ++depth;
      i -= 3;
    } else if (s[i - 1] == '(') {
      if (--depth == 0) {
        out.base = trim_end(s.substr(0, i - 1));
        out.inner = s.substr(i, s.size() - close_len - i);
        return !out.base.empty();
      }
      --i;
    } else if (i >= 3 && s.substr(i - 3, 3) == open_wide) {
      if (--depth == 0) {
        out.base = trim_end(s.substr(0, i - 3));
        out.inner = s.substr(i, s.size() - close_len - i);
        return !out.base.empty();
      }
      i -= 3;
    } else {
      --i;
    }
  }
  return false;
}

namespace {

// The transliterator, per thread (ICU documents a Transliterator as not safe for concurrent
// use), built once: building it reads ICU's rule data and takes milliseconds.
struct translit_state {
  std::unique_ptr<icu::Transliterator> any_latin;
  icu::UnicodeString text;
  translit_state() {
    UErrorCode e = U_ZERO_ERROR;
    // The BGN/PCGN (US Board on Geographic Names) and UN systems first for the scripts where
    // they are how names are romanized in practice (Russian "Щит" is "Shchit", not ISO 9 "Sit";
    // Greek "Ελληνική" is "Elliniki"); ICU's default per script for the rest.
    any_latin.reset(icu::Transliterator::createInstance(
        "Russian-Latin/BGN; Greek-Latin/UNGEGN; Armenian-Latin/BGN; Any-Latin; Latin-ASCII",
        UTRANS_FORWARD, e));
    if (U_FAILURE(e)) any_latin.reset();
  }
};

}  // namespace

void latin_ascii(std::string_view name, std::string& out) {
  if (is_ascii(name)) {
    out.assign(name);
    return;
  }
  thread_local translit_state st;
  if (!st.any_latin) {
    out.assign(name);  // without ICU data the name is screened as written (folded)
    return;
  }
  st.text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  st.any_latin->transliterate(st.text);
  std::string utf8;
  st.text.toUTF8String(utf8);
  // Apostrophes and modifier letters that romanize a soft sign or an ayn ("Al'fa", "ʿAli") are
  // not word breaks: they go, so that "Alfa" and "Al'fa" are one word.
  out.clear();
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c == '\'' || c == '`') continue;
    if (c == 0xCA && i + 1 < utf8.size() && static_cast<unsigned char>(utf8[i + 1]) >= 0xB9 &&
        static_cast<unsigned char>(utf8[i + 1]) <= 0xBF) {
      ++i;  // U+02B9..U+02BF
      continue;
    }
    if (c == 0xE2 && utf8.compare(i, 3, "\xE2\x80\x99") == 0) {
      i += 2;  // U+2019
      continue;
    }
    out += static_cast<char>(c);
  }
}

std::string english_country_name(const std::string& code) {
  const icu::Locale loc("und", code.c_str());
  icu::UnicodeString display;
  loc.getDisplayCountry(icu::Locale::getEnglish(), display);
  std::string utf8;
  display.toUTF8String(utf8);
  return utf8;
}

}  // namespace exportctl::detail
