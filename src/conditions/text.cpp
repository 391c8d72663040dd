// text.cpp: conditions as text for finding messages: the comparisons that make a
// condition hold, with the item's figures ("TPP 15832 ≥ 4800"), and the labels they use.
#include <fmt/format.h>

#include <cmath>

#include "conditions/evaluate.hpp"

namespace exportctl::detail {
namespace {

using kind = condition::kind;

}  // namespace

std::string_view param_label(param p) { return info(p).label; }

std::string_view param_unit(param p) { return info(p).unit; }

std::string_view cmp_symbol(cmp op) {
  switch (op) {
    case cmp::ge:
      return "≥";
    case cmp::gt:
      return ">";
    case cmp::le:
      return "≤";
    case cmp::lt:
      return "<";
    case cmp::eq:
      return "=";
    case cmp::ne:
      return "≠";
  }
  return "?";
}

std::string format_number(double v) {
  const double r = std::round(v * 100.0) / 100.0;
  return fmt::format("{}", r == 0.0 ? 0.0 : r);
}

void describe(const condition& c, const eval_context& ctx, std::string& out) {
  const auto sep = [&out] {
    if (!out.empty() && out.back() != '(') out += ", ";
  };
  switch (c.k) {
    case kind::always:
      return;
    case kind::all_of:
      for (const auto& child : c.children) describe(child, ctx, out);
      return;
    case kind::any_of:
      // Describe the first alternative that holds, else all of them.
      for (const auto& child : c.children) {
        if (evaluate(child, {ctx.packs, ctx.on, ctx.item, ctx.hop, nullptr, ctx.selector_bits}) ==
            tri::yes) {
          describe(child, ctx, out);
          return;
        }
      }
      for (const auto& child : c.children) describe(child, ctx, out);
      return;
    case kind::not_:
      sep();
      out += "not (";
      if (!c.children.empty()) describe(c.children.front(), ctx, out);
      out += ")";
      return;
    case kind::threshold: {
      sep();
      std::optional<double> v;
      if (c.p == param::shipment_tpp_with_ytd) {
        if (ctx.hop) v = ctx.hop->shipment_tpp_with_ytd;
      } else if (c.p == param::destination_licensed_tpp) {
        v = destination_licensed_tpp(c, ctx);
      } else if (ctx.item) {
        v = ctx.item->value(c.p);
      }
      const auto unit = param_unit(c.p);
      out += fmt::format("{} {}{} {} {}{}", param_label(c.p), v ? format_number(*v) : "unknown",
                         v ? unit : "", cmp_symbol(c.op), format_number(c.value), unit);
      return;
    }
    case kind::datacenter:
      sep();
      out += c.flag ? "designed or marketed for datacenters"
                    : "not designed or marketed for datacenters";
      return;
    case kind::us_available:
      sep();
      out += c.flag ? "commercially available in the US on 2026-01-15"
                    : "not commercially available in the US on 2026-01-15";
      return;
    case kind::path_party_role:
      sep();
      out += "a party on the path with a listed role";
      return;
    case kind::hbm:
      sep();
      out += c.flag ? "a high-bandwidth-memory stack" : "not a high-bandwidth-memory stack";
      return;
    case kind::eccn_in:
    case kind::paragraph_in:
      sep();
      out += "ECCN ";
      out += ctx.item && !ctx.item->eccn.empty() ? ctx.item->eccn : std::string_view("none");
      return;
    case kind::product_in:
      sep();
      out += "product ";
      out += ctx.item && ctx.item->source ? ctx.item->source->product : std::string();
      return;
    case kind::destination:
    case kind::exporter_country:
    case kind::any_party_hq:
    case kind::any_party_located:
    case kind::all_parties_hq:
      sep();
      out += "parties in ";
      out += ctx.packs->selectors[static_cast<std::size_t>(c.selector)].text;
      return;
    case kind::hop_kind_in:
      sep();
      out += "hop ";
      out += ctx.hop ? to_string(ctx.hop->kind) : std::string_view("?");
      return;
  }
}

}  // namespace exportctl::detail
