// list_index_test.cpp: fuzzy screening against official lists (screening/list_index.hpp): the
// variation classes of the screening requirements (docs/screening.md) that must be found, and the
// near strings that are different companies and must never be `match`.
#include "screening/list_index.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <tuple>

#include "screening/list_words.hpp"

using namespace exportctl;
using namespace exportctl::detail;

namespace {

const std::string header =
    "source,name,alt_names,addresses,start_date,license_requirement,license_policy,"
    "federal_register_notice\n";

/// A list whose common words are common: 300 filler companies share "Trading", "Global", "Co"
/// and "Technologies", so the distinctive words weigh more than they do.
list_index make_index() {
  std::string csv = header;
  csv += "EL,\"Huawei Technologies Co., Ltd.\",Huawei,\"Bantian, Shenzhen, CN\",,,,\n";
  csv += "EL,Chengdu Haiguang Integrated Circuit Design Co. Ltd.,HMC,\"Chengdu, CN\",,,,\n";
  csv += "EL,Alpha Exports Ltd.,,\"Dubai, AE\",,,,\n";
  csv += "SDN,Ocean Shipping Three Inc.,,\"Panama, PA\",,,,\n";
  csv += "SDN,Star Vessel No. 8,,,,,,\n";
  csv += "SDN,Cambricon Technologies Corporation Limited,,\"Beijing, CN\",,,,\n";
  csv += "SDN,Ocean Pioneer (ex-Cape Diamond),,,,,,\n";
  csv += "SDN,Gazprom Neft Shchit PJSC,,,,,,\n";
  csv += "SDN,Zentrix International Engineering Sp. z o.o.,,,,,,\n";
  csv += "SDN,Paeksol Trading Corporation,,,,,,\n";
  const char* words[] = {"Apex",    "Borealis", "Cedar",    "Delta",  "Ember",
                         "Falcon",  "Granite",  "Harbor",   "Iris",   "Juniper",
                         "Kestrel", "Lotus",    "Meridian", "Nimbus", "Orchid",
                         "Pioneer", "Quartz",   "Raven",    "Sierra", "Tundra"};
  for (int i = 0; i < 300; ++i)
    csv += std::string("SDN,") + words[i % 20] + " " + words[(i / 20) % 20] +
           (i % 3 == 0   ? " Global Trading Co."
            : i % 3 == 1 ? " Technologies Ltd."
                         : " Trading LLC") +
           ",,,,,,\n";
  std::vector<diagnostic> d;
  auto l = lists::parse_csl(csv, "test.csv", d);
  REQUIRE(l);
  std::vector<lists::screening_list> v;
  v.push_back(std::move(*l));
  return list_index(std::move(v));
}

const list_index& index() {
  static const list_index ix = make_index();
  return ix;
}

screen_candidate best(std::string_view name, std::string country = {}) {
  screen_options o;
  o.country = std::move(country);
  o.min_score = 0;
  screen_scratch s;
  const auto c = index().screen(name, o, s);
  return c.empty() ? screen_candidate{} : c[0];
}

std::string top_name(const screen_candidate& c) {
  return index().lists()[c.list].entries[c.entry].names[0];
}

}  // namespace

TEST_CASE("jaro_winkler", "[screening][score]") {
  CHECK(jaro_winkler("martha", "marhta") == Approx(0.9611).epsilon(0.001));
  CHECK(jaro_winkler("dixon", "dicksonx") == Approx(0.8133).epsilon(0.001));
  CHECK(jaro_winkler("abc", "abc") == 1.0);
  CHECK(jaro_winkler("abc", "xyz") == 0.0);
}

TEST_CASE("common words weigh little, distinctive ones a lot", "[screening][score]") {
  CHECK(index().weight("trading") < 0.6f);
  CHECK(index().weight("co") < 0.1f);
  CHECK(index().weight("huawei") > 0.8f);
  CHECK(index().weight("neverlisted") == 1.0f);
}

