// exportctl — export-control rules engine for AI chips.
// receipt.hpp: audit receipts. A receipt records what a decision was made from (the canonical
// input, the date, the scenarios, the rule packs, the engine) with SHA-256 hashes, so that an
// auditor can re-run it later and check that the same inputs still give the same bytes
// (`exportctl verify RECEIPT`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/date.hpp"
#include "exportctl/decision.hpp"
#include "exportctl/diagnostic.hpp"
#include "exportctl/engine.hpp"
#include "exportctl/history.hpp"
#include "exportctl/shipment.hpp"

namespace exportctl {

/// The receipt format this library writes and reads (the receipt's `receipt` member).
inline constexpr std::string_view receipt_format = "exportctl-receipt/2";

/// Writes the receipt of `d`, the decision for `input`, as one line of JSON (no newline), with
/// the members in this order:
///
/// | member | value |
/// |---|---|
/// | `receipt` | `"exportctl-receipt/2"` |
/// | `engine` | the engine that decided, `"exportctl 0.1.0"` |
/// | `as_of` | the date the rules were applied for |
/// | `scenarios` | scenario packs applied as if enforced (sorted) |
/// | `fingerprint` | SHA-256 of the engine's pack set |
/// | `rulepacks` | each applied pack's `id`, `version`, `sha256` |
/// | `input_sha256` | SHA-256 of the canonical input, `to_json(input)` |
/// | `decision_sha256` | SHA-256 of the decision's canonical JSON, `to_json(d)` |
/// | `input` | the canonical input itself (a shipment object) |
///
///     auto r = eng.check(s);
///     std::string receipt = exportctl::make_receipt(s, *r.value);
[[nodiscard]] std::string make_receipt(const shipment& input, const decision& d);
/// As above, when the caller already wrote the decision: `decision_json` must be `to_json(d)`.
/// With `facts` (a release: what the ledger knew, history.hpp), the receipt ends with a
/// `ledger_facts` member after `input`, and verify_receipt decides again with them; with
/// `release` (what the release did: its state and the licences drawn on), a `release` member
/// after that, which verify_receipt checks against the decision made again.
[[nodiscard]] std::string make_receipt(const shipment& input, const decision& d,
                                       std::string_view decision_json,
                                       const ledger_facts* facts = nullptr,
                                       const release_record* release = nullptr);

/// One rule pack named in a receipt.
struct receipt_pack {
  std::string id;
  std::string version;
  std::string sha256;
};

/// One official screening list named in a receipt.
struct receipt_list {
  std::string source;
  std::string file;
  std::size_t rows = 0;
  std::string sha256;
};

/// A receipt read back (see make_receipt for the members).
struct receipt {
  std::string format;
  std::string engine;
  date as_of;
  std::vector<std::string> scenarios;
  std::string fingerprint;
  std::vector<receipt_pack> rulepacks;
  /// The official lists the decision was screened against (empty: the curated subset only).
  std::vector<receipt_list> lists;
  std::string input_sha256;
  std::string decision_sha256;
  std::string input_json;  ///< the `input` member as compact JSON text
  /// The ledger's facts the decision was made with (a release), if the receipt has them.
  std::optional<ledger_facts> facts;
  /// What the release did (its state and the licences drawn on), if the receipt has it.
  std::optional<release_record> release;
  /// When the receipt came inside a decision record (`batch --receipts`): the record's decision
  /// bytes, i.e. the record without its `receipt` member. Empty for a bare receipt.
  std::string recorded_decision;
};

/// Result of reading a receipt.
struct receipt_result {
  std::optional<receipt> value;
  std::vector<diagnostic> diagnostics;  ///< EXC-E6101 / EXC-E6102
};

/// Reads a receipt: a receipt object, or any JSON object with a `receipt` member holding one (a
/// record of `exportctl batch --receipts`).
[[nodiscard]] receipt_result parse_receipt(std::string_view text, std::string_view file_name);

/// What re-running a receipt found. Every check is made, even after one fails, so the report
/// says everything that differs.
struct receipt_check {
  bool input_ok = false;   ///< the stored input is a shipment whose canonical JSON has input_sha256
  bool engine_ok = false;  ///< the engine is the receipt's version
  bool packs_ok = false;   ///< the loaded pack set has the receipt's fingerprint, and the
                           ///< receipt's `rulepacks` names exactly the packs applied, with
                           ///< their versions and SHA-256s
  bool decision_ok = false;  ///< deciding the input again gives bytes with decision_sha256,
                             ///< and so does the recorded decision, if any
  bool lists_ok = false;     ///< the engine screens against exactly the receipt's lists (by
                             ///< source and SHA-256; the file names may differ)
  /// The receipt's `release`, if any, is what a release of the decision made again does: held
  /// for a hold, a licence for exactly the items that need one, each for its whole quantity,
  /// blocked only where a licence is needed (true when the receipt has no `release`).
  bool release_ok = true;
  std::vector<std::string> problems;  ///< one line per difference, for people
  std::string decision_json;          ///< the decision made now; empty when none could be made
  [[nodiscard]] bool verified() const {
    return input_ok && engine_ok && packs_ok && lists_ok && decision_ok && release_ok;
  }
};

/// Re-decides the receipt's input on `e` (built with the receipt's scenarios), as of the
/// receipt's date, and compares hashes, packs and engine version.
[[nodiscard]] receipt_check verify_receipt(const receipt& r, const engine& e);

}  // namespace exportctl
