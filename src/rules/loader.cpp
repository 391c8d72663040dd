// loader.cpp: load_packs, the entry point of the rules module. Finds the pack files, parses and
// reads each one, decides which scenario packs apply, links everything into compiled_packs and
// returns every diagnostic found along the way, sorted by file and position.
#include "rules/loader.hpp"

#include <algorithm>
#include <climits>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <unordered_map>

#include "model/diag_codes.hpp"
#include "model/file_read.hpp"
#include "model/limits.hpp"
#include "model/text.hpp"
#include "rules/pack_ast.hpp"
#include "rules/pack_set.hpp"

namespace exportctl::detail {
namespace {

namespace fs = std::filesystem;

diagnostic io_error(diag_code code, std::string message, std::string file, std::string help = {}) {
  diagnostic d;
  d.code = code;
  d.message = std::move(message);
  d.file = std::move(file);
  d.help = std::move(help);
  return d;
}

// Expands the given paths into pack files: a file as given (whatever its extension), a
// directory recursively for *.yaml in sorted path order, so that load order (and therefore
// rule order and diagnostics) never depends on the file system.
std::vector<std::string> find_pack_files(
    const std::vector<std::string>& paths, bool have_texts,
    std::vector<std::pair<std::string, std::string>>& manifests, std::vector<diagnostic>& diags) {
  std::vector<std::string> files;
  if (paths.empty() && !have_texts) {
    diags.push_back(io_error("EXC-E9002", "no rule-pack paths were given", {},
                             "give a pack file or a directory of packs"));
  }
  for (const auto& p : paths) {
    if (p.empty()) {
      // Usually an unset variable upstream; "cannot read ``" would hide that.
      diags.push_back(io_error("EXC-E9001", "an empty string was given as a rule-pack path", {},
                               "give a pack file or a directory of packs"));
      continue;
    }
    std::error_code ec;
    const auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      // ELOOP (a symbolic link loop) and EACCES say more than "no such file".
      const std::string why = ec && ec != std::errc::no_such_file_or_directory
                                  ? ec.message()
                                  : std::string("no such file or directory");
      diags.push_back(io_error("EXC-E9001", "cannot read `" + p + "`: " + why, p));
      continue;
    }
    if (!fs::is_directory(st)) {
      files.push_back(p);
      continue;
    }
    std::vector<fs::path> found;
    fs::recursive_directory_iterator it(p, fs::directory_options::none, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const auto name = it->path().filename().string();
      // Hidden files and directories are editor and VCS droppings, never packs.
      std::error_code entry_ec;
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory(entry_ec)) it.disable_recursion_pending();
        continue;
      }
      if (it->path().extension() != ".yaml") continue;
      // The pack-set manifest at the top of a directory is not a pack (pack_set.hpp).
      if (it.depth() == 0 && name == pack_set_file_name) {
        manifests.emplace_back(it->path().generic_string(), fs::path(p).generic_string());
        continue;
      }
      // A *.yaml entry that cannot be resolved (a symbolic link loop, a dangling link) is a
      // pack that cannot be read, never one skipped in silence.
      const bool regular = it->is_regular_file(entry_ec);
      if (entry_ec) {
        const auto bad = it->path().generic_string();
        diags.push_back(
            io_error("EXC-E9001", "cannot read `" + bad + "`: " + entry_ec.message(), bad));
        continue;
      }
      if (regular) found.push_back(it->path());
    }
    if (ec) {
      diags.push_back(
          io_error("EXC-E9001", "cannot read directory `" + p + "`: " + ec.message(), p));
      continue;
    }
    if (found.empty()) {
      diags.push_back(io_error("EXC-E9002", "no rule packs (*.yaml) found in `" + p + "`", p));
    }
    std::sort(found.begin(), found.end());
    for (const auto& f : found) files.push_back(f.generic_string());
  }
  return files;
}

// Marks which packs apply and reports requested scenarios that no pack provides.
std::vector<std::string> select_scenarios(std::vector<pack_ast>& packs,
                                          const std::vector<std::string>& requested, bool all_read,
                                          std::vector<diagnostic>& diags) {
  std::vector<std::string> known;
  for (const auto& p : packs) {
    if (p.info.status == "scenario" && !p.info.scenario.empty()) known.push_back(p.info.scenario);
  }
  std::sort(known.begin(), known.end());
  known.erase(std::unique(known.begin(), known.end()), known.end());
  std::vector<std::string> applied;
  for (const auto& name : requested) {
    if (std::binary_search(known.begin(), known.end(), name)) {
      applied.push_back(name);
    } else if (all_read) {
      // When a file failed to parse, its scenario is unknown: saying "no such scenario" then
      // would be a guess.
      auto guess = closest_match(name, known);
      std::string help = guess ? "did you mean `" + *guess + "`?" : "";
      if (!guess) {
        help = known.empty() ? "no scenario packs are loaded" : "loaded scenarios:";
        for (const auto& k : known) help += " `" + k + "`";
      }
      auto d = io_error("EXC-E3010", "unknown scenario `" + name + "`", {}, help);
      d.path = "scenarios";
      diags.push_back(std::move(d));
    }
  }
  std::sort(applied.begin(), applied.end());
  applied.erase(std::unique(applied.begin(), applied.end()), applied.end());
  for (auto& p : packs) {
    p.applied = p.info.status != "scenario" ||
                std::binary_search(applied.begin(), applied.end(), p.info.scenario);
  }
  return applied;
}

