# All third-party dependencies come from Debian packages (see README.md).
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Boost 1.74 REQUIRED)            # Boost.Graph is header-only
find_package(fmt REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto SSL)  # SSL: the service's TLS
find_package(simdjson 3 REQUIRED)           # JSON shipments: src/shipment/shipment_json_fast.cpp only
find_package(ICU 63 REQUIRED COMPONENTS uc i18n)  # name screening: src/screening/normalize.cpp only
find_package(SQLite3 3.31 REQUIRED)        # the ledger's embedded backend: src/ledger/sqlite_db.cpp only
find_package(PostgreSQL 12 REQUIRED)      # the ledger's shared backend (libpq): src/ledger/pg_db.cpp only
find_package(CLI11 CONFIG QUIET)
if(NOT CLI11_FOUND)
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  target_include_directories(CLI11::CLI11 INTERFACE ${CLI11_INCLUDE_DIR})
endif()
