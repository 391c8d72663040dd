// list_index.hpp: fuzzy screening of a name against loaded official lists (lists/list.hpp).
//
// Every listed name and alias is folded (normalize.hpp) and split into tokens. A token weighs by
// how distinctive it is over the loaded lists (an inverse document frequency scaled to [0, 1];
// legal forms and connectives weigh a tenth), so "Trading", "Co" and "Global" count little and a
// rare word a lot. Two postings find the candidates of a query without visiting every name:
// token → names, and a deletion neighbourhood (each token and each token with one character
// removed → tokens) that finds listed tokens one edit away from a query token. A candidate is
// scored by aligning tokens (Jaro-Winkler per token pair, greedy by weight), and gets a band:
// match, possible or none. See docs/screening.md for the thresholds and the rules that cap a
// candidate at "possible" (acronym-only hit, contradicting country, different numbers or
// business words).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "screening/list_words.hpp"
#include "screening/lists/list.hpp"

namespace exportctl::detail {

enum class screen_band { none, possible, match };

/// What an acronym counts for against the words whose initials it is ("KCST" / "Korean
/// Committee for Space Technology"): less than the words themselves, because initials say
/// less, and such a candidate is at most possible (list_score.cpp).
inline constexpr float acronym_similarity = 0.85f;
/// What two words with the same romanization key count for when their Jaro-Winkler similarity
/// is lower (list_words.hpp romanization_key: "Yandex" / "yandeks", "Samsung" / "samseong").
/// A pair at exactly this similarity caps its candidate at possible: "Kristensen" and
/// "Christensen" are spelled alike, and a string cannot tell a spelling from another person.
inline constexpr float romanization_similarity = 0.9f;

/// The longest name list_index::screen scores (longer ones are refused by the caller).
inline constexpr std::size_t max_screened_name = 1024;
[[nodiscard]] std::string_view band_name(screen_band b);

struct screen_options {
  std::string country;     ///< the party's ISO alpha-2 country, or empty
  std::size_t limit = 10;  ///< at most this many candidates
  double min_score = 0.5;  ///< candidates scoring lower are not returned
  bool explain = true;     ///< fill screen_candidate::reasons
};

struct screen_candidate {
  std::uint32_t list = 0, entry = 0, name = 0;  ///< indices into lists()[list].entries[entry].names
  double score = 0;                             ///< in [0, 1]
  screen_band band = screen_band::none;
  std::vector<std::string> reasons;  ///< why, token by token
  std::uint32_t ref = 0;             ///< the name's index in the list_index
};

/// Reused buffers of one screening thread.
struct screen_scratch {
  std::string_view raw;  ///< the query being screened
  std::string folded;
  std::vector<std::string_view> tokens;
  std::vector<std::vector<std::pair<std::uint32_t, float>>> matches;  ///< per query token
  std::vector<float> acc;
  std::vector<std::uint32_t> touched;
  std::vector<std::uint32_t> probe;
  std::string buf;
  std::vector<std::uint8_t> qflags;  ///< word classes of the query tokens (token_flag)
  std::vector<float> qweights;       ///< weights of the query tokens
  std::vector<float> accq;           ///< per touched name: weight of query tokens with a match
  std::size_t nreal = 0;  ///< tokens[0, nreal) are the query's words; the rest are compounds
  std::vector<token_span> spans;   ///< per token: the folded words it stands for
  std::vector<token_span> qspan;   ///< per token: the query tokens it covers (compounds: 2-3)
  std::string compounds;           ///< text of the compound tokens (capacity reserved)
  std::string fold_buf;            ///< transliteration scratch
  std::vector<std::string> qshow;  ///< the query's tokens as reasons quote them
  bool qshow_ready = false;
  std::vector<std::string_view> words;  ///< the folded words of the query, before the dictionary
  std::vector<std::int64_t> qexact;     ///< per token: its listed token id, or -1
  std::vector<char> initials;           ///< per query word: acronym_initial
  struct bound {
    int band;
    float ub;
    std::uint32_t ref;
  };
  std::vector<bound> bounds;  ///< candidate names by upper bound (list_index.cpp)
  struct top_entry {
    std::uint64_t entry;
    int band;
    float score;
  };
  std::vector<top_entry> top;  ///< the best `limit` entries scored so far
  struct common_match {
    std::uint32_t query, token;
    float sim;
  };
  struct joined_hit {
    std::uint32_t query, joined;  ///< query token, index into list_index::joined_
  };
  std::vector<joined_hit> joined_hits;  ///< query words equal to listed words written together
  std::vector<common_match> common;     ///< matches of common words, left out of the postings
  struct walk_item {
    std::uint32_t df, query, token;
    float sim;
  };
  std::vector<walk_item> walk;  ///< every (query token, listed token) match, rarest first
};

/// Word classes of a token (list_words.hpp), as bits.
/// `acronym` marks a query token made of the initials of query words (list_index.cpp).
enum token_flag : std::uint8_t {
  legal_form = 1,
  business_word = 2,
  number_word = 4,
  acronym = 8,
  connective = 16,
  /// A listed token of a name written in an abjad (list_words.hpp has_abjad_script): a Latin
  /// query word meets it by consonant skeleton.
  abjad_origin = 32,
  /// A listed token of a name not written in an abjad: the lists know its Latin spelling.
  latin_origin = 64
};
[[nodiscard]] std::uint8_t token_flags(std::string_view folded_token);
/// The word classes that match only exactly (business words, numbers) or weigh little (legal
/// forms): no near spelling, romanization key or acronym stands for one.
inline constexpr std::uint8_t exact_only = business_word | number_word | legal_form;
/// What a token gives an acronym (list_words.hpp for_each_acronym): its first letter, ' ' for a
/// connective, '\0' for a number, a dictionary phrase (`span`), a token not starting with a
/// letter, or a legal form written short (`word`, the word as folded before the dictionary:
/// "Company" gives the C of NIOC, "Inc" gives nothing, so "SMIC Americas Inc" is not "SAI").
[[nodiscard]] inline char acronym_initial(std::string_view token, token_span span,
                                          std::uint8_t flags, std::string_view word) {
  if (token.empty() || span.count != 1 || (flags & number_word) || token[0] < 'a' || token[0] > 'z')
    return '\0';
  if (flags & connective) return ' ';
  if ((flags & legal_form) && word.size() < 5) return '\0';
  return token[0];
}
/// Whether a listed entry is a person (SDN_Type or CSL type "individual"): a person's initials
/// are not a name the person goes by, so no acronym matches a person's name.
[[nodiscard]] bool is_individual(const lists::list_entry& entry);

/// Hash → values postings with open addressing (keys are 64-bit hashes of strings; a collision
/// only adds a candidate that scoring then rejects).
class hash_postings {
 public:
  void build(std::vector<std::pair<std::uint64_t, std::uint32_t>> pairs);
  /// The values under `key`, as [begin, end) into values().
  [[nodiscard]] std::pair<const std::uint32_t*, const std::uint32_t*> find(std::uint64_t key) const;