// Root causes first: a file that could not be read or parsed (EXC-E1xxx documents, E5xxx
// limits, E9xxx files), then pack schema errors (E2xxx), then what follows from them across
// packs (E3xxx: a pack that failed to parse leaves every reference to it dangling, and those
// would otherwise bury the one syntax error). Within a stage, file order, then position;
// discovery order breaks ties.
int diagnostic_stage(const diagnostic& d) {
  const std::string_view c = d.code;
  if (c.size() < 6 || c.substr(0, 5) != "EXC-E") return 3;
  switch (c[5]) {
    case '1':
    case '5':
    case '9':
      return 0;
    case '2':
      return 1;
    default:
      return 2;
  }
}

void sort_diagnostics(std::vector<diagnostic>& diags, const std::vector<std::string>& files) {
  std::unordered_map<std::string, int> rank;
  for (std::size_t i = 0; i < files.size(); ++i) rank.emplace(files[i], static_cast<int>(i));
  const auto rank_of = [&](const diagnostic& d) {
    if (d.file.empty()) return INT_MAX;  // about the options, not a file: last
    auto it = rank.find(d.file);
    return it == rank.end() ? -1 : it->second;  // a path that could not be read: first
  };
  std::stable_sort(diags.begin(), diags.end(), [&](const diagnostic& a, const diagnostic& b) {
    const int sa = diagnostic_stage(a);
    const int sb = diagnostic_stage(b);
    if (sa != sb) return sa < sb;
    const int ra = rank_of(a);
    const int rb = rank_of(b);
    if (ra != rb) return ra < rb;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
}

}  // namespace

std::shared_ptr<compiled_packs> load_packs(const load_options& options,
                                           std::vector<diagnostic>& out) {
  std::vector<diagnostic> diags;
  std::vector<std::pair<std::string, std::string>> manifest_files;  // (manifest, directory)
  std::vector<std::string> files =
      find_pack_files(options.paths, !options.texts.empty(), manifest_files, diags);
  const std::size_t file_count = files.size();
  // Packs given as text follow the files; their names rank them in the diagnostics like files.
  for (const auto& t : options.texts) files.push_back(t.name);

  std::vector<pack_ast> packs;
  packs.reserve(files.size());
  bool all_read = true;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& file = files[i];
    // Bounded and checked read: the size is known before a byte is read, and a read error or
    // a file changed while it is read is a diagnostic, never a pack parsed from a partial text.
    const auto text =
        i < file_count ? read_regular_file(file, options.limits.max_pack_bytes, "rule pack", diags)
                       : std::optional<std::string>(options.texts[i - file_count].text);
    if (!text) {
      all_read = false;
      continue;
    }
    if (auto big =
            input_too_large(text->size(), options.limits.max_pack_bytes, "rule pack", file)) {
      diags.push_back(std::move(*big));
      all_read = false;
      continue;
    }
    auto doc = parse_document(*text, file, diags, options.limits.max_document_depth);
    if (!doc) {
      all_read = false;
      continue;
    }
    const read_context ctx{file, &diags};
    pack_ast pack;
    read_pack(ctx, *doc, pack);
    pack.info.sha256 = pack_sha256(*doc);
    packs.push_back(std::move(pack));
  }

  const auto scenarios = select_scenarios(packs, options.scenarios, all_read, diags);
  auto result = std::make_shared<compiled_packs>();
  link_packs(packs, *result, diags);
  for (const auto& p : packs) result->packs.push_back(p.info);
  // The pack sets: every pack a directory's manifest names, with its content (fail closed: a
  // missing or cut-short pack refuses the set).
  for (const auto& [file, dir] : manifest_files) {
    std::string d = dir;
    while (d.size() > 1 && d.back() == '/') d.pop_back();
    auto m = read_pack_set(file, d, options.limits, diags);
    if (!m) continue;
    if (!options.update_manifests) check_pack_set(*m, result->packs, diags);
    if (!result->pack_set.empty()) result->pack_set += ", ";
    result->pack_set += m->id + "@" + m->version;
    if (options.manifests_out) options.manifests_out->push_back(std::move(*m));
  }
  result->fingerprint = packs_fingerprint(result->packs, scenarios);

  sort_diagnostics(diags, files);
  out.insert(out.end(), std::make_move_iterator(diags.begin()),
             std::make_move_iterator(diags.end()));
  if (has_errors(diags)) return nullptr;
  return result;
}

}  // namespace exportctl::detail
