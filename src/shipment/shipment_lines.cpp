// shipment_lines.cpp: a flat table (one row per item) → shipments. The schema is documented in
// docs/shipment-lines.md; the CLI's CSV input and the Python package's data frames both come
// through here, so a spreadsheet and a data frame mean the same thing.
//
// Only structure is checked here (columns, cell syntax, rows that agree); what the values mean
// (countries, products, precisions) is checked by the engine like any other shipment.
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "exportctl/io.hpp"
#include "model/text.hpp"
#include "shipment/schema.hpp"

namespace exportctl {
namespace {

using detail::index_path;
using schema::line_columns;
using schema::line_level;
using col = std::size_t;  // row of schema::line_columns
constexpr std::size_t c_count = line_columns.size();

constexpr col column(line_level level, std::size_t field) {
  for (std::size_t i = 0; i < c_count; ++i) {
    if (line_columns[i].level == level && line_columns[i].field == field) return i;
  }
  throw "no such shipment-lines column";  // a compile-time error where it is used
}

// Paths in diagnostics spell keys from the schema tables.
constexpr std::string_view items_key = schema::shipment_fields[schema::shipment_key::items].name;
constexpr std::string_view parties_key =
    schema::shipment_fields[schema::shipment_key::parties].name;
constexpr std::string_view specs_key = schema::item_fields[schema::item_key::specs].name;

// The columns of one kind, in table order, computed at compile time.
template <class Pred>
constexpr auto columns_where(Pred pred) {
  constexpr std::size_t none = c_count;
  std::array<col, c_count> all{};
  std::size_t n = 0;
  for (col c = 0; c < c_count; ++c)
    if (pred(c)) all[n++] = c;
  for (std::size_t i = n; i < c_count; ++i) all[i] = none;
  return all;
}
template <const auto& list>
constexpr std::size_t count_of() {
  std::size_t n = 0;
  while (n < list.size() && list[n] != c_count) ++n;
  return n;
}

// Calls f(std::integral_constant<std::size_t, I>{}) for each I < N: each column's row (and so
// the member it fills) is a compile-time constant in f, as in a hand-written reader.
template <std::size_t N, class F, std::size_t... I>
void static_for_unrolled(F& f, std::index_sequence<I...>) {
  (f(std::integral_constant<std::size_t, I>{}), ...);
}
template <std::size_t N, class F>
void static_for(F&& f) {
  static_for_unrolled<N>(f, std::make_index_sequence<N>{});
}

// "base.key", built in one allocation: every row builds a few (index_path: model/text).
std::string dotted(std::string_view base, std::string_view key) {
  std::string out;
  out.reserve(base.size() + key.size() + 1);
  out.append(base).append(1, '.').append(key);
  return out;
}

constexpr col c_shipment = column(line_level::shipment, schema::shipment_key::id);
constexpr col c_date = column(line_level::shipment, schema::shipment_key::date);
constexpr col c_product = column(line_level::item, schema::item_key::product);
constexpr col c_quantity = column(line_level::item, schema::item_key::quantity);
constexpr col c_dense_tops = column(line_level::specs, schema::specs_key::dense_tops);
constexpr col c_exporter = column(line_level::exporter, schema::party_key::name);
constexpr col c_exporter_country = column(line_level::exporter, schema::party_key::country);
constexpr col c_intermediaries = column(line_level::intermediaries, 0);
constexpr col c_end_user = column(line_level::end_user, schema::party_key::name);

// Cells that describe the shipment rather than the item: every row of a shipment must repeat
// them (all but the shipment id itself, which delimits shipments).
constexpr bool is_shipment_column(col c) {
  const line_level l = line_columns[c].level;
  return c != c_shipment && l != line_level::item && l != line_level::specs;
}

constexpr auto item_column_list =
    columns_where([](col c) { return line_columns[c].level == line_level::item; });
constexpr auto specs_column_list =
    columns_where([](col c) { return line_columns[c].level == line_level::specs; });
constexpr auto end_user_column_list =
    columns_where([](col c) { return line_columns[c].level == line_level::end_user; });
constexpr auto shipment_column_list = columns_where(is_shipment_column);
// The shipment's own string fields (`order_id`), read into their members; the id delimits
// shipments and the date is parsed.
constexpr auto shipment_field_column_list = columns_where([](col c) {
  return line_columns[c].level == line_level::shipment && c != c_shipment && c != c_date;
});
constexpr std::size_t item_column_count = count_of<item_column_list>();
constexpr std::size_t specs_column_count = count_of<specs_column_list>();
constexpr std::size_t end_user_column_count = count_of<end_user_column_list>();
constexpr std::size_t shipment_column_count = count_of<shipment_column_list>();
constexpr std::size_t shipment_field_column_count = count_of<shipment_field_column_list>();

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The one column that `name` abbreviates: it starts with all of `name` but its last two or
// fewer characters ("end_user_parent_hq" for `end_user_parent_headquarters`), and no other
// column does. Too far in edits for the "did you mean" above, but what a spreadsheet does.
// A column that would hold owners or entities: the schema's keys, alone or with a party
// prefix or suffix (`owners`, `end_user_owners`, `owner_percent`, `entities`).
bool is_owner_column(std::string_view name) {
  constexpr std::string_view owners = schema::party_fields[schema::party_key::owners].name;
  constexpr std::string_view entities =
      schema::shipment_fields[schema::shipment_key::entities].name;
  const std::string_view singular = owners.substr(0, owners.size() - 1);
  return name.find(singular) != std::string_view::npos ||
         name.find(entities) != std::string_view::npos;
}

std::optional<std::string_view> abbreviation_of(std::string_view name) {
  if (name.size() < 8) return std::nullopt;
  std::optional<std::string_view> found;
  for (const auto& k : line_columns) {
    std::size_t common = 0;
    while (common < name.size() && common < k.name.size() && name[common] == k.name[common])
      ++common;
    if (common + 2 < name.size() || common == name.size()) continue;
    if (found) return std::nullopt;  // ambiguous
    found = k.name;
  }
  return found;
}

std::optional<double> to_number(std::string_view s) {
  double v = 0;
  const auto* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || p != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<bool> to_bool(std::string_view s) {
  std::string l(s);
  for (auto& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (l == "true" || l == "yes" || l == "1") return true;
  if (l == "false" || l == "no" || l == "0") return false;
  return std::nullopt;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto at = s.find(sep);
    out.push_back(trim(s.substr(0, at)));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

}  // namespace

struct shipment_lines::impl {
  std::string source;
  std::array<int, c_count> index{};  // cell index of each known column, -1 when absent
  std::size_t width = 0;
  std::vector<diagnostic> header;

  bool pending = false;
  shipment_lines_result current;
  std::array<std::string, c_count> first_cells;  // shipment-level cells of the first row
  std::string current_id;

  int column_of(col c) const { return index[c] < 0 ? 1 : index[c] + 1; }

  void error(std::vector<diagnostic>& out, std::size_t row, int column, std::string code,
             std::string message, std::string path, std::string help = {}) const {
    diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    d.file = source;
    d.line = static_cast<int>(row);
    d.column = column;
    d.path = std::move(path);
    d.help = std::move(help);
    out.push_back(std::move(d));
  }

  std::string_view cell(std::span<const std::string_view> cells, col c) const {
    const int i = index[c];
    if (i < 0 || static_cast<std::size_t>(i) >= cells.size()) return {};
    return trim(cells[static_cast<std::size_t>(i)]);
  }

  std::optional<double> number(std::span<const std::string_view> cells, col c, std::size_t row,
                               const std::string& path) {
    const std::string_view v = cell(cells, c);
    if (v.empty()) return std::nullopt;
    auto n = to_number(v);
    if (!n) {
      error(current.diagnostics, row, column_of(c), "EXC-E6008",
            "`" + std::string(v) + "` is not a number", path,
            "write plain decimals: `1979` or `989.5`");
    } else if (*n < 0) {
      error(current.diagnostics, row, column_of(c), "EXC-E2006",
            "expected a non-negative number, got `" + std::string(v) + "`", path);
      n.reset();
    }
    return n;
  }

  std::optional<bool> boolean(std::span<const std::string_view> cells, col c, std::size_t row,
                              const std::string& path) {
    const std::string_view v = cell(cells, c);
    if (v.empty()) return std::nullopt;
    auto b = to_bool(v);
    if (!b)
      error(current.diagnostics, row, column_of(c), "EXC-E6008",
            "`" + std::string(v) + "` is not true or false", path,
            "write `true` or `false` (also `yes`/`no`, `1`/`0`)");
    return b;
  }

  // `path()` gives the logical path; called only for an empty cell (valid rows build no path).
  template <class Path>
  void require(std::span<const std::string_view> cells, col c, std::size_t row, Path&& path) {
    if (index[c] >= 0 && cell(cells, c).empty())
      error(current.diagnostics, row, column_of(c), "EXC-E6005",
            "empty `" + std::string(line_columns[c].name) + "` cell", path(),
            "every row needs a value in this column");
  }

  void read_item(std::span<const std::string_view> cells, std::size_t row);
  void read_dense_tops(std::span<const std::string_view> cells, std::size_t row,
                       const std::string& path, chip_specs& sp);
  void read_parties(std::span<const std::string_view> cells, std::size_t row);
  void start(std::span<const std::string_view> cells, std::size_t row);
  void check_agrees(std::span<const std::string_view> cells, std::size_t row);
  shipment_lines_result close();
};

void shipment_lines::impl::read_item(std::span<const std::string_view> cells, std::size_t row) {
  shipment& s = *current.value;
  item it;
  const std::string path = index_path(items_key, s.items.size());
  it.position = {static_cast<int>(row), column_of(index[c_product] >= 0 ? c_product : c_quantity)};
  static_for<item_column_count>([&](auto k) {
    constexpr col c = item_column_list[decltype(k)::value];
    constexpr const auto& f = schema::item_fields[line_columns[c].field];
    if constexpr (f.required) require(cells, c, row, [&] { return dotted(path, f.name); });
    constexpr auto stored = f.stored;
    if constexpr (stored.index() != 0) {
      auto& m = it.*std::get<stored.index()>(stored);
      using T = std::remove_reference_t<decltype(m)>;
      const std::string_view v = cell(cells, c);
      if constexpr (std::is_same_v<T, std::string>) {
        m = std::string(v);
      } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        // `SN1;SN2`: entries trimmed, empty ones skipped (a trailing `;`), as in `dense_tops`.
        if (v.empty()) return;
        for (std::string_view entry : split(v, ';'))
          if (!entry.empty()) m.emplace_back(entry);
      } else if constexpr (std::is_same_v<T, std::int64_t>) {
        if (v.empty()) return;
        long long q = 0;
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), q);
        if (ec != std::errc() || p != v.data() + v.size())
          error(current.diagnostics, row, column_of(c), "EXC-E6008",
                "`" + std::string(v) + "` is not a whole number", dotted(path, f.name));
        m = q;
      }
    }
  });
  bool has_specs = false;
  for (std::size_t k = 0; k < specs_column_count; ++k)
    has_specs = has_specs || !cell(cells, specs_column_list[k]).empty();
  if (has_specs) {
    chip_specs sp;
    const std::string sp_path = dotted(path, specs_key);
    static_for<specs_column_count>([&](auto k) {
      constexpr col c = specs_column_list[decltype(k)::value];
      constexpr const auto& f = schema::specs_fields[line_columns[c].field];
      const std::string f_path = dotted(sp_path, f.name);
      if constexpr (c == c_dense_tops) {
        read_dense_tops(cells, row, f_path, sp);
      } else {
        constexpr auto stored = f.stored;
        if constexpr (stored.index() != 0) {
          auto& m = sp.*std::get<stored.index()>(stored);
          using T = std::remove_reference_t<decltype(m)>;
          if constexpr (std::is_same_v<T, std::optional<double>>) {
            m = number(cells, c, row, f_path);
          } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
            m = boolean(cells, c, row, f_path);
          } else if constexpr (std::is_same_v<T, bool>) {
            m = boolean(cells, c, row, f_path).value_or(false);
          }
        }
      }
    });
    it.specs = std::move(sp);
  }
  s.items.push_back(std::move(it));
}

