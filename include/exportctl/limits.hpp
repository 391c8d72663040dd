// exportctl — export-control rules engine for AI chips.
// limits.hpp: bounds on the size and shape of input. They protect a shared engine from hostile
// or broken input (a 2 GB file, a million parties, `contains` nested ten thousand deep): input
// past a bound is refused with a diagnostic (EXC-E5xxx, docs/limits.md), never decided. They are
// engineering bounds, not regulatory numbers, far above any real shipment.
#pragma once

#include <cstddef>

namespace exportctl {

/// Size and shape bounds; the defaults suit every real shipment and pack (see docs/limits.md).
///
///     exportctl::input_limits lim;
///     lim.max_parties = 50;                            // refuse larger shipments (EXC-E5002)
///     auto built = exportctl::engine::load({}, lim);   // checks shipments against lim
struct input_limits {
  /// Bytes of one shipment document (parse_shipment, parse_specs): EXC-E5001.
  std::size_t max_input_bytes = std::size_t{16} << 20;
  /// Bytes of one rule-pack file: EXC-E5001.
  std::size_t max_pack_bytes = std::size_t{64} << 20;
  /// Parties in one shipment: EXC-E5002.
  std::size_t max_parties = 1000;
  /// Items in one shipment, counting every item inside `contains`: EXC-E5003.
  std::size_t max_items = 10000;
  /// Transfers in one shipment: EXC-E5004.
  std::size_t max_transfers = 4000;
  /// Levels of `contains` below a shipment line (a computer holds boards that hold ICs):
  /// EXC-E2007.
  int max_contains_depth = 8;
  /// Length in bytes of an id (shipment, party, product, transfer ends) and of a country code
  /// field: EXC-E5005.
  std::size_t max_id_length = 256;
  /// Length in bytes of a party name: EXC-E5005.
  std::size_t max_name_length = 1024;
  /// Length in bytes of an item description: EXC-E5005.
  std::size_t max_text_length = 4096;
  /// Nesting of YAML/JSON collections in any document: EXC-E1005 (the parser stops there, so a
  /// deeply nested document cannot exhaust the stack).
  int max_document_depth = 64;
  /// Paths from the exporter enumerated per shipment; past it the shipment is `hold` with a
  /// red flag or missing fact saying why, and no path is decided.
  std::size_t max_paths = 4096;
  /// Judgements of one item on one hop per shipment (items × hops over all paths): the work a
  /// check does. Past it the shipment is `hold` with a missing fact saying why, and no path is
  /// decided (about a quarter of a second of work at the default).
  std::size_t max_item_hops = std::size_t{1} << 22;
  /// Checks of a party after a hop per shipment (items × Σ over paths of n(n-1)/2 for a path of
  /// n parties): the work of the downstream conditions. Past it the shipment is `hold`, like
  /// past max_item_hops (about a quarter of a second of work at the default).
  std::size_t max_party_checks = std::size_t{1} << 25;
  /// Paths listed in a decision with their hops. Every path is still decided and counts
  /// towards the decision; past this many (or past max_reported_hops) the rest are summarized
  /// in decision::paths_omitted (a count per outcome), so a decision's size stays bounded.
  std::size_t max_reported_paths = 64;
  /// Hops listed over all the paths a decision lists (the first path is always listed).
  std::size_t max_reported_hops = 2048;
};

}  // namespace exportctl
