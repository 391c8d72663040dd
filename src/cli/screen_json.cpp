// screen_json.cpp: a screened name as JSON (cli/screen_json.hpp).
#include "cli/screen_json.hpp"

#include <cmath>

#include "doc/json_writer.hpp"

namespace exportctl::cli {

double screen_rounded(double v) { return std::round(v * 10000.0) / 10000.0; }

void write_screen_json(std::string& out, std::string_view query, const std::string& country,
                       const detail::list_index& index,
                       const std::vector<detail::screen_candidate>& cands) {
  {
    detail::json_writer w(out, false);
    w.begin_object();
    w.key("query");
    w.string(query);
    w.key("country");
    w.string_or_null(country);
    w.key("band");
    w.string(detail::band_name(cands.empty() ? detail::screen_band::none : cands[0].band));
    w.key("candidates");
    w.begin_array();
    for (const auto& c : cands) {
      const auto& list = index.lists()[c.list];
      const auto& e = list.entries[c.entry];
      w.begin_object();
      w.key("list");
      w.string(list.file);
      w.key("source");
      w.string(e.source);
      w.key("entry");
      w.string(e.id);
      w.key("name");
      w.string(e.names[0]);
      w.key("matched");
      w.string(e.names[c.name]);
      w.key("score");
      w.number(screen_rounded(c.score));
      w.key("band");
      w.string(detail::band_name(c.band));
      w.key("reasons");
      w.strings(c.reasons);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }  // the writer trims `out` to what it wrote when it goes
  out += '\n';
}

}  // namespace exportctl::cli