void shipment_lines::impl::read_dense_tops(std::span<const std::string_view> cells, std::size_t row,
                                           const std::string& path, chip_specs& sp) {
  const std::string_view v = cell(cells, c_dense_tops);
  if (v.empty()) return;
  for (std::string_view entry : split(v, ';')) {
    if (entry.empty()) continue;
    const auto eq = entry.find('=');
    auto rate = eq == std::string_view::npos ? std::nullopt : to_number(trim(entry.substr(eq + 1)));
    const std::string name(trim(entry.substr(0, eq)));
    if (!rate || name.empty() || *rate < 0) {
      error(current.diagnostics, row, column_of(c_dense_tops), "EXC-E6008",
            "`" + std::string(entry) + "` is not `precision=TOPS`", path,
            "write `fp8=1979;fp16=989.5`");
      continue;
    }
    sp.dense_tops.emplace_back(name, *rate);
  }
}

void shipment_lines::impl::read_parties(std::span<const std::string_view> cells, std::size_t row) {
  shipment& s = *current.value;
  const int r = static_cast<int>(row);
  const auto field_path = [](const std::string& base, col c) {
    return dotted(base, schema::party_fields[line_columns[c].field].name);
  };
  require(cells, c_exporter, row,
          [&] { return field_path(index_path(parties_key, 0), c_exporter); });
  require(cells, c_exporter_country, row,
          [&] { return field_path(index_path(parties_key, 0), c_exporter_country); });
  party exp;
  exp.id = schema::exporter_party_id;
  exp.name = std::string(cell(cells, c_exporter));
  exp.country = std::string(cell(cells, c_exporter_country));
  exp.role = party_role::exporter;
  exp.position = {r, column_of(c_exporter)};
  s.parties.push_back(std::move(exp));

  // `NAME:COUNTRY[:ROLE]` entries separated by `;`, in the order the goods pass through them.
  if (const std::string_view chain = cell(cells, c_intermediaries); !chain.empty()) {
    int n = 0;
    for (std::string_view entry : split(chain, ';')) {
      const std::string path = index_path(parties_key, s.parties.size());
      auto parts = split(entry, ':');
      std::optional<party_role> role = party_role::distributor;
      if (parts.size() == 3) role = parse_party_role(parts[2]);
      const bool role_ok = role && *role != party_role::exporter && *role != party_role::end_user;
      if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty() ||
          !role_ok) {
        error(current.diagnostics, row, column_of(c_intermediaries), "EXC-E6008",
              "`" + std::string(entry) + "` is not `NAME:COUNTRY` or `NAME:COUNTRY:ROLE`", path,
              "e.g. `Dist Pte:SG;Reseller LLC:AE:reseller`; roles: distributor (default), "
              "reseller, integrator, freight_forwarder, consignee");
        continue;
      }
      party p;
      p.id = std::string(schema::intermediary_party_id_prefix) + std::to_string(++n);
      p.name = std::string(parts[0]);
      p.country = std::string(parts[1]);
      p.role = *role;
      p.position = {r, column_of(c_intermediaries)};
      s.parties.push_back(std::move(p));
    }
  }

  const std::string eu_path = index_path(parties_key, s.parties.size());
  party eu;
  eu.id = schema::end_user_party_id;
  eu.role = party_role::end_user;
  static_for<end_user_column_count>([&](auto k) {
    constexpr col c = end_user_column_list[decltype(k)::value];
    constexpr const auto& f = schema::party_fields[line_columns[c].field];
    if constexpr (f.required) require(cells, c, row, [&] { return field_path(eu_path, c); });
    constexpr auto stored = f.stored;
    if constexpr (stored.index() != 0) {
      auto& m = eu.*std::get<stored.index()>(stored);
      using T = std::remove_reference_t<decltype(m)>;
      if constexpr (std::is_same_v<T, std::string>) {
        m = std::string(cell(cells, c));
      } else if constexpr (std::is_same_v<T, std::optional<double>>) {
        m = number(cells, c, row, field_path(eu_path, c));
      } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
        m = boolean(cells, c, row, field_path(eu_path, c));
      }
    }
  });
  eu.position = {r, column_of(c_end_user)};
  s.parties.push_back(std::move(eu));

  for (std::size_t i = 1; i < s.parties.size(); ++i)
    s.transfers.push_back({s.parties[i - 1].id, s.parties[i].id, s.parties[i].position});
}