TEST_CASE("exact and near spellings of a listed name match", "[screening][score]") {
  auto c = best("HUAWEI TECHNOLOGIES CO LTD");
  CHECK(top_name(c) == "Huawei Technologies Co., Ltd.");
  CHECK(c.band == screen_band::match);
  CHECK(c.score == Approx(1.0));
  // One letter off in a short distinctive word is found, but only as possible: "Hofmann" and
  // "Hoffmann" are different people, and a string cannot tell a typo from another name.
  c = best("Huawey Technologies Company Limited");
  CHECK(top_name(c) == "Huawei Technologies Co., Ltd.");
  CHECK(c.band == screen_band::possible);
  CHECK(c.score >= 0.88);
  c = best("Cambricon Technologies Corp.", "CN");
  CHECK(c.band == screen_band::match);
  CHECK(c.score <= 1.0);
}

TEST_CASE("the issue's near misses are possible matches, not cleared", "[screening][score]") {
  auto c = best("Huawei Technologies Japan K.K.", "JP");
  CHECK(top_name(c) == "Huawei Technologies Co., Ltd.");
  CHECK(c.band == screen_band::possible);
  c = best("Huawei Technologies Co Ltd Shenzhen", "CN");
  CHECK(top_name(c) == "Huawei Technologies Co., Ltd.");
  CHECK(c.band != screen_band::none);
}

TEST_CASE("an acronym-only hit is at most possible (HMC GmbH)", "[screening][score]") {
  const auto c = best("HMC GmbH", "DE");
  CHECK(top_name(c) == "Chengdu Haiguang Integrated Circuit Design Co. Ltd.");
  CHECK(c.band == screen_band::possible);
  bool said = false;
  for (const auto& r : c.reasons) said |= r.find("acronym") != std::string::npos;
  CHECK(said);
}

TEST_CASE("a country the entry's addresses contradict is at most possible", "[screening][score]") {
  CHECK(best("Huawei Technologies Co Ltd", "CN").band == screen_band::match);
  const auto c = best("Huawei Technologies Co Ltd", "FR");
  CHECK(c.band == screen_band::possible);
  CHECK(c.reasons.back().find("country FR not in the entry's addresses (CN)") == 0);
}

TEST_CASE("different companies are never match", "[screening][score]") {
  for (const char* name : {"Alpha Imports Ltd.", "Ocean Shipping Five Inc.", "Star Vessel No. 6",
                           "Ocean Shipping Inc."}) {
    INFO(name);
    const auto c = best(name);
    for (const auto& r : c.reasons) UNSCOPED_INFO(r);
    CHECK(c.band != screen_band::match);
  }
  // ... while the listed one itself is.
  CHECK(best("Alpha Exports Ltd.").band == screen_band::match);
  CHECK(best("Star Vessel No. 8").band == screen_band::match);
  CHECK(best("Ocean Shipping Three Inc").band == screen_band::match);
}

TEST_CASE("unrelated names score low", "[screening][score]") {
  CHECK(best("Siemens AG").band == screen_band::none);
  CHECK(best("Global Trading Co.").band == screen_band::none);
}

TEST_CASE("every candidate says why, and results are deterministic", "[screening][score]") {
  screen_options o;
  o.min_score = 0;
  o.limit = 5;
  screen_scratch s1, s2;
  const auto a = index().screen("Huawei Technologies Japan", o, s1);
  const auto b = index().screen("Huawei Technologies Japan", o, s2);
  REQUIRE(!a.empty());
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].entry == b[i].entry);
    CHECK(a[i].reasons == b[i].reasons);
    CHECK(!a[i].reasons.empty());
    if (i > 0) CHECK(a[i - 1].score >= a[i].score);
  }
  CHECK(a[0].reasons[1].rfind("`huawei` ~ `huawei` 1.00 (weights 0.8", 0) == 0);
}

TEST_CASE("a 100 kB name and an entry with 100,000 aliases screen with bounded results",
          "[screening][score][limits]") {
  std::string aliases;
  for (int i = 0; i < 100000; ++i) aliases += "Alias Number " + std::to_string(i) + ";";
  lists::list_limits lim;
  lim.max_cell_bytes = 4 << 20;
  lim.max_names_per_entry = 200000;
  std::vector<diagnostic> d;
  auto l = lists::parse_csl(header + "EL,Alpha,\"" + aliases + "\",,,,,\n", "many.csv", d, lim);
  REQUIRE(l);
  std::vector<lists::screening_list> v;
  v.push_back(std::move(*l));
  const list_index ix(std::move(v));
  CHECK(ix.name_count() == 100001);
  screen_scratch s;
  const auto c = ix.screen("Alias Number 77", {}, s);
  std::string huge;
  for (int i = 0; i < 10000; ++i) huge += "Alias Number ";
  const auto h = ix.screen(huge, {}, s);
  REQUIRE(!c.empty());
  CHECK(c[0].band == screen_band::match);
  CHECK(ix.lists()[0].entries[c[0].entry].names[c[0].name] == "Alias Number 77");
  CHECK(huge.size() > 100000);
  CHECK(h.size() <= 10);
}

