#include "observability/metrics.hpp"

#include <cmath>
#include <cstdio>

namespace sagaz::observability {
namespace {

// Label values escape backslash, double quote and newline.
std::string Escape(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// {a="x",b="y"} with an optional extra label (le for buckets).
std::string LabelText(const std::vector<std::string>& names, const Labels& values,
                      std::string_view extra_name = {}, std::string_view extra_value = {}) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
    out += out.empty() ? "{" : ",";
    out += names[i] + "=\"" + Escape(values[i]) + "\"";
  }
  if (!extra_name.empty()) {
    out += out.empty() ? "{" : ",";
    out += std::string(extra_name) + "=\"" + std::string(extra_value) + "\"";
  }
  if (!out.empty()) out += "}";
  return out;
}

}  // namespace

void Counter::Inc(const Labels& labels, double by) {
  std::lock_guard lock(mu_);
  values_[labels] += by;
}

void Histogram::Observe(const Labels& labels, double value) {
  std::lock_guard lock(mu_);
  auto& s = series_[labels];
  if (s.buckets.empty()) s.buckets.assign(bounds_.size(), 0);
  for (size_t i = 0; i < bounds_.size(); ++i) {
    if (value <= bounds_[i]) {
      ++s.buckets[i];
      break;
    }
  }
  ++s.count;
  s.sum += value;
}

Counter& Registry::AddCounter(std::string name, std::string help,
                              std::vector<std::string> label_names) {
  auto f = std::make_unique<Family>();
  f->name = std::move(name);
  f->help = std::move(help);
  f->type = "counter";
  f->label_names = std::move(label_names);
  f->counter = std::make_unique<Counter>();
  Counter& c = *f->counter;
  std::lock_guard lock(mu_);
  families_.push_back(std::move(f));
  return c;
}

Histogram& Registry::AddHistogram(std::string name, std::string help,
                                  std::vector<std::string> label_names,
                                  std::vector<double> bounds) {
  auto f = std::make_unique<Family>();
  f->name = std::move(name);
  f->help = std::move(help);
  f->type = "histogram";
  f->label_names = std::move(label_names);
  f->histogram = std::make_unique<Histogram>(std::move(bounds));
  Histogram& h = *f->histogram;
  std::lock_guard lock(mu_);
  families_.push_back(std::move(f));
  return h;
}

void Registry::AddGauge(std::string name, std::string help, std::vector<std::string> label_names,
                        std::function<std::vector<Sample>()> collect, bool counter) {
  auto f = std::make_unique<Family>();
  f->name = std::move(name);
  f->help = std::move(help);
  f->type = counter ? "counter" : "gauge";
  f->label_names = std::move(label_names);
  f->collect = std::move(collect);
  std::lock_guard lock(mu_);
  families_.push_back(std::move(f));
}

std::vector<double> Registry::LatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
}

std::string Registry::Render() const {
  std::string out;
  std::lock_guard lock(mu_);
  for (const auto& f : families_) {
    out += "# HELP " + f->name + " " + f->help + "\n";
    out += "# TYPE " + f->name + " " + f->type + "\n";
    if (f->counter) {
      std::lock_guard l(f->counter->mu_);
      for (const auto& [labels, v] : f->counter->values_) {
        out += f->name + LabelText(f->label_names, labels) + " " + Number(v) + "\n";
      }
    } else if (f->histogram) {
      const auto& h = *f->histogram;
      std::lock_guard l(f->histogram->mu_);
      for (const auto& [labels, s] : h.series_) {
        uint64_t cumulative = 0;
        for (size_t i = 0; i < h.bounds_.size(); ++i) {
          cumulative += s.buckets[i];
          out += f->name + "_bucket" +
                 LabelText(f->label_names, labels, "le", Number(h.bounds_[i])) + " " +
                 std::to_string(cumulative) + "\n";
        }
        out += f->name + "_bucket" + LabelText(f->label_names, labels, "le", "+Inf") + " " +
               std::to_string(s.count) + "\n";
        out += f->name + "_sum" + LabelText(f->label_names, labels) + " " + Number(s.sum) + "\n";
        out += f->name + "_count" + LabelText(f->label_names, labels) + " " +
               std::to_string(s.count) + "\n";
      }
    } else if (f->collect) {
      for (const auto& sample : f->collect()) {
        out +=
            f->name + LabelText(f->label_names, sample.labels) + " " + Number(sample.value) + "\n";
      }
    }
  }
  return out;
}

}  // namespace sagaz::observability