void shipment_lines::impl::start(std::span<const std::string_view> cells, std::size_t row) {
  pending = true;
  current = {};
  current.first_row = current.last_row = row;
  current.value.emplace();
  shipment& s = *current.value;
  s.id = current_id;
  s.source_name = source;
  require(cells, c_shipment, row,
          [] { return std::string(schema::shipment_fields[schema::shipment_key::id].name); });
  if (const std::string_view d = cell(cells, c_date); !d.empty()) {
    s.ship_date = date::parse(d);
    if (!s.ship_date)
      error(current.diagnostics, row, column_of(c_date), "EXC-E2005",
            "`" + std::string(d) + "` is not a date",
            std::string(schema::shipment_fields[schema::shipment_key::date].name),
            "write YYYY-MM-DD, e.g. `2025-06-01`");
  }
  static_for<shipment_field_column_count>([&](auto k) {
    constexpr col c = shipment_field_column_list[decltype(k)::value];
    constexpr auto stored = schema::shipment_fields[line_columns[c].field].stored;
    static_assert(std::holds_alternative<std::string shipment::*>(stored),
                  "a shipment-level column is a string field");
    s.*std::get<std::string shipment::*>(stored) = std::string(cell(cells, c));
  });
  for (std::size_t k = 0; k < shipment_column_count; ++k) {
    const col c = shipment_column_list[k];
    first_cells[c] = std::string(cell(cells, c));
  }
  read_parties(cells, row);
}

