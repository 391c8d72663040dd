// pack_set.hpp: the pack-set manifest (`pack-set.yaml` at the top of a pack directory): which
// packs the directory must hold and the SHA-256 of each one's normalized content. Without it a
// directory missing `entity-list.yaml` loaded silently (the Entity List gone) and a pack cut
// short at an entry boundary loaded with `lint` clean.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "exportctl/diagnostic.hpp"
#include "exportctl/limits.hpp"

namespace exportctl::detail {

struct pack_info;

/// The file name of a manifest; in a directory given as a pack path it is not a pack.
inline constexpr const char* pack_set_file_name = "pack-set.yaml";

struct pack_set_manifest {
  struct entry {
    std::string id;
    std::string sha256;
    int line = 0;
    int column = 0;
  };
  std::string file;       ///< the manifest
  std::string directory;  ///< the pack directory it describes (generic path, no trailing '/')
  std::string id;
  std::string version;
  std::vector<entry> packs;
  int line = 0;  ///< of the `packs` list
  int column = 0;
};

/// Reads a manifest strictly (unknown keys, wrong types, a duplicate or malformed entry are
/// errors); std::nullopt after an error.
[[nodiscard]] std::optional<pack_set_manifest> read_pack_set(const std::string& file,
                                                             const std::string& directory,
                                                             const input_limits& limits,
                                                             std::vector<diagnostic>& out);

/// Every pack the manifest names is loaded from its directory with the recorded SHA-256
/// (EXC-E3014 missing, EXC-E3015 different), and every pack loaded from the directory is named
/// (EXC-E3015). Packs from other paths or texts extend the set and are not checked here.
void check_pack_set(const pack_set_manifest& m, const std::vector<pack_info>& packs,
                    std::vector<diagnostic>& out);

/// The manifest text for `packs` loaded from `m.directory` (for `lint --update-manifest`).
[[nodiscard]] std::string write_pack_set(const pack_set_manifest& m,
                                         const std::vector<pack_info>& packs);

}  // namespace exportctl::detail
