// Helpers shared by the statistics tests: golden files, columns built from JSON, tolerances.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "stats/stats.hpp"

namespace sagaz::stats::testing {

using json = nlohmann::json;

inline std::filesystem::path StatsDataDir() {
  return std::filesystem::path(SAGAZ_TEST_DATA_DIR) / "stats";
}

inline json LoadJson(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

// A JSON number or "NaN"/"Infinity"/"-Infinity" as a double; null as nullopt.
inline std::optional<double> JsonDouble(const json& j) {
  if (j.is_null()) return std::nullopt;
  if (j.is_string()) {
    const auto s = j.get<std::string>();
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
  }
  return j.get<double>();
}

// A column of the golden file's type, with a validity mask for its NULLs.
struct GoldenColumn {
  std::vector<double> f64;
  std::vector<float> f32;
  std::vector<int32_t> i32;
  std::vector<int64_t> i64;
  std::vector<uint64_t> validity;
  ColumnView view;

  GoldenColumn(const json& values, const std::string& type) {
    const size_t n = values.size();
    validity.assign((n + 63) / 64, 0);
    bool any_null = false;
    for (size_t i = 0; i < n; ++i) {
      const auto& v = values[i];
      if (v.is_null()) {
        any_null = true;
      } else {
        validity[i / 64] |= uint64_t{1} << (i % 64);
      }
      if (type == "int64") {
        i64.push_back(v.is_null() ? 0 : v.get<int64_t>());
      } else if (type == "int32") {
        i32.push_back(v.is_null() ? 0 : v.get<int32_t>());
      } else if (type == "float32") {
        f32.push_back(v.is_null() ? 0.f : static_cast<float>(*JsonDouble(v)));
      } else {
        f64.push_back(v.is_null() ? 0.0 : *JsonDouble(v));
      }
    }
    const uint64_t* valid = any_null ? validity.data() : nullptr;
    if (type == "int64") {
      view = ColumnView(std::span<const int64_t>(i64), valid);
    } else if (type == "int32") {
      view = ColumnView(std::span<const int32_t>(i32), valid);
    } else if (type == "float32") {
      view = ColumnView(std::span<const float>(f32), valid);
    } else {
      view = ColumnView(std::span<const double>(f64), valid);
    }
  }
};

// |actual − expected| <= rel·|expected| + abs, with infinities and NaN compared exactly.
inline ::testing::AssertionResult Close(std::optional<double> actual,
                                        std::optional<double> expected, double rel, double abs) {
  if (!expected) {
    if (!actual) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "expected null, got " << *actual;
  }
  if (!actual) return ::testing::AssertionFailure() << "expected " << *expected << ", got null";
  const double a = *actual, e = *expected;
  if (std::isnan(e) || std::isinf(e)) {
    if ((std::isnan(e) && std::isnan(a)) || a == e) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "expected " << e << ", got " << a;
  }
  const double err = std::abs(a - e);
  if (err <= rel * std::abs(e) + abs) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << std::setprecision(17) << "expected " << e << ", got " << a
                                       << " (relative error " << err / std::abs(e) << ")";
}

constexpr double kRel = 1e-12;

}  // namespace sagaz::stats::testing
