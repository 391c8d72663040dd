// exportctl — export-control rules engine for AI chips.
// shipment.hpp: what is shipped, who is involved and how it moves. Parsed from YAML or JSON by
// exportctl::parse_shipment (io.hpp), or built directly by an integrating program.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exportctl/date.hpp"

namespace exportctl {

/// Where a value came from in the input document (1-based; 0 when built in code).
struct source_position {
  int line = 0;
  int column = 0;
};

/// Technical parameters of an integrated circuit (or HBM stack) as the exporter knows them.
/// Every field is optional: the engine asks only for the facts a decision needs and lists the
/// missing ones in `missing_facts` (and holds) when it cannot decide without them.
struct chip_specs {
  /// Dense (non-sparse) peak throughput per precision, in TOPS/TFLOPS, e.g. {"fp8", 1979}.
  /// Precision names and their bit lengths are defined by the classification pack.
  std::vector<std::pair<std::string, double>> dense_tops;
  std::optional<double> tpp;                 ///< total processing performance, if given directly
  std::optional<double> die_area_mm2;        ///< applicable die area (non-planar logic dies)
  std::optional<bool> datacenter;            ///< designed or marketed for use in datacenters
  std::optional<double> io_bandwidth_gbs;    ///< aggregate bidirectional I/O to non-memory ICs
  std::optional<double> dram_bandwidth_gbs;  ///< total DRAM bandwidth
  std::optional<double> memory_bandwidth_density;  ///< HBM: GB/s per mm² of package/stack
  /// Commercially available in the US when 91 FR 1684 was published (2026-01-15), a condition
  /// of its case-by-case path. Key `commercially_available_us_2026_01_15`.
  std::optional<bool> us_available_2026_01_15;
  bool hbm = false;  ///< the item is a high-bandwidth-memory stack (3A090.c), not a processor
};

/// One line of a shipment: a catalog product, an IC described by its specs, or a computer /
/// assembly that contains other items (4A090).
struct item {
  std::string product;      ///< catalog id ("nvidia-h100-sxm5-80gb"); empty if not a product
  std::string description;  ///< free text
  std::int64_t quantity = 1;
  std::optional<chip_specs> specs;
  std::vector<item> contains;  ///< non-empty for computers and assemblies
  /// Serial numbers of the units, if the exporter records them (the ledger remembers them: a
  /// serial shipped before to another consignee or country is a red flag; docs/ledger.md).
  std::vector<std::string> serials;
  source_position position;
};

/// The part a party plays in the transaction.
enum class party_role {
  exporter,
  distributor,
  reseller,
  integrator,
  freight_forwarder,
  consignee,
  end_user
};

/// One owner of a party or of an entity: another entity of the shipment (`entity`, the id of an
/// entity or of a party) or a named owner (`name`, `country`), with its share of the owned one.
/// Owners are screened like parties: the Affiliates (50%) rule (90 FR 47201) restricts a party
/// that listed owners hold 50% or more of (docs/screening.md, "Ownership and the Affiliates rule").
struct owner {
  std::string entity;             ///< id in shipment::entities or shipment::parties; or empty
  std::string name;               ///< the owner's name when it is not an entity; or empty
  std::string country;            ///< with `name`
  std::optional<double> percent;  ///< share held, 0 < percent <= 100; absent: unknown
  source_position position;
};

/// An owner that is not a party to the shipment (a parent, a holding company), with its own
/// owners: the ownership chain above the parties.
struct entity {
  std::string id;
  std::string name;
  std::string country;
  std::vector<owner> owners;
  source_position position;
};

/// A purchaser, consignee, intermediary or end user. Country codes are ISO 3166-1 alpha-2.
struct party {
  std::string id;
  std::string name;
  std::string country;
  party_role role = party_role::end_user;
  std::string headquarters;                  ///< empty when not given
  std::string ultimate_parent_headquarters;  ///< empty when not given
  std::optional<double> consignee_ytd_tpp;   ///< TPP already received this calendar year (LPP)
  std::vector<owner> owners;                 ///< who owns the party, as far as stated
  source_position position;
};

/// One movement of the goods from one party to another.
struct transfer {
  std::string from;
  std::string to;
  source_position position;
};

/// A shipment to decide on.
struct shipment {
  std::string id;
  /// The order this shipment belongs to in the ledger (docs/ledger.md); empty: the same as `id`.
  std::string order_id;
  std::optional<date> ship_date;  ///< rules in force that day apply; today when absent
  std::vector<item> items;
  std::vector<party> parties;
  std::vector<transfer> transfers;
  std::vector<entity> entities;  ///< owners that are not parties (parents, holding companies)
  std::string source_name;       ///< file name used in diagnostics ("<stdin>", "examples/x.yaml")
};

/// Stable lowercase names used in the input and output formats.
[[nodiscard]] std::string_view to_string(party_role r);
[[nodiscard]] std::optional<party_role> parse_party_role(std::string_view s);

}  // namespace exportctl
