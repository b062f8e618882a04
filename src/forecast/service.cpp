#include "forecast/service.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <thread>

#include "catalog/catalog.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "db/db.hpp"
#include "forecast/internal/store.hpp"
#include "forecast/search.hpp"

#ifndef SAGAZ_VERSION
#define SAGAZ_VERSION "dev"
#endif

namespace sagaz::forecast {
namespace {

std::string Normalize(std::string_view name) {
  std::string out;
  for (char c : ToLower(name)) {
    if (c != ' ' && c != '_' && c != '-' && c != '.') out += c;
  }
  return out;
}

// A loaded classifier; predictions on it are serialized (XGBoost boosters are not re-entrant).
struct Loaded {
  std::mutex mu;
  std::unique_ptr<Classifier> model;
};

// The features of a series' latest day, computed once per state of the catalog: features at day t
// read days <= t only, so nothing but a change of the data can change them.
struct LatestRow {
  uint64_t generation = 0;  // catalog::Catalog::generation() when computed
  int32_t day = 0;          // the as-of date
  std::vector<std::string> names;
  std::vector<double> values;
};
// Entries kept before the cache starts over (a few hundred bytes each).
constexpr size_t kMaxLatestRows = 100'000;
// A latest quote older than this many calendar days makes a prediction carry "stale_data".
constexpr int64_t kStaleDays = 10;

int64_t TodayDay() {
  return std::chrono::duration_cast<std::chrono::days>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<QuoteColumns> FindQuoteColumns(const std::vector<std::string>& names) {
  QuoteColumns q;
  auto pick = [&](std::string& slot, std::initializer_list<std::string_view> accepted) {
    for (std::string_view a : accepted) {
      for (const auto& n : names) {
        if (Normalize(n) == a) {
          slot = n;
          return;
        }
      }
    }
  };
  pick(q.date, {"date", "dia", "data", "tradedate", "datetime", "timestamp", "day", "dt"});
  pick(q.ticker, {"ticker", "symbol", "codneg", "codigo", "asset", "papel"});
  pick(q.open, {"open", "preabe", "abertura"});
  pick(q.high, {"high", "premax", "maxima", "max"});
  pick(q.low, {"low", "premin", "minima", "min"});
  pick(q.close, {"close", "preult", "fechamento", "last", "price"});
  pick(q.adj_close, {"adjclose", "adjustedclose"});
  pick(q.volume, {"volume", "quatot", "quantity", "vol"});
  pick(q.market, {"tpmerc"});
  pick(q.bdi, {"codbdi"});
  pick(q.quote_factor, {"fatcot"});
  if (q.date.empty() || q.close.empty()) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "the dataset is not a quote history: it needs a date column (date, dia, "
                      "data) and a close column (close, pre_ult)")
                    .With("missing", q.date.empty() ? "date" : "close"));
  }
  return q;
}

struct ForecastService::Impl {
  db::ConnectionPool& pool;
  catalog::Catalog& catalog;
  ForecastConfig config;
  internal::ModelStore store;
  std::mutex store_mu;  // guards the store's files
  std::mutex cache_mu;
  std::map<std::string, std::shared_ptr<Loaded>> cache;  // by model id; guarded by cache_mu
  // by dataset '\x1f' ticker; guarded by cache_mu
  std::map<std::string, std::shared_ptr<const LatestRow>> latest;

  Impl(db::ConnectionPool& p, catalog::Catalog& c, std::filesystem::path dir, ForecastConfig cfg)
      : pool(p), catalog(c), config(cfg), store(internal::MakeModelStore(std::move(dir))) {}

  struct Source {
    QuoteColumns cols;
    std::string table;
    std::string filter;  // SQL condition for B3 market and BDI columns, or "TRUE"
  };

  Result<Source> Open(db::Connection& conn, const std::string& dataset) {
    SAGAZ_TRY(catalog::ValidateName(dataset));
    if (!SAGAZ_TRY(catalog.Exists(dataset))) {
      return Fail(Error(ErrorCode::kNotFound, "dataset '" + dataset + "' does not exist")
                      .With("dataset", dataset));
    }
    auto r = SAGAZ_TRY(conn.Query("SELECT * FROM " + QuoteIdent(dataset) + " LIMIT 0"));
    std::vector<std::string> names;
    for (const auto& c : r.columns()) names.push_back(c.name);
    Source s;
    s.cols = SAGAZ_TRY(FindQuoteColumns(names));
    s.table = QuoteIdent(dataset);
    s.filter = "TRUE";
    if (!s.cols.market.empty()) {
      s.filter += " AND TRY_CAST(" + QuoteIdent(s.cols.market) + " AS INTEGER) = 10";
    }
    if (!s.cols.bdi.empty()) {
      s.filter += " AND TRY_CAST(" + QuoteIdent(s.cols.bdi) + " AS INTEGER) IN (2, 96)";
    }
    return s;
  }