TEST_CASE("non-Latin names meet their romanization", "[screening][score]") {
  // Russian by BGN/PCGN ("Щит" is "Shchit"), Han syllables joined back ("华为" is "hua wei").
  auto c = best("ПАО Газпром Нефть Щит");
  CHECK(top_name(c) == "Gazprom Neft Shchit PJSC");
  CHECK(c.band == screen_band::match);
  c = best("华为 Technologies");
  CHECK(top_name(c) == "Huawei Technologies Co., Ltd.");
  CHECK(c.band != screen_band::none);
}

TEST_CASE("legal forms, abbreviations and ex-names are written one way", "[screening][score]") {
  // "Sp. z o.o." is a limited liability company, "Intl" and "Engg." are abbreviations.
  auto c = best("Zentrix Intl Engg. Limited Liability Company");
  CHECK(top_name(c) == "Zentrix International Engineering Sp. z o.o.");
  CHECK(c.band == screen_band::match);
  CHECK(c.score == Approx(1.0));
  for (const char* name :
       {"Cape Diamond", "M/V Ocean Pioneer", "Cape Diamond (ex-Ocean Pioneer)"}) {
    INFO(name);
    c = best(name);
    CHECK(top_name(c) == "Ocean Pioneer (ex-Cape Diamond)");
    CHECK(c.band == screen_band::match);
  }
  // Two words written as one in the query, or in the list.
  c = best("Huawei Technologies");
  CHECK(top_name(c) == "Huawei Technologies Co., Ltd.");
  c = best("Gazpromneft Shchit");
  CHECK(top_name(c) == "Gazprom Neft Shchit PJSC");
  CHECK(c.band != screen_band::none);
  c = best("Paek Sol Trading Corp.");
  CHECK(top_name(c) == "Paeksol Trading Corporation");
  CHECK(c.band == screen_band::match);
}

TEST_CASE("the word dictionary folds its phrases", "[screening][score]") {
  std::string folded;
  std::vector<std::string_view> t;
  std::vector<token_span> spans;
  name_tokens("Alpha Co., Ltd.", folded, t, 32, &spans);
  REQUIRE(t.size() == 2);
  CHECK(t[1] == "ltd");
  CHECK(spans[1].first == 1);
  CHECK(spans[1].count == 2);
  name_tokens("ООО Альфа", folded, t);
  REQUIRE(t.size() == 2);
  CHECK(t[0] == "llc");
  CHECK(t[1] == "alfa");
  CHECK(is_legal_form("kk"));
  CHECK(is_business_word("exports"));
  CHECK(is_number_word("three"));
  CHECK(!is_business_word("huawei"));
  // Compounds: an article joins the next word though it is a legal form; other legal forms of
  // two letters or more do not; single letters and plain words do.
  CHECK(is_legal_form("al"));
  CHECK(joins_in_compounds("al", true));
  CHECK(joins_in_compounds("el", true));
  CHECK(!joins_in_compounds("co", true));
  CHECK(joins_in_compounds("a", true));
  CHECK(joins_in_compounds("nour", false));
  // Articles and connectives are legal forms without being listed in [legal] again.
  CHECK(is_connective("of"));
  CHECK(is_legal_form("of"));
  CHECK(is_legal_form("the"));
  CHECK_FALSE(is_connective("al"));
  CHECK_FALSE(is_connective("co"));
}

