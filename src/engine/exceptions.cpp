// exceptions.cpp: licence exceptions (15 CFR Part 740) that overcome a requirement on an item
// and hop. The first confirmed exception in pack order whose eligibility definitely holds is
// used; an exception that may apply but is unconfirmed (grade U) or undecidable holds instead
// of clearing.
#include <fmt/format.h>

#include <iterator>

#include "engine/evaluate.hpp"

namespace exportctl::detail {
namespace {

// The exception's message and the conditions the exporter must meet, appended to `msg`.
void exception_message(check_context& cx, const exception_rule& ex, int ex_index,
                       const hop_facts& hop, std::string& msg) {
  msg += ex.meta.message;
  for (const auto& c : ex.conditions) {
    msg += "; ";
    msg += c;
  }
  if (cx.st.exception_uses_ytd[static_cast<std::size_t>(ex_index)] && hop.shipment_tpp_with_ytd) {
    // The year-to-date figure belongs to the path's final party (the ultimate consignee).
    const party& last = cx.party_at(hop.downstream.back());
    msg += fmt::format("; {} {}", param_label(param::shipment_tpp_with_ytd),
                       format_number(*hop.shipment_tpp_with_ytd));
    const ytd_tpp ytd = year_to_date_tpp(cx, last);
    if (ytd.record != nullptr) {
      const auto* r = ytd.record;
      if (ytd.used_ledger)
        msg += fmt::format(
            " (year-to-date TPP of `{}` from the ledger: {} over {} released or committed order(s) "
            "in {})",
            last.id, format_number(r->tpp), r->orders, r->year);
      else
        msg += fmt::format(
            " (year-to-date TPP of `{}`: the ledger has {} over {} released or committed order(s) "
            "in {}; "
            "the larger figure given is counted)",
            last.id, format_number(r->tpp), r->orders, r->year);
    } else if (ytd.from_ledger) {
      msg += fmt::format(
          " (year-to-date TPP of `{}`: the ledger has no released or committed order to it in "
          "{}; {} counted)",
          last.id, cx.on.year(), ytd.given ? "the figure given is" : "0 is");
    } else if (!ytd.given) {
      msg += fmt::format(" (consignee_ytd_tpp of `{}` not given: counted as 0)", last.id);
    }
  }
}

}  // namespace

exception_outcome find_exception(check_context& cx, int requirement, int k, const hop_facts& hop) {
  const std::optional<int> line = k + 1;
  const std::string& recipient = cx.party_at(hop.recipient).id;
  const std::size_t mark = cx.missing.size();
  const exception_rule* unconfirmed = nullptr;
  const exception_rule* undecided = nullptr;

  for (int e : cx.st.exceptions_for[static_cast<std::size_t>(requirement)]) {
    const exception_rule& ex = cx.packs.exceptions[static_cast<std::size_t>(e)];
    if (!cx.candidates(k).exceptions[static_cast<std::size_t>(e)]) continue;
    const std::size_t before = cx.missing.size();
    const tri t = cx.test(cx.st.plan.exceptions[static_cast<std::size_t>(e)], ex.when, k, &hop);
    if (t == tri::yes) {
      if (!ex.unconfirmed && ex.meta.source_grade != grade::U) {
        cx.missing.resize(mark);
        cx.findings.add(finding_kind::exception, ex.meta, line, outcome::license_exception,
                        recipient, [&](finding_set::record& f) {
                          f.composed = true;
                          exception_message(cx, ex, e, hop, f.text);
                        });
        return {outcome::license_exception, &ex};
      }
      if (!unconfirmed) unconfirmed = &ex;
    } else if (t == tri::unknown) {
      if (!undecided) {
        undecided = &ex;
      } else {
        cx.missing.resize(before);  // report the facts of the first undecided exception only
      }
    }
  }

  if (!unconfirmed && !undecided) return {outcome::license_required, nullptr};
  const std::string needs = take_missing(cx, mark);
  if (unconfirmed) {
    // A grade-U fact never clears a shipment (rule-pack format, "license_exceptions").
    cx.findings.add(finding_kind::exception, unconfirmed->meta, line, outcome::hold, recipient,
                    [&](finding_set::record& f) {
                      f.composed = true;
                      fmt::format_to(std::back_inserter(f.text),
                                     "{}: the exception is unconfirmed (grade U) and cannot "
                                     "clear the shipment",
                                     unconfirmed->meta.message);
                    });
  }
  if (undecided) {
    cx.findings.add(finding_kind::missing_fact, undecided->meta, line, outcome::hold, recipient,
                    [&](finding_set::record& f) {
                      f.composed = true;
                      fmt::format_to(std::back_inserter(f.text),
                                     "{}: whether License Exception {} applies depends on {}",
                                     undecided->meta.message, undecided->name,
                                     needs.empty() ? std::string_view("facts not given")
                                                   : std::string_view(needs));
                    });
  }
  return {outcome::hold, nullptr};
}

}  // namespace exportctl::detail
