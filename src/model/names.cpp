// names.cpp: the stable lowercase names of the enums used in packs, shipments and decisions.
// One table per enum serves both directions, so a name can never print differently from how it
// parses.
#include "model/names.hpp"

#include <array>
#include <utility>

#include "exportctl/decision.hpp"
#include "exportctl/shipment.hpp"

namespace exportctl {
namespace {

template <typename E, std::size_t N>
using name_table = std::array<std::pair<E, std::string_view>, N>;

constexpr name_table<party_role, 7> party_role_names{{
    {party_role::exporter, "exporter"},
    {party_role::distributor, "distributor"},
    {party_role::reseller, "reseller"},
    {party_role::integrator, "integrator"},
    {party_role::freight_forwarder, "freight_forwarder"},
    {party_role::consignee, "consignee"},
    {party_role::end_user, "end_user"},
}};

constexpr name_table<outcome, 4> outcome_names{{
    {outcome::no_license_required, "no_license_required"},
    {outcome::license_exception, "license_exception"},
    {outcome::license_required, "license_required"},
    {outcome::hold, "hold"},
}};

constexpr name_table<review_policy, 5> review_policy_names{{
    {review_policy::none, "none"},
    {review_policy::presumption_of_approval, "presumption_of_approval"},
    {review_policy::case_by_case, "case_by_case"},
    {review_policy::presumption_of_denial, "presumption_of_denial"},
    {review_policy::policy_of_denial, "policy_of_denial"},
}};

// "export" rather than the enumerator's name: the format documents hops as export (from the
// United States, 15 CFR 734.13), reexport (734.14), in-country transfer (734.16, within one
// foreign country) and a transfer within the United States (none of the three).
constexpr name_table<hop_kind, 4> hop_kind_names{{
    {hop_kind::export_from_us, "export"},
    {hop_kind::reexport, "reexport"},
    {hop_kind::in_country_transfer, "in_country_transfer"},
    {hop_kind::within_us, "within_us"},
}};

constexpr name_table<finding_kind, 10> finding_kind_names{{
    {finding_kind::classification, "classification"},
    {finding_kind::requirement, "requirement"},
    {finding_kind::notice, "notice"},
    {finding_kind::entity_list, "entity_list"},
    {finding_kind::screening_list, "screening_list"},
    {finding_kind::exception, "exception"},
    {finding_kind::review_policy, "review_policy"},
    {finding_kind::red_flag, "red_flag"},
    {finding_kind::information, "information"},
    {finding_kind::missing_fact, "missing_fact"},
}};

template <typename E, std::size_t N>
std::string_view name_of(const name_table<E, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "unknown";  // unreachable for valid enumerators; avoids UB on a corrupted value
}

template <typename E, std::size_t N>
std::optional<E> value_of(const name_table<E, N>& table, std::string_view name) {
  for (const auto& [e, n] : table) {
    if (n == name) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(party_role r) { return name_of(party_role_names, r); }
std::optional<party_role> parse_party_role(std::string_view s) {
  return value_of(party_role_names, s);
}

std::string_view to_string(outcome o) { return name_of(outcome_names, o); }
std::optional<outcome> parse_outcome(std::string_view s) { return value_of(outcome_names, s); }

std::string_view to_string(review_policy p) { return name_of(review_policy_names, p); }
std::optional<review_policy> parse_review_policy(std::string_view s) {
  return value_of(review_policy_names, s);
}

std::string_view to_string(hop_kind k) { return name_of(hop_kind_names, k); }
std::string_view to_string(finding_kind k) { return name_of(finding_kind_names, k); }

int exit_code(outcome o) {
  // Documented CLI contract: 0 may ship (possibly under an exception), 2 licence required,
  // 3 hold; 1 is reserved for failures to run at all.
  switch (o) {
    case outcome::no_license_required:
    case outcome::license_exception:
      return 0;
    case outcome::license_required:
      return 2;
    case outcome::hold:
      return 3;
  }
  return 3;
}

namespace detail {

std::optional<hop_kind> parse_hop_kind(std::string_view s) { return value_of(hop_kind_names, s); }
std::optional<finding_kind> parse_finding_kind(std::string_view s) {
  return value_of(finding_kind_names, s);
}

}  // namespace detail
}  // namespace exportctl