  Result<std::vector<std::string>> Tickers(const std::string& dataset) {
    auto conn = SAGAZ_TRY(pool.Acquire());
    const auto src = SAGAZ_TRY(Open(*conn, dataset));
    std::vector<std::string> out;
    if (src.cols.ticker.empty()) return out;
    const auto t = QuoteIdent(src.cols.ticker);
    auto r = SAGAZ_TRY(conn->Query("SELECT DISTINCT CAST(" + t + " AS VARCHAR) FROM " + src.table +
                                   " WHERE " + t + " IS NOT NULL AND " + src.filter +
                                   " ORDER BY 1 LIMIT 10001"));
    for (const auto& row : SAGAZ_TRY(r.FetchRows())) {
      if (const auto* s = std::get_if<std::string>(&row[0])) out.push_back(*s);
    }
    if (out.size() > 10000) {
      return Fail(ErrorCode::kInvalidArgument, "the dataset has more than 10000 tickers");
    }
    return out;
  }

  Result<LoadedSeries> Load(const std::string& dataset, const std::optional<std::string>& ticker) {
    auto conn = SAGAZ_TRY(pool.Acquire());
    const auto src = SAGAZ_TRY(Open(*conn, dataset));
    const auto& c = src.cols;
    std::string name = dataset;
    std::vector<db::Param> params;
    std::string where = src.filter;
    if (!c.ticker.empty()) {
      std::string chosen;
      if (ticker) {
        chosen = *ticker;
      } else {
        const auto all = SAGAZ_TRY(Tickers(dataset));
        if (all.size() != 1) {
          std::vector<std::string> some(all.begin(), all.begin() + std::min<size_t>(all.size(), 5));
          return Fail(Error(ErrorCode::kInvalidArgument,
                            "dataset '" + dataset + "' holds " + std::to_string(all.size()) +
                                " tickers; name one with ticker (" + Join(some, ", ") + ")")
                          .With("field", "ticker"));
        }
        chosen = all[0];
      }
      where += " AND CAST(" + QuoteIdent(c.ticker) + " AS VARCHAR) = $1";
      params.emplace_back(chosen);
      name = chosen;
    } else if (ticker && !ticker->empty()) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "dataset '" + dataset + "' has no ticker column; leave ticker out")
                      .With("field", "ticker"));
    }
    auto num = [&](const std::string& col) {
      if (col.empty()) return std::string("NULL::DOUBLE");
      std::string v = "TRY_CAST(" + QuoteIdent(col) + " AS DOUBLE)";
      if (!c.quote_factor.empty() && col != c.volume) {
        // B3 prices are quoted per FATCOT shares.
        v += " / greatest(coalesce(TRY_CAST(" + QuoteIdent(c.quote_factor) + " AS DOUBLE), 1), 1)";
      }
      return v;
    };
    const std::string day =
        "(TRY_CAST(" + QuoteIdent(c.date) + " AS DATE) - DATE '1970-01-01')::INTEGER";
    const std::string sql = "SELECT " + day + ", " + num(c.open) + ", " + num(c.high) + ", " +
                            num(c.low) + ", " + num(c.close) + ", " + num(c.adj_close) + ", " +
                            num(c.volume) + " FROM " + src.table + " WHERE " + where +
                            " ORDER BY rowid";
    auto result = SAGAZ_TRY(conn->Query(sql, params));
    std::vector<RawBar> rows;
    int64_t no_date = 0;
    for (const auto& row : SAGAZ_TRY(result.FetchRows())) {
      if (std::holds_alternative<std::monostate>(row[0])) {
        ++no_date;
        continue;
      }
      RawBar b;
      b.day = static_cast<int32_t>(db::IntOf(row[0]));
      b.open = db::DoubleOf(row[1]);
      b.high = db::DoubleOf(row[2]);
      b.low = db::DoubleOf(row[3]);
      b.close = db::DoubleOf(row[4]);
      b.adj_close = db::DoubleOf(row[5]);
      b.volume = db::DoubleOf(row[6]);
      rows.push_back(b);
    }
    if (rows.empty()) {
      return Fail(
          Error(ErrorCode::kNotFound, "no quotes for '" + name + "' in dataset '" + dataset + "'")
              .With("ticker", name));
    }
    LoadedSeries out;
    out.series = SAGAZ_TRY(CleanSeries(name, std::move(rows), out.report));
    if (no_date > 0) {
      out.report.rows_read += no_date;
      out.report.notes.push_back(MakeNotice(
          "data_cleaning", std::to_string(no_date) + " rows had no readable date and were dropped",
          std::to_string(no_date) + " linhas sem data legível foram descartadas"));
    }
    if (!c.market.empty() || !c.bdi.empty()) {
      out.report.notes.push_back(MakeNotice(
          "data_cleaning",
          "kept the cash lot market only (TPMERC 010, BDI 02 or 96), as B3 files mix instruments",
          "mantido só o mercado à vista em lote-padrão (TPMERC 010, BDI 02 ou 96), pois os "
          "arquivos da B3 misturam instrumentos"));
    }
    return out;
  }

  Result<ModelRecord> TrainOne(const TrainRequest& request,
                               const std::optional<std::string>& ticker, const std::string& id,
                               const WalkForwardConfig& wf, const TrainProgress& progress) {
    Stopwatch watch;
    auto loaded = SAGAZ_TRY(Load(request.dataset, ticker));
    const auto& s = loaded.series;
    const auto features = ComputeFeatures(s);
    const auto labels = MakeLabels(s, wf.horizon, wf.dead_zone);
    auto ev = SAGAZ_TRY(WalkForward(s, features, labels, wf, progress));
    // The deployed model's parameters: as configured, or searched over every usable day with the
    // same walk-forward validation (the evaluation above searched inside each training window).
    WalkForwardConfig final_config = wf;
    std::optional<SearchResult> search;
    if (wf.search_budget > 0) {
      const auto rows = UsableRows(features, labels);
      search = SAGAZ_TRY(SearchParams(features, labels, rows, wf));
      final_config.params = search->chosen;
    }
    auto model = SAGAZ_TRY(FitFinal(features, labels, final_config));
    const auto bytes = SAGAZ_TRY(model->Save());

    ModelRecord rec;
    rec.id = id;
    rec.dataset = request.dataset;
    rec.ticker = s.ticker;
    rec.config = final_config;
    rec.search = std::move(search);
    rec.features = features.names;
    rec.label =
        "direction of the close-to-close return over " + std::to_string(wf.horizon) +
        " trading day(s)" +
        (wf.dead_zone > 0 ? ", moves within ±" + std::to_string(wf.dead_zone) + " left out as flat"
                          : std::string());
    rec.data_from = s.day.front();
    rec.data_to = s.day.back();
    rec.data_rows = static_cast<int64_t>(s.size());
    rec.data_fingerprint = Fingerprint(s);
    rec.data_report = loaded.report;
    rec.training_rows = static_cast<int64_t>(UsableRows(features, labels).size());
    rec.code_version = SAGAZ_VERSION;
    rec.created_at = NowIso8601();
    rec.evaluation = std::move(ev);
    rec.train_ms = watch.ElapsedMs();
    {
      std::lock_guard lock(store_mu);
      const auto key = internal::SlotKey(rec);
      const auto same_slot = SAGAZ_TRY(store.Find(
          [&](const ModelRecord& r) { return r.id != rec.id && internal::SlotKey(r) == key; }));
      for (const auto& r : same_slot) rec.version = std::max(rec.version, r.version + 1);
      SAGAZ_TRY(store.Save(rec, bytes));
      if (request.activate) {
        SAGAZ_TRY(store.SetActive(rec));
        rec.active = true;
      }
    }
    {
      std::lock_guard lock(cache_mu);
      cache.erase(rec.id);
    }
    log::Info("forecast model trained",
              {{"id", rec.id},
               {"ticker", rec.ticker},
               {"model", std::string(ToString(wf.kind))},
               {"accuracy", std::to_string(rec.evaluation.model.accuracy)},
               {"ms", std::to_string(static_cast<int64_t>(rec.train_ms))}});
    return rec;
  }

  Result<std::shared_ptr<Loaded>> LoadModel(const ModelRecord& rec) {
    {
      std::lock_guard lock(cache_mu);
      if (auto it = cache.find(rec.id); it != cache.end()) return it->second;
    }
    std::string bytes;
    {
      std::lock_guard lock(store_mu);
      bytes = SAGAZ_TRY(store.ReadModel(rec));
    }
    ModelParams params = rec.config.params;
    params.threads = 1;  // one row at a time: threads only cost
    auto loaded = std::make_shared<Loaded>();
    auto model = LoadClassifier(rec.config.kind, bytes, params);
    if (!model) {
      return Fail(Error(ErrorCode::kFailedPrecondition,
                        "model '" + rec.id + "' cannot be loaded: " + model.error().message)
                      .With("id", rec.id));
    }
    loaded->model = std::move(*model);
    std::lock_guard lock(cache_mu);
    cache[rec.id] = loaded;
    return loaded;
  }

  // The latest day's features of a ticker: from the cache while the catalog has not changed since
  // they were computed, else read, computed and kept. The catalog's generation moves with every
  // committed change of any dataset (data appended or replaced, a dataset dropped and made again
  // under the same name, which restarts its data version), so an entry is never stale; read before
  // the series, so a change that commits meanwhile leaves the entry behind.
  Result<std::shared_ptr<const LatestRow>> Latest(const std::string& dataset,
                                                  const std::string& ticker) {
    const uint64_t generation = catalog.generation();
    const std::string key = dataset + '\x1f' + ticker;
    {
      std::lock_guard lock(cache_mu);
      if (auto it = latest.find(key); it != latest.end() && it->second->generation == generation)
        return it->second;
    }
    auto series = SAGAZ_TRY(Load(dataset, ticker));
    const auto f = ComputeFeatures(series.series);
    const size_t last = f.rows - 1;
    auto row = std::make_shared<LatestRow>();
    row->generation = generation;
    row->day = series.series.day.back();
    row->names = f.names;
    row->values.assign(f.values.begin() + static_cast<std::ptrdiff_t>(last * f.cols()),
                       f.values.begin() + static_cast<std::ptrdiff_t>((last + 1) * f.cols()));
    std::lock_guard lock(cache_mu);
    if (latest.size() >= kMaxLatestRows) latest.clear();
    latest[key] = row;
    return std::shared_ptr<const LatestRow>(std::move(row));
  }

  Result<Prediction> PredictWith(const std::vector<ModelRecord>& candidates,
                                 const std::string& dataset) {
    std::vector<Notice> warnings;
    for (const auto& rec : candidates) {
      auto loaded = LoadModel(rec);
      if (!loaded) {
        warnings.push_back(MakeNotice("damaged_version",
                                      loaded.error().message + "; using the previous version",
                                      "a versão " + std::to_string(rec.version) + " (" + rec.id +
                                          ") não pôde ser carregada (" + loaded.error().message +
                                          "); usando a versão anterior"));
        log::Warn("forecast: a model version cannot be loaded",
                  {{"id", rec.id}, {"error", loaded.error().message}});
        continue;
      }
      const auto row = SAGAZ_TRY(Latest(dataset, rec.ticker));
      for (size_t c = 0; c < row->values.size(); ++c) {
        if (!std::isfinite(row->values[c])) {
          return Fail(Error(ErrorCode::kFailedPrecondition, "the latest day of '" + rec.ticker +
                                                                "' lacks feature " + row->names[c] +
                                                                " (too little history)")
                          .With("ticker", rec.ticker));
        }
      }
      std::vector<double> prob;
      {
        std::lock_guard lock((*loaded)->mu);
        prob =
            SAGAZ_TRY((*loaded)->model->PredictProba({row->values.data(), 1, row->values.size()}));
      }
      Prediction p;
      p.ticker = rec.ticker;
      p.horizon = rec.config.horizon;
      p.probability_up = prob[0];
      p.direction = prob[0] > 0.5 ? "up" : "down";
      p.as_of = row->day;
      p.model_id = rec.id;
      p.model_version = rec.version;
      p.kind = rec.config.kind;
      p.walk_forward = rec.evaluation.model;
      p.baselines = rec.evaluation.baselines;
      p.beats_baselines = rec.evaluation.beats_baselines;
      p.leakage_suspected = rec.evaluation.leakage_suspected;
      p.warnings = std::move(warnings);
      p.warnings.insert(p.warnings.end(), rec.evaluation.warnings.begin(),
                        rec.evaluation.warnings.end());
      if (row->day > rec.data_to) {
        p.warnings.push_back(
            MakeNotice("newer_data",
                       "the data goes on after the model's training data ended (" +
                           FormatDay(rec.data_to) + "); retrain to use the new days",
                       "os dados continuam depois do fim dos dados de treino do modelo (" +
                           FormatDay(rec.data_to) + "); treine de novo para usar os dias novos"));
      }
      if (const int64_t age = TodayDay() - row->day; age > kStaleDays) {
        p.warnings.push_back(MakeNotice(
            "stale_data",
            "stale data: the latest quote is from " + FormatDay(row->day) + ", " +
                std::to_string(age) + " days ago; the call is about the days after it, not today",
            "dados defasados: a última cotação é de " + FormatDay(row->day) + ", há " +
                std::to_string(age) +
                " dias; a previsão fala dos dias seguintes a ela, não de hoje"));
      }
      return p;
    }
    return Fail(Error(ErrorCode::kFailedPrecondition,
                      "no usable model version: " +
                          (warnings.empty() ? std::string("none stored") : warnings.front().en))
                    .With("ticker", candidates.empty() ? "" : candidates.front().ticker));
  }
};

