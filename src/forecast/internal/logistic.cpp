#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "forecast/internal/classifiers.hpp"

namespace sagaz::forecast::internal {
namespace {

// Solves A x = b for a symmetric positive definite A (n x n, row-major) by Cholesky; false when A
// is not positive definite.
bool CholeskySolve(std::vector<double> a, std::vector<double>& b, size_t n) {
  for (size_t j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (size_t k = 0; k < j; ++k) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0)) return false;
    const double l = std::sqrt(d);
    a[j * n + j] = l;
    for (size_t i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (size_t k = 0; k < j; ++k) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / l;
    }
  }
  for (size_t i = 0; i < n; ++i) {  // L y = b
    double s = b[i];
    for (size_t k = 0; k < i; ++k) s -= a[i * n + k] * b[k];
    b[i] = s / a[i * n + i];
  }
  for (size_t i = n; i-- > 0;) {  // L' x = y
    double s = b[i];
    for (size_t k = i + 1; k < n; ++k) s -= a[k * n + i] * b[k];
    b[i] = s / a[i * n + i];
  }
  return true;
}

double Sigmoid(double z) {
  return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
}

class Logistic final : public Classifier {
 public:
  explicit Logistic(const ModelParams& params) : l2_(params.l2) {}

  ModelKind kind() const override { return ModelKind::kLogistic; }

  Status Fit(const MatrixView& x, std::span<const int8_t> y) override {
    const size_t n = x.rows, p = x.cols;
    if (n == 0 || y.size() != n) return Fail(ErrorCode::kInvalidArgument, "no training rows");
    mean_.assign(p, 0.0);
    scale_.assign(p, 1.0);
    for (size_t r = 0; r < n; ++r) {
      for (size_t c = 0; c < p; ++c) mean_[c] += x.row(r)[c];
    }
    for (auto& m : mean_) m /= static_cast<double>(n);
    std::vector<double> var(p, 0.0);
    for (size_t r = 0; r < n; ++r) {
      for (size_t c = 0; c < p; ++c) var[c] += (x.row(r)[c] - mean_[c]) * (x.row(r)[c] - mean_[c]);
    }
    for (size_t c = 0; c < p; ++c) {
      const double sd = std::sqrt(var[c] / static_cast<double>(n));
      scale_[c] = sd > 1e-12 ? sd : 1.0;
    }
    // Standardized design with the intercept last.
    const size_t q = p + 1;
    std::vector<double> z(n * q);
    for (size_t r = 0; r < n; ++r) {
      for (size_t c = 0; c < p; ++c) z[r * q + c] = (x.row(r)[c] - mean_[c]) / scale_[c];
      z[r * q + p] = 1.0;
    }
    std::vector<double> beta(q, 0.0);
    auto loss = [&](const std::vector<double>& b) {
      double l = 0;
      for (size_t r = 0; r < n; ++r) {
        double eta = 0;
        for (size_t c = 0; c < q; ++c) eta += z[r * q + c] * b[c];
        // log(1 + e^eta) - y * eta, computed without overflow
        l += (eta > 0 ? eta + std::log1p(std::exp(-eta)) : std::log1p(std::exp(eta))) - y[r] * eta;
      }
      for (size_t c = 0; c < p; ++c) l += 0.5 * l2_ * b[c] * b[c];
      return l;
    };
    double current = loss(beta);
    for (int iter = 0; iter < 100; ++iter) {
      std::vector<double> grad(q, 0.0), hess(q * q, 0.0);
      for (size_t r = 0; r < n; ++r) {
        double eta = 0;
        for (size_t c = 0; c < q; ++c) eta += z[r * q + c] * beta[c];
        const double pr = Sigmoid(eta);
        const double w = std::max(pr * (1 - pr), 1e-12);
        const double* zr = &z[r * q];
        for (size_t i = 0; i < q; ++i) {
          grad[i] += zr[i] * (pr - y[r]);
          for (size_t j = 0; j <= i; ++j) hess[i * q + j] += w * zr[i] * zr[j];
        }
      }
      for (size_t i = 0; i < q; ++i) {
        for (size_t j = 0; j < i; ++j) hess[j * q + i] = hess[i * q + j];
      }
      for (size_t c = 0; c < p; ++c) {
        grad[c] += l2_ * beta[c];
        hess[c * q + c] += l2_;
      }
      hess[p * q + p] += 1e-9;  // keeps the system solvable when one class is absent
      std::vector<double> step = grad;
      if (!CholeskySolve(hess, step, q)) break;
      // Backtracking: Newton's full step can overshoot on nearly separable data.
      double t = 1.0, next = current;
      std::vector<double> candidate(q);
      for (int k = 0; k < 30; ++k) {
        for (size_t c = 0; c < q; ++c) candidate[c] = beta[c] - t * step[c];
        next = loss(candidate);
        if (next <= current) break;
        t *= 0.5;
      }
      if (!(next <= current)) break;
      double max_step = 0;
      for (size_t c = 0; c < q; ++c)
        max_step = std::max(max_step, std::abs(candidate[c] - beta[c]));
      beta = candidate;
      const bool converged = current - next < 1e-10 * std::max(1.0, current) || max_step < 1e-9;
      current = next;
      if (converged) break;
    }
    coef_.assign(beta.begin(), beta.begin() + static_cast<std::ptrdiff_t>(p));
    intercept_ = beta[p];
    return Ok();
  }