 private:
  struct slot {
    std::uint64_t key = 0;
    std::uint32_t index = 0;  ///< 1 + index into offsets_, 0 for an empty slot
  };
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> offsets_, values_;
  std::vector<slot> slots_;  ///< the key beside its index: one cache line per probe
  std::uint64_t mask_ = 0;
};

class list_index {
 public:
  list_index() = default;
  /// `weight_corpus`: word weights are computed as if among at least this many names, so that
  /// a small list does not make its own frequent words light (the curated Entity List names
  /// "Huawei" dozens of times; among the tens of thousands of names of the official lists it
  /// is a rare, distinctive word). 0: the lists' own size.
  explicit list_index(std::vector<lists::screening_list> lists, std::size_t weight_corpus = 0);

  [[nodiscard]] const std::vector<lists::screening_list>& lists() const { return lists_; }
  [[nodiscard]] std::size_t name_count() const { return refs_.size(); }
  [[nodiscard]] std::size_t token_count() const { return tokens_.size(); }

  /// The candidates for `name`, best first (ties by list, entry), one per entry. The name must
  /// be at most 1024 bytes (the caller refuses longer ones); at most 32 tokens are used.
  [[nodiscard]] std::vector<screen_candidate> screen(std::string_view name,
                                                     const screen_options& options,
                                                     screen_scratch& scratch) const;

  /// Fills in the reasons of candidates that screen() has just returned for this scratch (same
  /// name and options, with or without `explain`), scoring them again with reasons: what
  /// screening with `explain` gives, without finding the candidates twice. A decision screens
  /// without reasons and pays for them only when a candidate is possible or a match.
  void explain(std::vector<screen_candidate>& candidates, const screen_options& options,
               screen_scratch& scratch) const;

