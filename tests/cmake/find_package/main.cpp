// Decides one shipment through the installed library and its installed default packs.
#include <exportctl/engine.hpp>
#include <exportctl/io.hpp>
#include <iostream>

int main() {
  auto built = exportctl::engine::load({{CONSUMER_RULES_DIR}, {}});
  if (!built.value) {
    for (const auto& d : built.diagnostics) std::cerr << exportctl::format(d) << '\n';
    return 1;
  }
  const char* text = R"(
id: consumer-1
date: 2026-03-01
items: [{product: nvidia-h200-sxm-141gb, quantity: 8}]
parties:
  - {id: exp, name: Example Inc., country: US, role: exporter}
  - {id: eu, name: Example Cloud, country: CN, role: end_user}
transfers: [{from: exp, to: eu}]
)";
  auto parsed = exportctl::parse_shipment(text, "consumer.yaml");
  if (!parsed.value) return 1;
  auto result = built.value->check(*parsed.value);
  if (!result.value) return 1;
  std::cout << exportctl::to_json(*result.value) << '\n';
  // 91 FR 1684: an H200 exported from the US to China needs a licence, reviewed case by case.
  return result.value->result == exportctl::outcome::license_required &&
                 result.value->policy == exportctl::review_policy::case_by_case
             ? 0
             : 1;
}