  Result<std::vector<double>> PredictProba(const MatrixView& x) const override {
    if (x.cols != coef_.size()) {
      return Fail(ErrorCode::kInvalidArgument, "the model expects " + std::to_string(coef_.size()) +
                                                   " features, got " + std::to_string(x.cols));
    }
    std::vector<double> out(x.rows);
    for (size_t r = 0; r < x.rows; ++r) {
      double eta = intercept_;
      for (size_t c = 0; c < x.cols; ++c) eta += coef_[c] * (x.row(r)[c] - mean_[c]) / scale_[c];
      out[r] = Sigmoid(eta);
    }
    return out;
  }

  std::vector<double> Importance() const override {
    std::vector<double> imp(coef_.size());
    double total = 0;
    for (size_t c = 0; c < coef_.size(); ++c) total += imp[c] = std::abs(coef_[c]);
    if (total > 0) {
      for (auto& v : imp) v /= total;
    }
    return imp;
  }

  Result<std::string> Save() const override {
    std::string out = "sagaz-logistic 1 " + std::to_string(coef_.size()) + "\n";
    char buf[40];
    auto put = [&](double v) {
      std::snprintf(buf, sizeof buf, "%.17g ", v);
      out += buf;
    };
    for (const auto* vec : {&mean_, &scale_, &coef_}) {
      for (double v : *vec) put(v);
      out += "\n";
    }
    put(intercept_);
    out += "\n";
    return out;
  }

  Status Load(std::string_view bytes) {
    const std::string text(bytes);
    const char* p = text.c_str();
    auto bad = [] {
      return Fail(ErrorCode::kInvalidArgument, "the logistic model file is damaged");
    };
    if (text.rfind("sagaz-logistic 1 ", 0) != 0) return bad();
    p += 17;
    char* end = nullptr;
    const long cols = std::strtol(p, &end, 10);
    if (end == p || cols <= 0 || cols > 10000) return bad();
    p = end;
    auto read = [&](std::vector<double>& v, size_t n) -> bool {
      v.resize(n);
      for (auto& x : v) {
        x = std::strtod(p, &end);
        if (end == p || !std::isfinite(x)) return false;
        p = end;
      }
      return true;
    };
    const auto n = static_cast<size_t>(cols);
    std::vector<double> tail;
    if (!read(mean_, n) || !read(scale_, n) || !read(coef_, n) || !read(tail, 1)) return bad();
    for (double s : scale_) {
      if (!(s > 0)) return bad();
    }
    intercept_ = tail[0];
    return Ok();
  }

 private:
  double l2_;
  std::vector<double> mean_, scale_, coef_;
  double intercept_ = 0;
};

}  // namespace

std::unique_ptr<Classifier> MakeLogistic(const ModelParams& params) {
  return std::make_unique<Logistic>(params);
}

Result<std::unique_ptr<Classifier>> LoadLogistic(std::string_view bytes,
                                                 const ModelParams& params) {
  auto model = std::make_unique<Logistic>(params);
  SAGAZ_TRY(model->Load(bytes));
  return std::unique_ptr<Classifier>(std::move(model));
}

}  // namespace sagaz::forecast::internal
