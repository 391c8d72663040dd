// file_read_test.cpp: bounded reads of regular files (model/file_read.hpp), and a reload that
// meets a read error keeping the packs it had.
#include "model/file_read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "exportctl/reloadable.hpp"
#include "unit/read_file.hpp"

using namespace exportctl;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("exportctl-file-read-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

std::string codes(const std::vector<diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags) out += d.code + " ";
  return out;
}

}  // namespace

TEST_CASE("a regular file is read whole", "[file_read]") {
  const auto p = scratch("ok.yaml");
  std::ofstream(p, std::ios::binary) << "pack: {}\n";
  std::vector<diagnostic> diags;
  auto text = detail::read_regular_file(p.string(), 100, "rule pack", diags);
  REQUIRE(text);
  CHECK(*text == "pack: {}\n");
  CHECK(diags.empty());
}

TEST_CASE("devices, FIFOs and directories are refused without reading", "[file_read]") {
  const auto fifo = scratch("fifo");
  fs::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  for (const std::string& p : {std::string("/dev/zero"), fifo.string(), scratch("").string()}) {
    INFO(p);
    std::vector<diagnostic> diags;
    CHECK_FALSE(detail::read_regular_file(p, 1 << 20, "rule pack", diags));
    CHECK(codes(diags) == "EXC-E9003 ");
  }
  fs::remove(fifo);
}

TEST_CASE("the size is checked before reading", "[file_read]") {
  const auto p = scratch("sparse.yaml");
  { std::ofstream(p, std::ios::binary); }
  fs::resize_file(p, std::uintmax_t{1} << 32);  // 4 GiB, sparse: reading it would take long
  std::vector<diagnostic> diags;
  CHECK_FALSE(detail::read_regular_file(p.string(), 1 << 20, "rule pack", diags));
  CHECK(codes(diags) == "EXC-E5001 ");
  CHECK(diags.at(0).message == "rule pack is 4294967296 bytes; the limit is 1048576 bytes");
  fs::remove(p);
}

TEST_CASE("a read error is a diagnostic, not a short text", "[file_read]") {
  // /proc/self/mem is a regular file of size 0 whose read at offset 0 fails with EIO.
  std::vector<diagnostic> diags;
  CHECK_FALSE(detail::read_regular_file("/proc/self/mem", 1 << 20, "rule pack", diags));
  CHECK(codes(diags) == "EXC-E9001 ");
  CHECK(diags.at(0).message.find("Input/output error") != std::string::npos);
}

TEST_CASE("a stream is read up to its bound", "[file_read]") {
  const int fd = ::open("/dev/zero", O_RDONLY);
  REQUIRE(fd >= 0);
  std::vector<diagnostic> diags;
  CHECK_FALSE(detail::read_bounded_stream(fd, 1 << 20, "shipment", "<stdin>", diags));
  ::close(fd);
  CHECK(codes(diags) == "EXC-E5001 ");
}

TEST_CASE("a reload that meets a read error keeps the old packs", "[file_read][reload]") {
  auto built = engine::load({{test::rules_dir}, {}});
  REQUIRE(built.value);
  engine_handle h(std::move(*built.value));
  const std::string before = h.current()->fingerprint();
  auto r = h.reload({{"/proc/self/mem"}, {}});
  CHECK_FALSE(r.reloaded);
  CHECK(codes(r.diagnostics).find("EXC-E9001") != std::string::npos);
  CHECK(h.current()->fingerprint() == before);
}

TEST_CASE("a file that does not hold what stat said is refused", "[file_read]") {
  // /proc/self/status is a regular file of size 0 that reads as text: what a file rewritten
  // (grown) between stat and read looks like.
  std::vector<diagnostic> diags;
  CHECK_FALSE(detail::read_regular_file("/proc/self/status", 1 << 20, "rule pack", diags));
  CHECK(codes(diags) == "EXC-E9001 ");
  CHECK(diags.at(0).message.find("changed while it was read") != std::string::npos);
}
