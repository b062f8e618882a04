// Deterministic demo data: sensor readings (leituras_sensores) and an e-commerce schema shaped like
// Google's theLook (users, products, orders, order_items, inventory_items, events,
// distribution_centers). The same scale and seed always produce the same rows, on any machine.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace sagaz::db {
class ConnectionPool;
}
namespace sagaz::catalog {
class Catalog;
}

namespace sagaz::demo {

struct Options {
  int scale = 1;       // multiplies row counts (1: about 300k rows in all)
  uint64_t seed = 42;  // same seed, same data
};

struct DatasetSummary {
  std::string name;
  int64_t rows = 0;
};

struct Summary {
  std::vector<DatasetSummary> datasets;
  double elapsed_ms = 0;
};

// Called with the name of each dataset as it is written.
using ProgressFn = std::function<void(std::string_view dataset, size_t index, size_t total)>;

// Creates (or replaces) the demo datasets, each in its own transaction, with descriptions.
Result<Summary> Generate(db::ConnectionPool& pool, catalog::Catalog& catalog,
                         const Options& options, const ProgressFn& progress = {});

// Names of the datasets Generate writes.
std::vector<std::string> DatasetNames();

}  // namespace sagaz::demo