namespace {

/// Entities known by their initials, and people, whose initials are not a name they go by; a
/// name in Cyrillic, a surname spelled two ways, and a business word the dictionary rewrites.
const list_index& variants_index() {
  static const list_index ix = [] {
    lists::screening_list l;
    l.source = "OFAC SDN";
    l.file = "acronyms.csv";
    const auto add = [&](std::string type, std::string name) {
      lists::list_entry e;
      e.id = std::to_string(l.entries.size() + 1);
      e.source = l.source;
      e.type = std::move(type);
      e.names.push_back(std::move(name));
      l.entries.push_back(std::move(e));
    };
    add("", "Korean Committee for Space Technology");
    add("", "Islamic State of Iraq and the Levant");
    add("", "NIOC");
    add("individual", "Sai Lone");
    add("individual", "Kim Chol Su");
    add("", "Вымпелком");
    add("", "Kristensen Trading");
    add("", "Zelmora Industrial Group");
    add("", "I.R.I.S.L. Lines");
    add("", "QXZ Holdings");
    add("", "Bank Mellat");
    add("", "Bank Sepah");
    add("", "بانک ملی ایران");  // listed in Persian: Bank Melli Iran
    const char* words[] = {"Apex", "Borealis", "Cedar", "Delta", "Ember", "Falcon"};
    for (int i = 0; i < 36; ++i)
      add("", std::string(words[i % 6]) + " " + words[i / 6] + " Trading Co.");
    std::vector<lists::screening_list> v;
    v.push_back(std::move(l));
    return list_index(std::move(v));
  }();
  return ix;
}

/// What `form` (romanization_key, abjad_skeleton) makes of a folded word, "(none)" for nothing.
std::string word_form(bool (*form)(std::string_view, std::string&), std::string_view w) {
  std::string out;
  return form(w, out) ? out : std::string("(none)");
}

std::vector<screen_candidate> screen_variants(std::string_view name) {
  screen_options o;
  o.min_score = 0;
  screen_scratch s;
  return variants_index().screen(name, o, s);
}

/// The listed name of an entry of variants_index.
const std::string& listed_name(const screen_candidate& c) {
  return variants_index().lists()[0].entries[c.entry].names[0];
}

/// The best candidate for `name` (there must be one).
screen_candidate best_variant(std::string_view name) {
  auto c = screen_variants(name);
  REQUIRE_FALSE(c.empty());
  return c[0];
}

/// Whether one of the candidate's reasons says `what`.
bool says(const screen_candidate& c, std::string_view what) {
  return std::any_of(c.reasons.begin(), c.reasons.end(),
                     [&](const std::string& r) { return r.find(what) != std::string::npos; });
}

}  // namespace

TEST_CASE("an acronym finds the words it stands for, and the words find it, at most possible",
          "[screening][score]") {
  for (const auto& [query, listed] : std::vector<std::pair<std::string, std::string>>{
           {"KCST", "Korean Committee for Space Technology"},
           {"ISIL", "Islamic State of Iraq and the Levant"},  // connectives left out
           {"National Iranian Oil Company", "NIOC"},
           {"The National Iranian Oil Company", "NIOC"}}) {
    INFO(query);
    const auto c = best_variant(query);
    CHECK(listed_name(c) == listed);
    CHECK(c.band == screen_band::possible);
    CHECK(says(c, " as initials"));
  }
  // A legal form written short gives no initial: "National Iranian Oil Co" is not NIOC by
  // acronym.
  for (const auto& c : screen_variants("National Iranian Oil Co"))
    CHECK_FALSE(says(c, " as initials"));
}

TEST_CASE("no acronym stands for a person's name", "[screening][score]") {
  const auto& entries = variants_index().lists()[0].entries;
  // "KCS" would be Kim Chol Su's initials; "Sierra Apex Investments" would be "SAI".
  for (const std::string query : {"KCS", "KCS Holdings", "Sierra Apex Investments"}) {
    INFO(query);
    for (const auto& c : screen_variants(query)) {
      if (entries[c.entry].type != "individual") continue;  // "Korean Committee for Space"
      INFO(listed_name(c));
      CHECK_FALSE(says(c, " as initials"));
    }
  }
}

TEST_CASE("romanization keys meet the spellings of one name, not other names",
          "[screening][score]") {
  const auto key = [](std::string_view w) { return word_form(romanization_key, w); };
  for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{
           {"dimashq", "dmshq"},  // ICU writes Arabic without vowels
           {"yandex", "yandeks"},
           {"samsung", "samseong"},
           {"vimpelcom", "vympelkom"},
           {"modabberan", "modaberan"},
           {"eghtesad", "eqtesad"}}) {
    INFO(a << " / " << b);
    CHECK(key(a) != "(none)");
    CHECK(key(a) == key(b));
  }
  CHECK(key("thompson") != key("thomson"));
  CHECK(key("fischer") != key("fisher"));
  CHECK(key("hyundai") == "(none)");  // "hnd": too short to say anything
  CHECK(key("abc1d") == "(none)");
  CHECK(key("rose") == "(none)");
}

