// What the forecast service tells a user about its figures (leakage, no edge over the baselines,
// few rows, class imbalance, stale data, what cleaning did), in English and Brazilian Portuguese
// like every user-facing message of the product, with a stable code for programs.
#pragma once

#include <string>
#include <utility>

namespace sagaz::forecast {

struct Notice {
  // leakage_shuffled, leakage_accuracy, no_edge, few_rows, class_imbalance, stale_data,
  // newer_data, damaged_version, skipped_block, data_cleaning, comparison
  std::string code;
  std::string en, pt;
};

inline Notice MakeNotice(std::string code, std::string en, std::string pt) {
  return Notice{std::move(code), std::move(en), std::move(pt)};
}

// "12.3%" and "12,3%" from a fraction.
std::string PercentEn(double fraction);
std::string PercentPt(double fraction);

}  // namespace sagaz::forecast
