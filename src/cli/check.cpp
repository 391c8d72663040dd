// check.cpp: `exportctl check FILE...` — decides shipments.
#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "exportctl/io.hpp"
#include "exportctl/receipt.hpp"

namespace exportctl::cli {
command add_check(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "check",
      "Decide whether shipments need a licence. Each FILE is a YAML or JSON shipment (`-` reads "
      "standard input). With several files, JSON output is one decision per line; the exit code "
      "is the most restrictive (error 1 wins).");
  auto flags = std::make_shared<engine_flags>();
  auto files = std::make_shared<std::vector<std::string>>();
  cmd->add_option("FILE", *files, "Shipment files (YAML or JSON), or `-` for standard input")
      ->required();
  add_engine_flags(*cmd, *flags);
  auto receipt = std::make_shared<std::string>();
  cmd->add_option("--receipt", *receipt,
                  "Also write an audit receipt of each decision to this file, one JSON line per "
                  "decision (check it later with `exportctl verify FILE`)");

  return [flags, files, receipt]() -> int {
    bool ok = true;
    auto as_of = parse_as_of(*flags, ok);
    if (!ok) return exit_error;
    if (!refuse_aliases({*receipt}, *files)) return exit_error;
    auto eng = build_engine(*flags);
    if (!eng) return exit_error;
    const bool json = want_json(*flags);

    int worst = exit_ok;  // 0 < 2 < 3, and any error (1) wins
    bool error = false;
    bool first = true;
    std::string receipts;
    for (const auto& file : *files) {
      auto text = read_input(file);
      if (!text) {
        error = true;
        continue;
      }
      auto parsed = parse_shipment(*text, file == "-" ? "<stdin>" : file);
      if (!parsed.value) {
        print_diagnostics(parsed.diagnostics);
        error = true;
        continue;
      }
      auto result = eng->check(*parsed.value, {as_of});
      print_diagnostics(result.diagnostics);
      if (!result.value) {
        error = true;
        continue;
      }
      if (json) {
        std::cout << to_json(*result.value, flags->pretty) << '\n';
      } else {
        if (!first) std::cout << '\n';
        std::cout << to_text(*result.value);
      }
      first = false;
      worst = std::max(worst, exit_code(result.value->result));
      if (!receipt->empty()) receipts += make_receipt(*parsed.value, *result.value) + '\n';
    }
    if (!receipt->empty() && !write_file(*receipt, receipts)) error = true;
    return error ? exit_error : worst;
  };
}

command add_classify(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "classify",
      "Classify a catalog product, or an IC given by its specs, on a date (no shipment). "
      "Example: exportctl classify --specs '{dense_tops: {fp8: 1979}, die_area_mm2: 814, "
      "datacenter: true}'");
  auto flags = std::make_shared<engine_flags>();
  auto product = std::make_shared<std::string>();
  auto specs = std::make_shared<std::string>();
  cmd->add_option("PRODUCT", *product,
                  "Catalog id, e.g. nvidia-h100-sxm5-80gb (see `exportctl products`)");
  cmd->add_option("--specs", *specs,
                  "Specs as a YAML/JSON mapping (keys as in a shipment item's `specs`), or @FILE");
  add_engine_flags(*cmd, *flags);

  return [flags, product, specs]() -> int {
    if (product->empty() == specs->empty()) {
      std::cerr << "error: give either a PRODUCT id or --specs (one of them)\n";
      return exit_error;
    }
    bool ok = true;
    auto as_of = parse_as_of(*flags, ok);
    if (!ok) return exit_error;
    auto eng = build_engine(*flags);
    if (!eng) return exit_error;

    item it;
    it.quantity = 1;
    if (!product->empty()) {
      it.product = *product;
    } else {
      std::string text = *specs;
      std::string name = "<specs>";
      if (!text.empty() && text[0] == '@') {
        name = text.substr(1);
        auto content = read_input(name, input_limits{}.max_input_bytes, "spec sheet");
        if (!content) return exit_error;
        text = *content;
      }
      auto parsed = parse_specs(text, name);
      if (!parsed.value) {
        print_diagnostics(parsed.diagnostics);
        return exit_error;
      }
      it.specs = std::move(parsed.value);
    }
    std::vector<diagnostic> diags;
    auto c = eng->classify(it, as_of.value_or(date::today()), &diags);
    print_diagnostics(diags);
    if (!c) return exit_error;
    std::cout << (want_json(*flags) ? to_json(*c, flags->pretty) + "\n" : to_text(*c));
    return exit_ok;
  };
}

}  // namespace exportctl::cli
