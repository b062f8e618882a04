# Third-party libraries. Debian packages through CMake configs or pkg-config; DuckDB from the pinned npm
# packages installed by scripts/setup under third_party/node_modules.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
# The Debian build of cpp-httplib is a compiled library: its Cflags (SSL/zlib/brotli) must match ours.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
# Statistics engine: Highway (SIMD kernels with run-time dispatch, vectorized sort) and Boost.Math
# (header-only distributions for p-values).
pkg_check_modules(HWY REQUIRED IMPORTED_TARGET libhwy libhwy-contrib)
find_package(Boost 1.74 REQUIRED)
# Accounts and tokens: argon2id, random secrets, BLAKE2b (libsodium); HS256 JWTs (libjwt).
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(JWT REQUIRED IMPORTED_TARGET libjwt)
pkg_check_modules(CMARK REQUIRED IMPORTED_TARGET libcmark)
# Forecast models: random forest and boosted trees (Debian libxgboost-dev).
pkg_check_modules(XGBOOST REQUIRED IMPORTED_TARGET xgboost)
# Feedback's trained classifier: logistic regression on sparse features (Debian liblinear-dev).
find_path(LIBLINEAR_INCLUDE_DIR linear.h REQUIRED)
find_library(LIBLINEAR_LIBRARY linear REQUIRED)
add_library(liblinear::liblinear UNKNOWN IMPORTED)
set_target_properties(liblinear::liblinear PROPERTIES IMPORTED_LOCATION "${LIBLINEAR_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${LIBLINEAR_INCLUDE_DIR}")
# Knowledge: BM25 search with Portuguese/English stemmers (Xapian), PDF text (poppler-cpp).
pkg_check_modules(XAPIAN REQUIRED IMPORTED_TARGET xapian-core)
pkg_check_modules(POPPLER_CPP REQUIRED IMPORTED_TARGET poppler-cpp)
# Schedules: time zones of cron expressions (Howard Hinnant's date library over the system tz database).
find_package(date REQUIRED)
# HTML documents: libxml2's tolerant HTML parser.
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
# Reports: charts drawn to PNG and PDF (cairo); XLSX exports (libxlsxwriter).
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo)
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)

set(SAGAZ_NPM_DIR "${PROJECT_SOURCE_DIR}/third_party/node_modules")
set(DUCKDB_INCLUDE_DIR "${SAGAZ_NPM_DIR}/duckdb/src/duckdb/src/include")
set(DUCKDB_LIBRARY "${SAGAZ_NPM_DIR}/@duckdb/node-bindings-linux-x64/libduckdb.so")
if(NOT EXISTS "${DUCKDB_INCLUDE_DIR}/duckdb.h" OR NOT EXISTS "${DUCKDB_LIBRARY}")
  message(FATAL_ERROR "DuckDB 1.4.4 not found under third_party/node_modules: run scripts/setup first")
endif()
# Only duckdb.h is used; the include dir holds the whole C++ tree, so expose a directory with just the header.
set(DUCKDB_HEADER_DIR "${CMAKE_BINARY_DIR}/duckdb/include")
file(MAKE_DIRECTORY "${DUCKDB_HEADER_DIR}")
configure_file("${DUCKDB_INCLUDE_DIR}/duckdb.h" "${DUCKDB_HEADER_DIR}/duckdb.h" COPYONLY)
# The library is copied beside every executable (RPATH $ORIGIN).
set(DUCKDB_RUNTIME "${CMAKE_BINARY_DIR}/bin/libduckdb.so")
configure_file("${DUCKDB_LIBRARY}" "${DUCKDB_RUNTIME}" COPYONLY)
add_library(duckdb_c SHARED IMPORTED GLOBAL)
set_target_properties(duckdb_c PROPERTIES
  IMPORTED_LOCATION "${DUCKDB_RUNTIME}"
  IMPORTED_SONAME "libduckdb.so"
  INTERFACE_INCLUDE_DIRECTORIES "${DUCKDB_HEADER_DIR}")
add_library(duckdb::duckdb ALIAS duckdb_c)

set(CMAKE_RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bin")
