// fuzz_lists.cpp: libFuzzer target for screening-list files: the bytes as a
// Consolidated Screening List CSV, as a Denied Persons List and as an OFAC SDN.CSV trio (the
// input split in three at its first two 0xFF bytes); what reads is indexed and screened. Bad
// input must end as EXC-E8xxx diagnostics, never a crash, a hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "screening/list_index.hpp"

namespace {

using namespace exportctl::detail;

void screen(std::vector<lists::screening_list> l) {
  const list_index ix(std::move(l));
  screen_scratch s;
  screen_options o;
  o.min_score = 0;
  o.country = "CN";
  for (const char* name :
       {"Huawei Technologies Co., Ltd.", "HMC GmbH", "Shipping No. 8", "Банк", "a",
        // acronyms both ways, connectives, romanization keys (list_words.hpp)
        "National Iranian Oil Company of the Abc Def Ghi", "KCST", "Dimashq Yandeks Samseong",
        // consonant skeletons, both ways (a listed name in an abjad comes from the input)
        "بانک ملت", "Bank Mellat Sepah"}) {
    const auto c = ix.screen(name, o, s);
    for (const auto& x : c)
      if (!(x.score >= 0.0 && x.score <= 1.0)) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  lists::list_limits limits;
  limits.max_names_per_entry = 500;  // keep each run small; the bounds are what is tested
  std::vector<exportctl::diagnostic> d;
  for (int format = 0; format < 3; ++format) {
    d.clear();
    std::optional<lists::screening_list> l;
    if (format == 0) l = lists::parse_csl(text, "fuzz.csv", d, limits);
    if (format == 1) l = lists::parse_dpl(text, "fuzz.txt", d, limits);
    if (format == 2) {
      const auto a = text.find('\xFF');
      const auto b = a == std::string_view::npos ? a : text.find('\xFF', a + 1);
      lists::ofac_files f{
          "sdn.csv",
          "alt.csv",
          "add.csv",
          text.substr(0, a),
          a == std::string_view::npos ? std::string_view{} : text.substr(a + 1, b - a - 1),
          b == std::string_view::npos ? std::string_view{} : text.substr(b + 1)};
      l = lists::parse_ofac(f, d, limits);
    }
    if (l.has_value() == exportctl::has_errors(d)) __builtin_trap();  // a list xor errors
    if (l) {
      std::vector<lists::screening_list> v;
      v.push_back(std::move(*l));
      screen(std::move(v));
    }
  }
  return 0;
}
