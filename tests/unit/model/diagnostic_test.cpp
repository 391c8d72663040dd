// diagnostic_test.cpp: the compiler-style text of diagnostics, and the enum names.
#include "exportctl/diagnostic.hpp"

#include <catch2/catch.hpp>

#include "exportctl/decision.hpp"
#include "exportctl/shipment.hpp"
#include "model/names.hpp"

using namespace exportctl;

TEST_CASE("format prints position, code, path and help", "[model][diagnostic]") {
  diagnostic d;
  d.code = "EXC-E2003";
  d.message = "unknown key `treshold`";
  d.file = "rules/bad.yaml";
  d.line = 12;
  d.column = 7;
  d.path = "classifications[0].when";
  d.help = "did you mean `thresholds`?";
  CHECK(format(d) ==
        "rules/bad.yaml:12:7: error[EXC-E2003]: unknown key `treshold`\n"
        "  at classifications[0].when\n"
        "  help: did you mean `thresholds`?");

  d.level = severity::warning;
  d.line = 0;
  d.path.clear();
  d.help.clear();
  CHECK(format(d) == "rules/bad.yaml: warning[EXC-E2003]: unknown key `treshold`");

  d.file.clear();
  CHECK(format(d) == "warning[EXC-E2003]: unknown key `treshold`");
}

TEST_CASE("has_errors ignores warnings", "[model][diagnostic]") {
  std::vector<diagnostic> v;
  CHECK_FALSE(has_errors(v));
  v.push_back(diagnostic{severity::warning, "EXC-E0000", "w", "", 0, 0, "", ""});
  CHECK_FALSE(has_errors(v));
  v.push_back(diagnostic{});
  CHECK(has_errors(v));
}

TEST_CASE("enum names round-trip", "[model][names]") {
  for (auto o : {outcome::no_license_required, outcome::license_exception,
                 outcome::license_required, outcome::hold}) {
    CHECK(parse_outcome(to_string(o)) == o);
  }
  for (auto p :
       {review_policy::none, review_policy::presumption_of_approval, review_policy::case_by_case,
        review_policy::presumption_of_denial, review_policy::policy_of_denial}) {
    CHECK(parse_review_policy(to_string(p)) == p);
  }
  for (auto r :
       {party_role::exporter, party_role::distributor, party_role::reseller, party_role::integrator,
        party_role::freight_forwarder, party_role::consignee, party_role::end_user}) {
    CHECK(parse_party_role(to_string(r)) == r);
  }
  CHECK(to_string(hop_kind::export_from_us) == "export");
  CHECK(to_string(hop_kind::in_country_transfer) == "in_country_transfer");
  CHECK(detail::parse_hop_kind("reexport") == hop_kind::reexport);
  CHECK_FALSE(detail::parse_hop_kind("export_from_us"));
  CHECK(to_string(finding_kind::missing_fact) == "missing_fact");
  CHECK(detail::parse_finding_kind("entity_list") == finding_kind::entity_list);
  CHECK_FALSE(parse_outcome("License_Required"));
}

TEST_CASE("exit codes follow the CLI contract", "[model][names]") {
  CHECK(exit_code(outcome::no_license_required) == 0);
  CHECK(exit_code(outcome::license_exception) == 0);
  CHECK(exit_code(outcome::license_required) == 2);
  CHECK(exit_code(outcome::hold) == 3);
}