void shipment_lines::impl::check_agrees(std::span<const std::string_view> cells, std::size_t row) {
  for (std::size_t k = 0; k < shipment_column_count; ++k) {
    const col c = shipment_column_list[k];
    const std::string_view v = cell(cells, c);
    if (v == first_cells[c]) continue;
    error(current.diagnostics, row, column_of(c), "EXC-E6006",
          "`" + std::string(line_columns[c].name) + "` is `" + std::string(v) + "` here but `" +
              first_cells[c] + "` on line " + std::to_string(current.first_row) + " of shipment `" +
              current_id + "`",
          std::string(line_columns[c].name),
          "rows of one shipment repeat its date and parties; a different value starts no new "
          "shipment unless the `shipment` cell changes");
  }
}

shipment_lines_result shipment_lines::impl::close() {
  pending = false;
  shipment_lines_result out = std::move(current);
  current = {};
  if (has_errors(out.diagnostics)) out.value.reset();
  return out;
}

shipment_lines::shipment_lines(std::vector<std::string> columns, std::string source_name)
    : impl_(std::make_unique<impl>()) {
  impl& m = *impl_;
  m.source = std::move(source_name);
  m.index.fill(-1);
  m.width = columns.size();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::string_view name = trim(columns[i]);
    const auto it = std::find_if(line_columns.begin(), line_columns.end(),
                                 [&](const schema::line_column& k) { return k.name == name; });
    const int column = static_cast<int>(i) + 1;
    if (it == line_columns.end()) {
      std::string help;
      std::size_t best = 3;
      for (const auto& k : line_columns) {
        const std::string_view known = k.name;
        const std::size_t d = detail::edit_distance(name, known);
        if (d < best) {
          best = d;
          help = "did you mean `" + std::string(known) + "`?";
        }
      }
      if (help.empty()) {
        if (auto abbreviated = abbreviation_of(name)) {
          help = "did you mean `" + std::string(*abbreviated) + "`?";
        }
      }
      if (help.empty()) help = "see docs/shipment-lines.md for the columns";
      // Owners and entities are lists of mappings a CSV cell cannot hold: such a column is
      // refused with the format that can (the same fields as JSON, one shipment a line).
      if (is_owner_column(name)) {
        help =
            "shipment lines cannot express owners or entities; give these shipments as JSON Lines "
            "(`exportctl batch orders.jsonl`, one shipment document a line, docs/shipment.md)";
      }
      m.error(m.header, 1, column, "EXC-E6001", "unknown column `" + std::string(name) + "`",
              "header", help);
      continue;
    }
    const auto c = static_cast<std::size_t>(it - line_columns.begin());
    if (m.index[c] >= 0) {
      m.error(m.header, 1, column, "EXC-E6002", "duplicate column `" + std::string(name) + "`",
              "header", "it is already column " + std::to_string(m.index[c] + 1));
      continue;
    }
    m.index[c] = static_cast<int>(i);
  }
  for (col c = 0; c < c_count; ++c)
    if (line_columns[c].required && m.index[c] < 0)
      m.error(m.header, 1, 0, "EXC-E6003",
              "missing required column `" + std::string(line_columns[c].name) + "`", "header");
}

