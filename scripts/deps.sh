#!/usr/bin/env bash
# Installs the Debian packages exportctl needs, if any is missing. Sourced by the other scripts.
EXPORTCTL_DEBIAN_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libyaml-cpp-dev nlohmann-json3-dev libboost-graph-dev libfmt-dev libssl-dev
  catch2 libcli11-dev libbenchmark-dev libsimdjson-dev libicu-dev
  # the ledger (src/ledger): SQLite embedded, PostgreSQL shared; the server runs the tests' cluster
  libsqlite3-dev libpq-dev postgresql
  # the Python package (bindings/python; the ci preset builds and tests it)
  python3-dev pybind11-dev python3-pybind11 python3-pytest python3-venv python3-setuptools
  python3-wheel python3-yaml python3-pandas python3-matplotlib python3-tqdm
  # exportctl.dask: decisions over dask dataframes, tested on a distributed.LocalCluster
  python3-dask python3-distributed
  # hardening (scripts/sanitize, scripts/fuzz): clang's libFuzzer and sanitizer runtimes, and
  # llvm-symbolizer for readable sanitizer stacks
  clang-14 libclang-rt-14-dev llvm-14
  # house rules (scripts/format, .clang-tidy)
  clang-format-14 clang-tidy-14
  # exportctl serve's tests (tests/serve): responses checked against docs/openapi.yaml, the review
  # page in a real headless browser, and wrk for tests/bench/serve_bench.sh
  python3-jsonschema python3-requests chromium chromium-driver python3-selenium wrk curl openssl
)

exportctl_install_deps() {
  local missing=()
  for p in "${EXPORTCTL_DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "exportctl: installing Debian packages: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# exportctl_build PRESET: configure and build with a CMake preset (see CMakePresets.json).
exportctl_build() {
  local preset="$1"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
}
