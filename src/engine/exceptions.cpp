// exceptions.cpp: licence exceptions (15 CFR Part 740) that overcome a requirement on an item
// and hop. The first confirmed exception in pack order whose eligibility definitely holds is
// used; an exception that may apply but is unconfirmed (grade U) or undecidable holds instead
// of clearing.
#include <fmt/format.h>

#include "engine/evaluate.hpp"

namespace exportctl::detail {
namespace {

std::string exception_message(check_context& cx, const exception_rule& ex, int ex_index,
                              const hop_facts& hop) {
  std::string msg = ex.meta.message;
  for (const auto& c : ex.conditions) {
    msg += "; ";
    msg += c;
  }
  if (cx.st.exception_uses_ytd[static_cast<std::size_t>(ex_index)] && hop.shipment_tpp_with_ytd) {
    // The year-to-date figure belongs to the path's final party (the ultimate consignee).
    const party& last = cx.party_at(hop.downstream.back());
    msg += fmt::format("; {} {}", param_label(param::shipment_tpp_with_ytd),
                       format_number(*hop.shipment_tpp_with_ytd));
    if (!last.consignee_ytd_tpp) {
      msg += fmt::format(" (consignee_ytd_tpp of `{}` not given: counted as 0)", last.id);
    }
  }
  return msg;
}

}  // namespace

exception_outcome find_exception(check_context& cx, int requirement, int k, const item_facts& item,
                                 const hop_facts& hop) {
  const std::optional<int> line = k + 1;
  const std::string& recipient = cx.party_at(hop.recipient).id;
  const std::size_t mark = cx.missing.size();
  const exception_rule* unconfirmed = nullptr;
  const exception_rule* undecided = nullptr;

  for (int e : cx.st.exceptions_for[static_cast<std::size_t>(requirement)]) {
    const exception_rule& ex = cx.packs.exceptions[static_cast<std::size_t>(e)];
    if (!cx.may_exception(k, static_cast<std::size_t>(e))) continue;
    const std::size_t before = cx.missing.size();
    const tri t = evaluate(ex.when, cx.eval(&item, &hop));
    if (t == tri::yes) {
      if (!ex.unconfirmed && ex.meta.source_grade != grade::U) {
        cx.missing.resize(mark);
        cx.findings.add(finding_kind::exception, ex.meta, line, outcome::license_exception,
                        recipient, [&] { return exception_message(cx, ex, e, hop); });
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
                    [&] {
                      return fmt::format(
                          "{}: the exception is unconfirmed (grade U) and cannot "
                          "clear the shipment",
                          unconfirmed->meta.message);
                    });
  }
  if (undecided) {
    cx.findings.add(finding_kind::missing_fact, undecided->meta, line, outcome::hold, recipient,
                    [&] {
                      return fmt::format("{}: whether License Exception {} applies depends on {}",
                                         undecided->meta.message, undecided->name,
                                         needs.empty() ? std::string("facts not given") : needs);
                    });
  }
  return {outcome::hold, nullptr};
}

}  // namespace exportctl::detail