  /// Weight of a folded token in [0, 1] (1 for a token no list has).
  [[nodiscard]] float weight(std::string_view token) const;

 private:
  struct name_ref {
    std::uint32_t list, entry, name, begin, end;  ///< [begin, end) into name_tokens_
    /// The part of the name that was indexed, as bytes [text_begin, text_begin + text_len):
    /// the whole name, or one name of "A (ex-B)" (a vessel under its current or former name).
    std::uint16_t text_begin = 0, text_len = 0;
  };

  [[nodiscard]] std::int64_t token_id(std::string_view token) const;
  void score(std::uint32_t n, const screen_options& options, screen_scratch& s,
             screen_candidate& out, bool explain) const;

  std::vector<lists::screening_list> lists_;
  std::vector<std::string> tokens_;
  std::vector<float> weights_;
  std::vector<std::uint8_t> flags_;  ///< token_flag bits of each token
  std::vector<std::uint32_t> df_;
  std::vector<std::uint32_t> name_tokens_;
  std::vector<name_ref> refs_;
  /// Per name: the sum of its token weights, and of its legal forms' (the score's denominator
  /// and what leftover legal forms can add: list_index.cpp's upper bound).
  std::vector<float> name_weight_, name_legal_;
  hash_postings token_ids_;  ///< hash(token) → token id
  hash_postings deletions_;  ///< hash(token or token minus one char) → token ids
  /// hash(romanization key) → token ids (not business words, numbers or legal forms).
  hash_postings keys_;
  /// hash(abjad skeleton) → token ids (not business words, numbers or legal forms), probed for
  /// a query written in an abjad, and for any query when some listed name was (has_abjad_).
  hash_postings skeletons_;
  bool has_abjad_ = false;
  /// A bit per hash (low 16 bits) of the listed words an acronym of the query can be (3 to 8
  /// letters, not a legal form, business word or number): most runs of query words miss here,
  /// in 8 KB, instead of probing token_ids_.
  std::vector<std::uint64_t> acronym_bits_;
  /// Token id → the dictionary's one-word spellings of a listed business word (spellings_of),
  /// as [spell_offsets_[t], spell_offsets_[t + 1]) into spell_.
  std::vector<std::uint32_t> spell_offsets_;
  std::vector<std::string> spell_;
  [[nodiscard]] bool maybe_acronym(std::uint64_t hash) const {
    return (acronym_bits_[(hash & 0xffff) >> 6] >> (hash & 63)) & 1;
  }
  std::vector<std::uint32_t> post_offsets_, post_names_;  ///< token id → names
  /// Adjacent words of a name written together (list_index.cpp), by hash of the text.
  /// Also the initials of a run of a name's words ("Korean Committee for Space Technology" as
  /// "KCST"), marked `acronym` (list_words.hpp for_each_acronym).
  struct joined_words {
    std::uint32_t ref;
    std::uint8_t first, count;  ///< the name's tokens [first, first + count)
    bool acronym;               ///< the initials of those tokens, not the words written together
    std::uint64_t hash;         ///< of the words written together, or of the initials
  };
  std::vector<joined_words> joined_;
  hash_postings joined_ids_;
  /// Token id → its near spellings among the listed tokens (near_tokens: Jaro-Winkler ≥ 0.85
  /// within the deletion neighbourhood, a business word also against its dictionary spellings,
  /// and words with the same romanization key), as [near_offsets_[t], near_offsets_[t + 1])
  /// into near_.
  std::vector<std::uint32_t> near_offsets_;
  std::vector<std::pair<std::uint32_t, float>> near_;
  void near_tokens(std::string_view tok, std::int64_t exact, std::vector<std::uint32_t>& probe,
                   std::string& buf, std::vector<std::pair<std::uint32_t, float>>& out) const;
};

/// Jaro-Winkler similarity of two byte strings, in [0, 1].
[[nodiscard]] double jaro_winkler(std::string_view a, std::string_view b);

/// Tokens of a name for fuzzy screening: transliterated and folded (list_words.hpp
/// screen_fold), split on spaces, at most `max` words, the dictionary's phrases written as their
/// one word (apply_phrases; `spans` gets where each token came from).
void name_tokens(std::string_view name, std::string& folded, std::vector<std::string_view>& out,
                 std::size_t max = 32, std::vector<token_span>* spans = nullptr);

}  // namespace exportctl::detail
