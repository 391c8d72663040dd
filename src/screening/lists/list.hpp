// list.hpp: an official screening list in memory, read from the files the agencies publish:
// OFAC's legacy SDN.CSV with ALT.CSV and ADD.CSV beside it, the BIS Denied Persons List (tab-
// separated, header row) and the trade.gov Consolidated Screening List CSV (docs/screening.md).
// A list is a dated snapshot: its file name, row count and SHA-256 identify it in a decision.
// Reading fails closed: a malformed row, an unknown or missing column, or a file or entry past
// a bound is an error diagnostic with file:line (EXC-E8xxx), and no list is returned.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "exportctl/diagnostic.hpp"

namespace exportctl::detail::lists {

enum class list_format { ofac_sdn, bis_dpl, csl };

struct list_entry {
  std::string id;      ///< SDN ent_num, CSL _id or entity_number, else the file line
  std::string source;  ///< the list it comes from (a CSL row's `source`)
  std::string type;    ///< SDN_Type / CSL type ("Entity", "Individual", "Vessel"), may be empty
  std::string programs;
  std::vector<std::string> names;      ///< names[0] is the listed name, then its aliases
  std::vector<std::string> addresses;  ///< as written
  std::vector<std::string> countries;  ///< ISO 3166-1 alpha-2 codes of the addresses, sorted
  std::string start_date, end_date;    ///< as written
  std::string license_requirement, license_policy, federal_register_notice;
  std::string file;  ///< file of the row
  int line = 0;      ///< line of the row
};

struct screening_list {
  list_format format = list_format::csl;
  std::string source;    ///< "OFAC SDN", "BIS Denied Persons List", "Consolidated Screening List"
  std::string file;      ///< as given
  std::size_t rows = 0;  ///< data rows read (all files of the list)
  std::string sha256;    ///< of the bytes of the main file, then of each companion file
  std::vector<list_entry> entries;
};

/// Bounds of one list (docs/limits.md). A 50 MB list fits; a device or a larger file is refused
/// before reading (EXC-E5001, EXC-E9003).
struct list_limits {
  std::size_t max_file_bytes = std::size_t{64} << 20;
  std::size_t max_cell_bytes = std::size_t{64} << 10;
  std::size_t max_name_bytes = 1024;        ///< a longer listed name: EXC-E8005
  std::size_t max_names_per_entry = 10000;  ///< more aliases for one entry: EXC-E8006
  std::size_t max_entries = 2000000;
};

/// Reads the list at `path`: `sdn.csv` (any case) is OFAC's, with `alt.csv` and `add.csv`
/// required beside it; otherwise the header row tells the DPL from the CSL (EXC-E8001 when it
/// is neither).
[[nodiscard]] std::optional<screening_list> read_list(const std::string& path,
                                                      std::vector<diagnostic>& diags,
                                                      const list_limits& limits = {});

/// Every list of `paths`: a file, or a directory's list files (`sdn.csv` with its companions,
/// and every other `.csv`, `.tsv` and `.txt` file, in name order; other files are not lists
/// and are left alone). A directory with no list file is EXC-E8009. Lists that fail to read
/// are left out, with their diagnostics in `diags`.
[[nodiscard]] std::vector<screening_list> read_lists(const std::vector<std::string>& paths,
                                                     std::vector<diagnostic>& diags,
                                                     const list_limits& limits = {});

/// Readers of one format from bytes already read (for tests and fuzzing); `file` names the
/// input in diagnostics.
[[nodiscard]] std::optional<screening_list> parse_dpl(std::string_view text,
                                                      const std::string& file,
                                                      std::vector<diagnostic>& diags,
                                                      const list_limits& limits = {});
[[nodiscard]] std::optional<screening_list> parse_csl(std::string_view text,
                                                      const std::string& file,
                                                      std::vector<diagnostic>& diags,
                                                      const list_limits& limits = {});
struct ofac_files {
  std::string sdn_file, alt_file, add_file;
  std::string_view sdn, alt, add;
};
[[nodiscard]] std::optional<screening_list> parse_ofac(const ofac_files& files,
                                                       std::vector<diagnostic>& diags,
                                                       const list_limits& limits = {});

/// One reviewer's decision that a party is not a listed entry ("good guys"): the candidate
/// (its list source and entry id), the party name and country it was cleared for, who decided,
/// when and why. A possible match of exactly that party and entry no longer holds.
struct reviewed_match {
  std::string source, entry, name, country, reviewer, date, reason;
  std::string file;
  int line = 0;
};

/// A file of reviewed matches: CSV with the header `source,entry,name,country,reviewer,date,
/// reason` (every column, no other; EXC-E8003/E8004), one row per decision; a row with an empty
/// cell or a date that is not YYYY-MM-DD is EXC-E8008. Hashed into decisions like a list.
struct reviewed_file {
  std::string file;
  std::size_t rows = 0;
  std::string sha256;
  std::vector<reviewed_match> entries;
};
[[nodiscard]] std::optional<reviewed_file> read_reviewed(const std::string& path,
                                                         std::vector<diagnostic>& diags,
                                                         const list_limits& limits = {});
[[nodiscard]] std::optional<reviewed_file> parse_reviewed(std::string_view text,
                                                          const std::string& file,
                                                          std::vector<diagnostic>& diags,
                                                          const list_limits& limits = {});

/// The ISO alpha-2 code of an English country name as OFAC writes it ("United Kingdom",
/// "Korea, North", "Iran"), or of a two-letter code; empty when unknown.
[[nodiscard]] std::string country_code_of(std::string_view name);

}  // namespace exportctl::detail::lists
