// review_file.cpp: the possible matches a reviewer cleared, read from YAML or JSON
// (`exportctl ledger resolve ORDER --facts FILE`; ledger.hpp). Strict, like every input that
// changes what ships: any problem is a diagnostic with file:line:column and nothing is read.
#include "doc/reader.hpp"
#include "exportctl/ledger.hpp"

namespace exportctl {

using detail::doc_node;
using detail::map_reader;
using detail::read_context;

review_facts_result parse_review_facts(std::string_view text, std::string_view file_name) {
  review_facts_result result;
  read_context c{std::string(file_name), &result.diagnostics};
  auto root = detail::parse_input_document(c, text, "review facts file");
  if (!root) return result;
  map_reader top(c, *root, "", {"clear"});
  std::vector<reviewed_clearance> out;
  if (const doc_node* list = top.required("clear"); list != nullptr) {
    if (detail::expect_list(c, *list, "clear") && list->items.empty())
      c.error(*list, "EXC-E9111", "`clear` lists no possible match", "clear",
              "each entry: {source, entry, name, country}, as the hold's missing fact names them");
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      map_reader m(c, list->items[i], "clear[" + std::to_string(i) + "]",
                   {"source", "entry", "name", "country"});
      reviewed_clearance k;
      for (auto [key, to] : {std::pair<const char*, std::string*>{"source", &k.source},
                             {"entry", &k.entry},
                             {"name", &k.name},
                             {"country", &k.country}}) {
        const doc_node* n = m.required(key);
        if (n == nullptr) continue;
        auto s = detail::read_string(c, *n, m.path(key));
        if (s && s->empty())
          c.error(*n, "EXC-E9111", "`" + std::string(key) + "` is empty", m.path(key));
        *to = s.value_or("");
      }
      m.finish();
      out.push_back(std::move(k));
    }
  }
  top.finish();
  if (!has_errors(result.diagnostics)) result.value = std::move(out);
  return result;
}

}  // namespace exportctl
