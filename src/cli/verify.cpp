// verify.cpp: `exportctl verify RECEIPT...` — re-runs audit receipts on the packs at hand.
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <string_view>

#include "cli/batch_records.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "doc/json.hpp"
#include "exportctl/receipt.hpp"
#include "model/sha256.hpp"

namespace exportctl::cli {
namespace {

constexpr int exit_mismatch = 4;

struct verify_flags {
  std::vector<std::string> files;
  std::vector<std::string> rules;
  std::vector<std::string> lists;
  std::vector<std::string> reviewed;
};

// One engine per scenario set named by the receipts, built on first use.
class engines {
 public:
  engines(const std::vector<std::string>& rules, const std::vector<std::string>& lists,
          const std::vector<std::string>& reviewed)
      : rules_(rules), lists_(lists), reviewed_(reviewed) {}
  const engine* get(const std::vector<std::string>& scenarios) {
    auto it = cache_.find(scenarios);
    if (it == cache_.end()) {
      engine_flags f;
      f.rules = rules_;
      f.lists = lists_;
      f.reviewed = reviewed_;
      f.scenarios = scenarios;
      it = cache_.emplace(scenarios, build_engine(f)).first;
    }
    return it->second ? &*it->second : nullptr;
  }

 private:
  std::vector<std::string> rules_;
  std::vector<std::string> lists_;
  std::vector<std::string> reviewed_;
  std::map<std::vector<std::string>, std::optional<engine>> cache_;
};

// The record chain of a batch decisions file (cli/batch_records.hpp): every record closed with
// the chain value of the records before it, and a summary with the count and the last value.
class chain_check {
 public:
  // Checks one record line; a problem (or an empty string) for the report.
  std::string record(std::string_view line, const detail::ojson& doc) {
    if (summary_) return "a record after the summary record (records were appended)";
    const auto& prev = doc["prev_sha256"];
    const std::string suffix = ",\"prev_sha256\":\"" + chain_ + "\"}";
    std::string problem;
    if (!prev.is_string() || line.size() < suffix.size() ||
        line.substr(line.size() - suffix.size()) != suffix) {
      problem =
          "out of chain: `prev_sha256` is not the chain value of the records before it "
          "(a record before it was changed, deleted, duplicated or moved, or this one was)";
    }
    // Go on from the record's own value, so that one break is reported once, not at every
    // record after it.
    if (!problem.empty() && prev.is_string()) chain_ = prev.get<std::string>();
    const auto at = line.rfind(",\"prev_sha256\":");
    chain_ = chain_next(chain_, detail::sha256_hex(line.substr(0, at)));
    ++records_;
    const auto it = doc.find("line");
    const long long n = it != doc.end() && it->is_number_integer() ? it->get<long long>() : -1;
    if (problem.empty() && n <= last_line_) {
      problem = "input line " + std::to_string(n) + " comes after input line " +
                std::to_string(last_line_) + " (a record duplicated or moved)";
    }
    last_line_ = std::max(last_line_, n);
    return problem;
  }
  // Checks the summary record.
  std::string summary(const detail::ojson& doc) {
    if (summary_) return "a second summary record";
    summary_ = true;
    const auto& s = doc["summary"];
    const bool count_ok = s.contains("records") && s["records"].is_number_unsigned() &&
                          s["records"].get<std::size_t>() == records_;
    const bool hash_ok = s.contains("last_sha256") && s["last_sha256"].is_string() &&
                         s["last_sha256"].get<std::string>() == chain_;
    if (count_ok && hash_ok) return {};
    return "the summary does not match the records before it (" + std::to_string(records_) +
           " records, chain " + chain_.substr(0, 12) + "…): records were deleted, added or changed";
  }
  [[nodiscard]] bool started() const { return records_ > 0 || summary_; }
  [[nodiscard]] bool complete() const { return summary_; }
  [[nodiscard]] std::size_t records() const { return records_; }
  [[nodiscard]] const std::string& last() const { return chain_; }