TEST_CASE("a romanization is at most possible, and a misspelt business word is found as listed",
          "[screening][score]") {
  auto c = best_variant("Vimpelcom");
  CHECK(listed_name(c) == "Вымпелком");
  CHECK(c.band == screen_band::possible);
  CHECK(says(c, "romanization key or consonant skeleton: at most possible"));
  // Ten letters and more: a near spelling may match, but not one that only sounds alike.
  c = best_variant("Christensen Trading");
  CHECK(listed_name(c) == "Kristensen Trading");
  CHECK(c.band == screen_band::possible);
  // The list says "Industrial", which the dictionary writes "industries".
  c = best_variant("Zelmora Indudtrial Group");
  CHECK(listed_name(c) == "Zelmora Industrial Group");
  CHECK(says(c, "`indudtrial` ~ `industrial`"));
}

TEST_CASE("an initialism written apart meets it written together, both ways",
          "[screening][score]") {
  for (const auto& [query, listed] : std::vector<std::pair<std::string, std::string>>{
           {"IRISL Lines", "I.R.I.S.L. Lines"},  // five letters, listed apart
           {"Q.X.Z. Holdings", "QXZ Holdings"},  // three letters, the query apart
           {"Q X Z Holdings", "QXZ Holdings"}}) {
    INFO(query);
    const auto c = best_variant(query);
    CHECK(listed_name(c) == listed);
    CHECK(c.band == screen_band::match);
    CHECK(c.score == Approx(1.0));
  }
}

TEST_CASE("a name written in an abjad meets its romanization by consonant skeleton",
          "[screening][score]") {
  const auto skeleton = [](std::string_view w) { return word_form(abjad_skeleton, w); };
  for (const auto& [latin, romanized] : std::vector<std::pair<std::string, std::string>>{
           {"mellat", "mlt"},
           {"sepah", "sph"},
           {"melli", "mly"},
           {"iran", "ayran"},
           {"mohammed", "mhmd"},
           {"khavar", "kavar"}}) {  // ICU's "ḵ" folds to k
    INFO(latin << " / " << romanized);
    CHECK(skeleton(latin) != "(none)");
    CHECK(skeleton(latin) == skeleton(romanized));
  }
  CHECK(skeleton("ayr") == "(none)");  // "r": one letter says nothing
  CHECK(skeleton("ab") == "(none)");
  CHECK(skeleton("sp3h") == "(none)");

  CHECK(has_abjad_script("بانک ملت"));      // Persian
  CHECK(has_abjad_script("אלביט מערכות"));  // Hebrew
  CHECK(has_abjad_script("Bank ملت"));
  CHECK_FALSE(has_abjad_script("Երևան"));          // Armenian, just below Hebrew
  CHECK_FALSE(has_abjad_script("Oﬃce Supplies"));  // a Latin ligature, just below Hebrew's
  CHECK(has_abjad_script("ﭏ"));                    // a Hebrew presentation form (U+FB4F)
  CHECK(has_abjad_script("ࡀ"));                    // Mandaic (U+0840)
  CHECK_FALSE(has_abjad_script("Вымпелком"));
  CHECK_FALSE(has_abjad_script("Bank Mellat"));

  // Persian queries find the SDN's spelling, at most possible (a skeleton is a weak signal).
  for (const auto& [query, listed, pair] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"بانک ملت", "Bank Mellat", "`mlt` ~ `mellat`"},
           {"بانک سپه", "Bank Sepah", "`sph` ~ `sepah`"}}) {
    INFO(query);
    const auto c = best_variant(query);
    CHECK(listed_name(c) == listed);
    CHECK(c.band == screen_band::possible);
    CHECK(says(c, pair));
  }
  // A Latin query meets a name listed in Persian.
  const auto c = best_variant("Bank Melli Iran");
  CHECK(listed_name(c) == "بانک ملی ایران");
  CHECK(c.band == screen_band::possible);
  // Between two Latin spellings a skeleton says nothing: "Mlt" is not "Mellat".
  for (const auto& v : screen_variants("Bank Mlt")) {
    INFO(listed_name(v));
    CHECK_FALSE(says(v, "`mlt` ~ `mellat`"));
  }
}
