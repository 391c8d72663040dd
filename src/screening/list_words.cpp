// list_words.cpp: the word classes of list_words.hpp, as folded (lower-case, confusables
// skeleton: an "m" is folded to "rn", so the tables are folded once before use).
#include "screening/list_words.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "screening/normalize.hpp"

namespace exportctl::detail {

namespace {

std::vector<std::string> folded(std::initializer_list<const char*> words) {
  std::vector<std::string> out;
  for (const char* w : words) out.push_back(fold_name(w));
  std::sort(out.begin(), out.end());
  return out;
}

bool in(const std::vector<std::string>& v, std::string_view t) {
  return std::binary_search(v.begin(), v.end(), t);
}

}  // namespace

bool is_legal_form(std::string_view t) {
  static const auto words =
      folded({"co",   "company",     "ltd",  "limited", "llc",     "inc",    "incorporated",
              "corp", "corporation", "gmbh", "ag",      "kg",      "sa",     "s",
              "a",    "de",          "cv",   "rl",      "srl",     "spa",    "sarl",
              "sas",  "bv",          "nv",   "plc",     "pte",     "pty",    "sdn",
              "bhd",  "kk",          "k",    "jsc",     "ojsc",    "cjsc",   "pjsc",
              "ooo",  "oao",         "zao",  "pao",     "llp",     "lp",     "fze",
              "fzco", "fzc",         "fz",   "ab",      "oy",      "as",     "the",
              "of",   "and",         "for",  "la",      "el",      "y",      "et",
              "und",  "ltda",        "cia",  "tic",     "san",     "ve",     "sti",
              "as",   "jv",          "ltee", "pvt",     "private", "public", "joint",
              "stock"});
  return in(words, t);
}

bool is_business_word(std::string_view t) {
  static const auto words =
      folded({"export",      "exports",        "exporter",        "exporters",     "import",
              "imports",     "importer",       "importers",       "trading",       "trade",
              "traders",     "shipping",       "logistics",       "holding",       "holdings",
              "investment",  "investments",    "industries",      "industrial",    "industry",
              "electronics", "engineering",    "construction",    "petroleum",     "oil",
              "gas",         "bank",           "insurance",       "airlines",      "airline",
              "airways",     "aviation",       "marine",          "maritime",      "services",
              "service",     "consulting",     "manufacturing",   "machinery",     "chemical",
              "chemicals",   "pharmaceutical", "pharmaceuticals", "energy",        "mining",
              "steel",       "textiles",       "textile",         "foods",         "food",
              "development", "finance",        "financial",       "capital",       "securities",
              "leasing",     "tankers",        "tanker",          "navigation",    "transport",
              "automotive",  "motors",         "software",        "semiconductor", "semiconductors",
              "research",    "design",         "equipment",       "technology",    "technologies",
              "tech",        "supply",         "supplies",        "solutions",     "systems",
              "exchange"});
  return in(words, t);
}

bool is_number_word(std::string_view t) {
  if (!t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return true;
  static const auto words = folded(
      {"zero",    "one",       "two",      "three",    "four",   "five",     "six",      "seven",
       "eight",   "nine",      "ten",      "eleven",   "twelve", "thirteen", "fourteen", "fifteen",
       "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",   "forty",    "fifty",
       "hundred", "first",     "second",   "third",    "fourth", "fifth",    "sixth",    "seventh",
       "eighth",  "ninth",     "tenth",    "ii",       "iii",    "iv",       "vi",       "vii",
       "viii",    "ix",        "xi",       "xii"});
  return in(words, t);
}

}  // namespace exportctl::detail
