// verify.cpp: `exportctl verify RECEIPT...` — re-runs audit receipts on the packs at hand.
#include <iostream>
#include <map>
#include <memory>
#include <string_view>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "exportctl/receipt.hpp"

namespace exportctl::cli {
namespace {

constexpr int exit_mismatch = 4;

struct verify_flags {
  std::vector<std::string> files;
  std::vector<std::string> rules;
};

// One engine per scenario set named by the receipts, built on first use.
class engines {
 public:
  explicit engines(const std::vector<std::string>& rules) : rules_(rules) {}
  const engine* get(const std::vector<std::string>& scenarios) {
    auto it = cache_.find(scenarios);
    if (it == cache_.end()) {
      engine_flags f;
      f.rules = rules_;
      f.scenarios = scenarios;
      it = cache_.emplace(scenarios, build_engine(f)).first;
    }
    return it->second ? &*it->second : nullptr;
  }

 private:
  std::vector<std::string> rules_;
  std::map<std::vector<std::string>, std::optional<engine>> cache_;
};

}  // namespace

command add_verify(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "verify",
      "Re-run audit receipts (`check --receipt`, `batch --receipts`) on the packs at hand and "
      "report, for each, whether the input still hashes to the receipt's input_sha256, the pack "
      "set and engine are the same, and deciding again gives the same decision bytes. A RECEIPT "
      "file holds one receipt, or JSON Lines of receipts or batch records (error records are "
      "skipped).");
  auto f = std::make_shared<verify_flags>();
  cmd->add_option("RECEIPT", f->files, "Receipt files, or `-` for standard input")->required();
  cmd->add_option("--rules", f->rules,
                  "Rule-pack file or directory to verify against; repeat to load several "
                  "(default: the installed packs)");
  cmd->footer(
      "Exit codes: 0 every receipt verified; 4 some receipt does not verify (the reasons are "
      "printed); 1 a receipt could not be read or the packs did not load.\n"
      "Examples:\n"
      "  exportctl check --receipt so-1042.receipt.json order.yaml && exportctl verify so-1042.receipt.json\n"
      "  exportctl verify --rules archive/packs-2025-06/ decisions.jsonl");

  return [f]() -> int {
    engines cache(f->rules);
    std::size_t verified = 0, failed = 0, errors = 0;
    for (const auto& file : f->files) {
      auto text = read_input(file);
      if (!text) { ++errors; continue; }
      const std::string name = file == "-" ? "<stdin>" : file;
      // One receipt (possibly pretty-printed), or one receipt per line.
      std::vector<std::pair<std::size_t, std::string_view>> docs;
      auto whole = parse_receipt(*text, name);
      if (whole.value || text->find('\n') == text->find_last_of('\n')) {
        docs.emplace_back(0, *text);
      } else {
        std::string_view all = *text;
        std::size_t line = 1;
        for (std::size_t pos = 0; pos < all.size(); ++line) {
          std::size_t end = all.find('\n', pos);
          if (end == std::string_view::npos) end = all.size();
          auto l = all.substr(pos, end - pos);
          if (l.find_first_not_of(" \t\r") != std::string_view::npos) docs.emplace_back(line, l);
          pos = end + 1;
        }
      }
      for (const auto& [line, doc] : docs) {
        const std::string where = line ? name + ":" + std::to_string(line) : name;
        auto r = line ? parse_receipt(doc, where) : std::move(whole);
        if (!r.value) {
          if (line && doc.find("\"error\":") != std::string_view::npos &&
              doc.find("\"receipt\":") == std::string_view::npos) {
            std::cout << where << ": skipped (an error record has no receipt)\n";
            continue;
          }
          print_diagnostics(r.diagnostics);
          ++errors;
          continue;
        }
        const engine* eng = cache.get(r.value->scenarios);
        if (eng == nullptr) { ++errors; continue; }
        auto c = verify_receipt(*r.value, *eng);
        if (c.verified()) {
          ++verified;
          std::cout << where << ": verified (input, packs, engine and decision bytes match)\n";
        } else {
          ++failed;
          std::cout << where << ": NOT verified\n";
          for (const auto& p : c.problems) std::cout << "  " << p << '\n';
        }
      }
    }
    if (verified + failed + errors > 1)
      std::cout << verified << " verified, " << failed << " not verified, " << errors << " error(s)\n";
    if (errors > 0) return exit_error;
    return failed > 0 ? exit_mismatch : exit_ok;
  };
}

}  // namespace exportctl::cli