ForecastService::ForecastService(db::ConnectionPool& pool, catalog::Catalog& catalog,
                                 std::filesystem::path models_dir, ForecastConfig config)
    : impl_(std::make_unique<Impl>(pool, catalog, std::move(models_dir), config)) {}

ForecastService::~ForecastService() = default;

WalkForwardConfig ForecastService::DefaultConfig() const {
  const auto& c = impl_->config;
  WalkForwardConfig w;
  w.min_train = c.min_train_days;
  w.retrain_every = c.retrain_every_days;
  w.params.trees = c.trees;
  w.params.max_depth = c.max_depth;
  w.params.learning_rate = c.learning_rate;
  w.params.threads = c.threads;
  w.search_budget = c.search_budget;
  return w;
}

Result<LoadedSeries> ForecastService::LoadSeries(const std::string& dataset,
                                                 const std::optional<std::string>& ticker) {
  return impl_->Load(dataset, ticker);
}

Result<std::vector<std::string>> ForecastService::Tickers(const std::string& dataset) {
  return impl_->Tickers(dataset);
}

Result<TrainResult> ForecastService::Train(const TrainRequest& request,
                                           const TrainProgress& progress) {
  SAGAZ_TRY(Validate(request.config));
  const std::string base_id = request.model_id.empty() ? "fm_" + RandomHex(6) : request.model_id;
  SAGAZ_TRY(internal::ValidateModelId(base_id));
  std::vector<std::optional<std::string>> tickers;
  if (request.ticker) {
    tickers.push_back(request.ticker);
  } else {
    for (auto& t : SAGAZ_TRY(impl_->Tickers(request.dataset))) tickers.emplace_back(std::move(t));
    if (tickers.empty()) tickers.emplace_back(std::nullopt);  // a single series
  }
  TrainResult out;
  if (tickers.size() == 1) {
    auto rec = SAGAZ_TRY(impl_->TrainOne(request, tickers[0], base_id, request.config, progress));
    out.models.push_back(std::move(rec));
    return out;
  }
  // Several tickers: each on one XGBoost thread, `threads` tickers at a time.
  WalkForwardConfig config = request.config;
  const int workers = std::clamp(config.params.threads, 1, static_cast<int>(tickers.size()));
  config.params.threads = 1;
  std::atomic<size_t> next{0}, done{0};
  std::atomic<bool> cancelled{false};
  std::mutex mu;
  std::vector<std::optional<Result<ModelRecord>>> results(tickers.size());
  auto work = [&] {
    for (size_t i = next++; i < tickers.size() && !cancelled; i = next++) {
      const std::string id = base_id + "-" + *tickers[i];
      auto valid_id = internal::ValidateModelId(id);
      auto r = valid_id
                   ? CatchAll([&] { return impl_->TrainOne(request, tickers[i], id, config, {}); })
                   : Result<ModelRecord>(valid_id.error());
      const size_t finished = ++done;
      std::lock_guard lock(mu);
      results[i] = std::move(r);
      if (progress && !progress(static_cast<double>(finished) / static_cast<double>(tickers.size()),
                                *tickers[i] + " done (" + std::to_string(finished) + " of " +
                                    std::to_string(tickers.size()) + ")")) {
        cancelled = true;
      }
    }
  };
  std::vector<std::thread> pool;
  for (int w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (cancelled) return Fail(ErrorCode::kCancelled, "the training was cancelled");
  for (size_t i = 0; i < tickers.size(); ++i) {
    if (!results[i]) continue;
    if (*results[i]) {
      out.models.push_back(std::move(**results[i]));
    } else {
      out.skipped.push_back(*tickers[i] + ": " + results[i]->error().message);
    }
  }
  if (out.models.empty()) {
    return Fail(Error(ErrorCode::kFailedPrecondition, "no ticker could be trained")
                    .With("first", out.skipped.empty() ? "" : out.skipped.front()));
  }
  return out;
}

Result<std::vector<ModelRecord>> ForecastService::List(const ModelFilter& filter) {
  std::lock_guard lock(impl_->store_mu);
  auto all = SAGAZ_TRY(impl_->store.List());
  std::erase_if(all, [&](const ModelRecord& r) {
    return (!filter.dataset.empty() && r.dataset != filter.dataset) ||
           (!filter.ticker.empty() && r.ticker != filter.ticker);
  });
  return all;
}

Result<ModelRecord> ForecastService::Get(const std::string& id) {
  std::lock_guard lock(impl_->store_mu);
  return impl_->store.Get(id);
}

Result<ModelRecord> ForecastService::Activate(const std::string& id) {
  std::lock_guard lock(impl_->store_mu);
  auto rec = SAGAZ_TRY(impl_->store.Get(id));
  // A damaged version is not activated: it could not serve.
  SAGAZ_TRY(impl_->store.ReadModel(rec));
  SAGAZ_TRY(impl_->store.SetActive(rec));
  rec.active = true;
  return rec;
}

Status ForecastService::Delete(const std::string& id) {
  {
    std::lock_guard lock(impl_->store_mu);
    SAGAZ_TRY(impl_->store.Remove(id));
  }
  std::lock_guard lock(impl_->cache_mu);
  impl_->cache.erase(id);
  return Ok();
}

Result<std::vector<Prediction>> ForecastService::Predict(const PredictRequest& request) {
  if (request.model) {
    ModelRecord rec;
    {
      std::lock_guard lock(impl_->store_mu);
      auto found = impl_->store.Get(*request.model);
      if (!found) return Fail(std::move(found.error()).With("field", "model"));
      rec = std::move(*found);
    }
    return std::vector<Prediction>{SAGAZ_TRY(impl_->PredictWith({rec}, request.dataset))};
  }
  std::vector<ModelRecord> all;
  {
    std::lock_guard lock(impl_->store_mu);
    all = SAGAZ_TRY(impl_->store.Find([&](const ModelRecord& r) {
      return r.dataset == request.dataset && (!request.ticker || r.ticker == *request.ticker) &&
             (!request.horizon || r.config.horizon == *request.horizon);
    }));
  }
  // Versions of each ticker (and horizon) of the dataset: the active one first, then the newest.
  std::map<std::string, std::vector<ModelRecord>> slots;
  for (const auto& r : all) {
    if (r.dataset != request.dataset) continue;
    if (request.ticker && r.ticker != *request.ticker) continue;
    if (request.horizon && r.config.horizon != *request.horizon) continue;
    slots[r.ticker + "/" + std::to_string(r.config.horizon)].push_back(r);
  }
  if (slots.empty()) {
    return Fail(Error(ErrorCode::kNotFound,
                      "no model for dataset '" + request.dataset + "'" +
                          (request.ticker ? ", ticker " + *request.ticker : std::string()) +
                          (request.horizon ? ", horizon " + std::to_string(*request.horizon)
                                           : std::string()) +
                          "; train one first (sagaz forecast train)")
                    .With("dataset", request.dataset));
  }
  // Without a horizon, each ticker's shortest horizon.
  std::map<std::string, std::string> chosen;  // ticker -> slot
  for (const auto& [slot, versions] : slots) {
    const auto& t = versions.front().ticker;
    auto it = chosen.find(t);
    if (it == chosen.end() ||
        versions.front().config.horizon < slots[it->second].front().config.horizon) {
      chosen[t] = slot;
    }
  }
  std::vector<Prediction> out;
  for (const auto& [ticker, slot] : chosen) {
    auto versions = slots[slot];
    std::stable_sort(
        versions.begin(), versions.end(),
        [](const ModelRecord& a, const ModelRecord& b) { return a.active > b.active; });
    auto p = impl_->PredictWith(versions, request.dataset);
    if (!p && request.ticker) return Fail(std::move(p).error());
    if (p) out.push_back(std::move(*p));
  }
  return out;
}

}  // namespace sagaz::forecast
