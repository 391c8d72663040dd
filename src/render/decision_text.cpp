// decision_text.cpp: the short human explanation printed by `exportctl check --format text`:
// the decision first, then why, with citations.
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "exportctl/io.hpp"

namespace exportctl {
namespace {

std::string upper_words(std::string_view s) {
  std::string out(s);
  for (char& ch : out)
    ch = ch == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

std::string words(std::string_view s) {
  std::string out(s);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string number(const std::optional<double>& v) {
  if (!v) return "unknown";
  return fmt::format("{:.10g}", *v);
}

// Strings, or the string views of a finding's parties.
template <class Strings>
std::string join(const Strings& v, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

// `with_decision`: a shipment's items end with their decision; a bare classification (no
// destination, no parties) only says whether it could decide.
void append_item(std::string& out, const item_result& it, bool with_decision) {
  const std::string what = !it.product.empty()       ? it.product
                           : !it.description.empty() ? it.description
                                                     : std::string("item");
  const std::string eccn = it.eccn.empty() ? "no encoded ECCN" : it.eccn;
  out += fmt::format("  {}. {} x{}: {}", it.line, what, it.quantity, eccn);
  if (!it.paragraph.empty() && it.paragraph != it.eccn) out += fmt::format(" ({})", it.paragraph);
  out += fmt::format(", TPP {}", number(it.tpp));
  if (it.performance_density) out += fmt::format(", PD {}", number(it.performance_density));
  if (with_decision) {
    out += fmt::format(" -> {}\n", words(to_string(it.decision)));
  } else {
    out += it.decision == outcome::hold ? " -> cannot classify yet (missing facts below)\n" : "\n";
  }
}

void append_finding(std::string& out, const finding& f) {
  out += "  - ";
  if (f.item) out += fmt::format("item {}: ", *f.item);
  out += f.message;
  if (!f.parties.empty()) out += fmt::format(" [{}]", join(f.parties, ", "));
  out += fmt::format("\n    {} ({})\n", f.citation, f.rule);
}

}  // namespace

std::string to_text(const decision& d) {
  std::string out = fmt::format("{}: {}", d.shipment, upper_words(to_string(d.result)));
  if (d.policy != review_policy::none) out += fmt::format(" ({})", words(to_string(d.policy)));
  if (!d.license_exceptions.empty())
    out += fmt::format(" under {}", join(d.license_exceptions, ", "));
  out += fmt::format("\nas of {}{}\n", d.as_of.to_string(),
                     d.scenario.empty() ? "" : fmt::format(", scenario {}", d.scenario));

  out += "\nItems:\n";
  for (const auto& it : d.items) append_item(out, it, true);
  out += "\nPaths:\n";
  for (const auto& p : d.paths)
    out += fmt::format("  {}: {}\n", join(p.parties, " -> "), words(to_string(p.decision)));
  if (const auto& o = d.paths_omitted; o.count > 0) {
    out += fmt::format("  … {} more paths ({} hops) not listed:", o.count, o.hops);
    for (std::size_t k = 0; k < 4; ++k) {
      if (o.by_outcome[k] > 0)
        out += fmt::format(" {} {}", o.by_outcome[k], words(to_string(static_cast<outcome>(k))));
    }
    out += "\n";
  }

  if (!d.missing_facts.empty()) {
    out += "\nMissing facts (give them to decide):\n";
    for (const auto& m : d.missing_facts) out += fmt::format("  - {}\n", m);
  }
  if (!d.red_flags.empty()) {
    out += "\nRed flags:\n";
    for (const auto& r : d.red_flags)
      out += fmt::format("  - [{}] {} [{}]\n    {} ({})\n", r.severity, r.message,
                         join(r.parties, ", "), r.citation, r.rule);
  }
  if (!d.findings.empty()) {
    out += "\nWhy:\n";
    for (const auto& f : d.findings) append_finding(out, f);
  }
  out += "\nRule packs:";
  for (const auto& p : d.rulepacks) out += fmt::format(" {}@{}", p.id, p.version);
  if (d.pack_set.empty()) {
    out +=
        "\nPack set: none declared (no pack-set.yaml): the packs were not checked for a missing "
        "pack";
  } else {
    out += fmt::format("\nPack set: {}", d.pack_set);
  }
  if (d.lists.empty()) {
    out +=
        "\nScreening lists: none loaded; only the curated Entity List subset of the packs was "
        "screened (load the official lists with --lists)";
  } else {
    out += "\nScreening lists:";
    for (const auto& l : d.lists)
      out += fmt::format("\n  {} ({}, {} rows, sha256 {})", l.file, l.source, l.rows, l.sha256);
  }
  out += fmt::format("\nFingerprint: {}\n{}. Not legal advice.\n", d.fingerprint, d.engine);
  return out;
}

std::string to_text(const classification& c) {
  std::string out = fmt::format("as of {}:\n", c.as_of.to_string());
  append_item(out, c.item, false);
  if (!c.missing_facts.empty()) {
    out += "Missing facts:\n";
    for (const auto& m : c.missing_facts) out += fmt::format("  - {}\n", m);
  }
  if (!c.findings.empty()) {
    out += "Why:\n";
    for (const auto& f : c.findings) append_finding(out, f);
  }
  return out;
}

}  // namespace exportctl