 private:
  std::string chain_{chain_start};
  std::size_t records_ = 0;
  long long last_line_ = 0;
  bool summary_ = false;
};

// An error record of `batch`: exactly its members, so a decision dressed up with an `error`
// member is not skipped as one.
bool is_error_record(const detail::ojson& doc) {
  static const std::vector<std::string> keys{"error", "line", "diagnostics", "input_sha256",
                                             "prev_sha256"};
  if (!doc.is_object() || doc.size() != keys.size()) return false;
  for (const auto& k : keys)
    if (!doc.contains(k)) return false;
  return doc["error"].is_string() && doc["line"].is_number_integer() &&
         doc["diagnostics"].is_array() &&
         (doc["input_sha256"].is_string() || doc["input_sha256"].is_null());
}

}  // namespace

command add_verify(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "verify",
      "Re-run audit receipts (`check --receipt`, `batch --receipts`) on the packs at hand and "
      "report, for each, whether the input still hashes to the receipt's input_sha256, the pack "
      "set and engine are the same, and deciding again gives the same decision bytes. A RECEIPT "
      "file holds one receipt, or JSON Lines of receipts, or the records of `batch --receipts`: "
      "then the record chain is checked too (each record's `prev_sha256` and the summary record "
      "at the end), so a record changed, deleted, duplicated or moved, or a file cut short, does "
      "not verify. Error records have no receipt and are skipped, but stay in the chain.");
  auto f = std::make_shared<verify_flags>();
  cmd->add_option("RECEIPT", f->files, "Receipt files, or `-` for standard input")->required();
  add_repeatable(*cmd, "--rules", f->rules,
                 "Rule-pack file or directory to verify against; repeat to load several "
                 "(default: the installed packs)");
  add_repeatable(*cmd, "--lists", f->lists,
                 "Screening list file or directory the receipts were screened against; repeat "
                 "for several (a receipt names each list's SHA-256; default: the installed "
                 "share/exportctl/lists, if any)");
  add_repeatable(*cmd, "--reviewed", f->reviewed,
                 "Reviewed-matches file the receipts were decided with (named with its SHA-256 "
                 "like a list); repeatable");
  cmd->footer(
      "Exit codes: 0 every receipt verified; 4 some receipt does not verify (the reasons are "
      "printed); 1 a receipt could not be read or the packs did not load.\n"
      "Examples:\n"
      "  exportctl check --receipt so-1042.receipt.json order.yaml && exportctl verify "
      "so-1042.receipt.json\n"
      "  exportctl verify --rules archive/packs-2025-06/ decisions.jsonl");

  return [f]() -> int {
    engines cache(f->rules, f->lists, f->reviewed);
    std::size_t verified = 0, failed = 0, errors = 0;
    for (const auto& file : f->files) {
      // A decisions file can be far larger than a shipment: no size bound, and a pipe is fine.
      auto text = read_stream(file);
      if (!text) {
        ++errors;
        continue;
      }
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
      chain_check chain;
      for (const auto& [line, doc] : docs) {
        const std::string where = line ? name + ":" + std::to_string(line) : name;
        if (line) {
          detail::ojson json;
          try {
            json = detail::ojson::parse(doc.begin(), doc.end());
          } catch (const detail::ojson::exception&) {
          }
          const bool is_object = json.is_object();
          if (is_object && json.size() == 1 && json.contains("summary") &&
              json["summary"].is_object()) {
            if (auto problem = chain.summary(json); !problem.empty()) {
              ++failed;
              std::cout << where << ": NOT verified\n  " << problem << '\n';
            }
            continue;
          }
          if (is_object && json.contains("prev_sha256")) {
            if (auto problem = chain.record(doc, json); !problem.empty()) {
              ++failed;
              std::cout << where << ": NOT verified\n  " << problem << '\n';
              continue;
            }
          } else if (chain.started()) {
            ++failed;
            std::cout
                << where
                << ": NOT verified\n  a record without `prev_sha256` among chained batch records\n";
            continue;
          }
          if (is_error_record(json)) {
            std::cout << where << ": skipped (an error record has no receipt)\n";
            continue;
          }
        }
        auto r = line ? parse_receipt(doc, where) : std::move(whole);
        if (!r.value) {
          print_diagnostics(r.diagnostics);
          ++errors;
          continue;
        }
        const engine* eng = cache.get(r.value->scenarios);
        if (eng == nullptr) {
          ++errors;
          continue;
        }
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
      if (chain.started()) {
        if (!chain.complete()) {
          ++failed;
          std::cout << name << ": NOT verified\n  the file ends without its summary record after "
                    << chain.records() << " record(s): records are missing at the end, or the run "
                    << "that wrote it did not finish\n";
        } else {
          std::cout << name << ": " << chain.records() << " record(s), chain intact (last "
                    << chain.last().substr(0, 12) << "…)\n";
        }
      }
    }
    if (verified + failed + errors > 1)
      std::cout << verified << " verified, " << failed << " not verified, " << errors
                << " error(s)\n";
    if (errors > 0) return exit_error;
    return failed > 0 ? exit_mismatch : exit_ok;
  };
}

}  // namespace exportctl::cli