shipment_lines::~shipment_lines() = default;
shipment_lines::shipment_lines(shipment_lines&&) noexcept = default;
shipment_lines& shipment_lines::operator=(shipment_lines&&) noexcept = default;

const std::vector<diagnostic>& shipment_lines::header_diagnostics() const { return impl_->header; }

std::optional<shipment_lines_result> shipment_lines::add(std::span<const std::string_view> cells,
                                                         std::size_t row) {
  impl& m = *impl_;
  if (!m.header.empty()) return std::nullopt;
  const std::string_view id = m.cell(cells, c_shipment);
  std::optional<shipment_lines_result> done;
  if (m.pending && id != m.current_id) done = m.close();
  if (!m.pending) {
    m.current_id = std::string(id);
    m.start(cells, row);
  } else {
    m.current.last_row = row;
    m.check_agrees(cells, row);
  }
  if (cells.size() != m.width)
    m.error(m.current.diagnostics, row, 1, "EXC-E6004",
            "row has " + std::to_string(cells.size()) + " cells, the header has " +
                std::to_string(m.width),
            index_path(items_key, m.current.value->items.size()),
            "quote cells that contain commas");
  m.read_item(cells, row);
  return done;
}

std::optional<shipment_lines_result> shipment_lines::finish() {
  if (!impl_->pending) return std::nullopt;
  return impl_->close();
}

}  // namespace exportctl
