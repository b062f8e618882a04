#include "wire/forecast.hpp"

#include <cmath>

#include "wire/internal/read.hpp"

namespace sagaz::wire {
namespace {

using internal::FieldError;
using namespace sagaz::forecast;

// A number for JSON: NaN and infinities (undefined figures) become null.
Json Num(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }
Json Opt(const std::optional<double>& v) { return v ? Num(*v) : Json(nullptr); }
double NumOf(const Json& j, std::string_view key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : std::nan("");
}
std::optional<double> OptOf(const Json& j, std::string_view key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}
Json Day(int32_t day) { return FormatDay(day); }
int32_t DayOf(const Json& j, std::string_view key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return 0;
  return ParseDay(it->get<std::string>()).value_or(0);
}

Json NoticesJson(const std::vector<Notice>& notices) {
  Json out = Json::array();
  for (const auto& n : notices) out.push_back({{"code", n.code}, {"en", n.en}, {"pt", n.pt}});
  return out;
}
// Records written before notices were bilingual hold plain (English) strings.
std::vector<Notice> NoticesOf(const Json& j) {
  std::vector<Notice> out;
  if (!j.is_array()) return out;
  for (const auto& n : j) {
    if (n.is_string()) {
      out.push_back({"note", n.get<std::string>(), n.get<std::string>()});
    } else if (n.is_object()) {
      const auto en = n.value("en", std::string());
      out.push_back({n.value("code", std::string("note")), en, n.value("pt", en)});
    }
  }
  return out;
}

Json ParamsJson(const ModelParams& p) {
  return {{"trees", p.trees},
          {"max_depth", p.max_depth},
          {"learning_rate", p.learning_rate},
          {"subsample", p.subsample},
          {"colsample", p.colsample},
          {"min_child_weight", p.min_child_weight},
          {"l2", p.l2},
          {"threads", p.threads},
          {"seed", p.seed}};
}
ModelParams ParamsOf(const Json& p) {
  ModelParams m;
  if (!p.is_object()) return m;
  m.trees = p.value("trees", 200);
  m.max_depth = p.value("max_depth", 0);
  m.learning_rate = p.value("learning_rate", 0.05);
  m.subsample = p.value("subsample", 0.8);
  m.colsample = p.value("colsample", 0.8);
  m.min_child_weight = p.value("min_child_weight", 5.0);
  m.l2 = p.value("l2", 1.0);
  m.threads = p.value("threads", 1);
  m.seed = p.value("seed", uint64_t{42});
  return m;
}

Json CandidateJson(const SearchCandidate& c) {
  return {{"params", ParamsJson(c.params)},
          {"log_loss", Num(c.log_loss)},
          {"accuracy", Num(c.accuracy)},
          {"balanced_accuracy", Num(c.balanced_accuracy)}};
}
SearchCandidate CandidateOf(const Json& j) {
  SearchCandidate c;
  if (!j.is_object()) return c;
  c.params = ParamsOf(j.value("params", Json::object()));
  c.log_loss = NumOf(j, "log_loss");
  c.accuracy = NumOf(j, "accuracy");
  c.balanced_accuracy = NumOf(j, "balanced_accuracy");
  return c;
}

Json SearchJson(const SearchResult& s) {
  Json tried = Json::array();
  for (const auto& c : s.tried) tried.push_back(CandidateJson(c));
  return {{"budget", s.budget},
          {"validation", "walk-forward"},
          {"folds", s.folds},
          {"chosen", ParamsJson(s.chosen)},
          {"score", CandidateJson(s.best)},
          {"tried", std::move(tried)}};
}
SearchResult SearchOf(const Json& j) {
  SearchResult s;
  s.budget = j.value("budget", 0);
  s.folds = j.value("folds", 0);
  s.chosen = ParamsOf(j.value("chosen", Json::object()));
  s.best = CandidateOf(j.value("score", Json::object()));
  for (const auto& c : j.value("tried", Json::array())) s.tried.push_back(CandidateOf(c));
  return s;
}

Result<std::optional<double>> OptionalNumber(const Json& body, std::string_view field, double min,
                                             double max, std::string_view what) {
  const auto it = body.find(field);
  if (it == body.end()) return std::optional<double>();
  if (!it->is_number() || !(it->get<double>() >= min && it->get<double>() <= max)) {
    return Fail(FieldError(field, std::string(field) + " must be " + std::string(what)));
  }
  return std::optional<double>(it->get<double>());
}

Json ConfigJson(const WalkForwardConfig& c) {
  return {{"horizon", c.horizon},
          {"dead_zone", c.dead_zone},
          {"model", std::string(ToString(c.kind))},
          {"window", std::string(ToString(c.window))},
          {"min_train", c.min_train},
          {"retrain_every", c.retrain_every},
          {"rolling_size", c.rolling_size},
          {"embargo", c.embargo},
          {"purge", c.horizon},
          {"search_budget", c.search_budget},
          {"params", ParamsJson(c.params)}};
}

WalkForwardConfig ConfigOf(const Json& j) {
  WalkForwardConfig c;
  c.horizon = j.value("horizon", 1);
  c.dead_zone = j.value("dead_zone", 0.0);
  c.kind = ParseModelKind(j.value("model", std::string("gbdt"))).value_or(ModelKind::kGbdt);
  c.window = ParseWindow(j.value("window", std::string("expanding"))).value_or(Window::kExpanding);
  c.min_train = j.value("min_train", 500);
  c.retrain_every = j.value("retrain_every", 250);
  c.rolling_size = j.value("rolling_size", 1000);
  c.embargo = j.value("embargo", 0);
  c.search_budget = j.value("search_budget", 0);
  if (const auto p = j.find("params"); p != j.end() && p->is_object()) c.params = ParamsOf(*p);
  return c;
}

ClassMetrics MetricsOf(const Json& j) {
  ClassMetrics m;
  if (!j.is_object()) return m;
  m.n = j.value("n", int64_t{0});
  m.n_up = j.value("n_up", int64_t{0});
  m.accuracy = NumOf(j, "accuracy");
  m.balanced_accuracy = NumOf(j, "balanced_accuracy");
  m.precision = NumOf(j, "precision");
  m.recall = NumOf(j, "recall");
  m.f1 = NumOf(j, "f1");
  if (const auto ci = j.find("accuracy_ci"); ci != j.end() && ci->is_array() && ci->size() == 2) {
    m.accuracy_low = (*ci)[0].is_number() ? (*ci)[0].get<double>() : 0;
    m.accuracy_high = (*ci)[1].is_number() ? (*ci)[1].get<double>() : 0;
  }
  if (const auto ci = j.find("balanced_accuracy_ci");
      ci != j.end() && ci->is_array() && ci->size() == 2) {
    m.balanced_accuracy_low = (*ci)[0].is_number() ? (*ci)[0].get<double>() : 0;
    m.balanced_accuracy_high = (*ci)[1].is_number() ? (*ci)[1].get<double>() : 0;
  }
  m.auc = OptOf(j, "auc");
  m.log_loss = OptOf(j, "log_loss");
  m.brier = OptOf(j, "brier");
  if (const auto c = j.find("confusion"); c != j.end() && c->is_array() && c->size() == 2) {
    for (int t = 0; t < 2; ++t) {
      const auto& row = (*c)[t];
      if (!row.is_array() || row.size() != 2) continue;
      for (int p = 0; p < 2; ++p)
        m.confusion[t][p] = row[p].is_number() ? row[p].get<int64_t>() : 0;
    }
  }
  return m;
}

Json BaselinesJson(const std::vector<Baseline>& baselines) {
  Json out = Json::array();
  for (const auto& b : baselines) {
    Json m = ToJson(b.metrics);
    m["name"] = b.name;
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<Baseline> BaselinesOf(const Json& j) {
  std::vector<Baseline> out;
  if (!j.is_array()) return out;
  for (const auto& b : j) out.push_back({b.value("name", std::string()), MetricsOf(b)});
  return out;
}

Json StrategyJson(const StrategyResult& s, bool with_equity) {
  Json j = {{"total_return", Num(s.total_return)},
            {"buy_hold_return", Num(s.buy_hold_return)},
            {"hit_rate", Num(s.hit_rate)},
            {"max_drawdown", Num(s.max_drawdown)},
            {"buy_hold_max_drawdown", Num(s.buy_hold_max_drawdown)},
            {"days", s.days},
            {"days_long", s.days_long}};
  if (with_equity) {
    Json eq = Json::array();
    for (const auto& p : s.equity) eq.push_back({Day(p.day), Num(p.strategy), Num(p.buy_hold)});
    j["equity"] = std::move(eq);
  }
  return j;
}

// The evaluation; `full` adds folds, per-day calls and the equity curve.
Json EvaluationJson(const Evaluation& ev, bool full) {
  Json j = {{"model", ToJson(ev.model)},
            {"baselines", BaselinesJson(ev.baselines)},
            {"beats_baselines", ev.beats_baselines},
            {"leakage_suspected", ev.leakage_suspected},
            {"warnings", NoticesJson(ev.warnings)},
            {"strategy", StrategyJson(ev.strategy, full)},
            {"elapsed_ms", Num(ev.elapsed_ms)}};
  Json imp = Json::array();
  for (const auto& i : ev.importance) {
    imp.push_back(
        {{"feature", i.feature}, {"gain", Num(i.gain)}, {"permutation", Num(i.permutation)}});
  }
  j["importance"] = std::move(imp);
  j["fold_count"] = ev.folds.size();
  if (!full) return j;
  Json folds = Json::array();
  for (const auto& f : ev.folds) {
    folds.push_back({{"train_from", Day(f.train_from)},
                     {"train_to", Day(f.train_to)},
                     {"test_from", Day(f.test_from)},
                     {"test_to", Day(f.test_to)},
                     {"train_rows", f.train_rows},
                     {"test_rows", f.test_rows},
                     {"model", ToJson(f.model)},
                     {"majority_accuracy", Num(f.majority_accuracy)},
                     {"persistence_accuracy", Num(f.persistence_accuracy)},
                     {"always_up_accuracy", Num(f.always_up_accuracy)},
                     {"shuffled_balanced_accuracy", Num(f.shuffled_balanced_accuracy)}});
    if (f.params) folds.back()["params"] = ParamsJson(*f.params);
    if (f.search_log_loss) folds.back()["search_log_loss"] = Num(*f.search_log_loss);
  }
  j["folds"] = std::move(folds);
  Json calls = Json::array();
  for (const auto& c : ev.calls) calls.push_back({Day(c.day), c.truth, Num(c.prob)});
  j["calls"] = std::move(calls);
  return j;
}

Evaluation EvaluationOf(const Json& j) {
  Evaluation ev;
  if (!j.is_object()) return ev;
  ev.model = MetricsOf(j.value("model", Json::object()));
  ev.baselines = BaselinesOf(j.value("baselines", Json::array()));
  ev.beats_baselines = j.value("beats_baselines", false);
  ev.leakage_suspected = j.value("leakage_suspected", false);
  ev.warnings = NoticesOf(j.value("warnings", Json::array()));
  ev.elapsed_ms = NumOf(j, "elapsed_ms");
  const Json s = j.value("strategy", Json::object());
  ev.strategy.total_return = NumOf(s, "total_return");
  ev.strategy.buy_hold_return = NumOf(s, "buy_hold_return");
  ev.strategy.hit_rate = NumOf(s, "hit_rate");
  ev.strategy.max_drawdown = NumOf(s, "max_drawdown");
  ev.strategy.buy_hold_max_drawdown = NumOf(s, "buy_hold_max_drawdown");
  ev.strategy.days = s.value("days", int64_t{0});
  ev.strategy.days_long = s.value("days_long", int64_t{0});
  for (const auto& p : s.value("equity", Json::array())) {
    if (!p.is_array() || p.size() != 3 || !p[0].is_string()) continue;
    ev.strategy.equity.push_back({ParseDay(p[0].get<std::string>()).value_or(0),
                                  p[1].is_number() ? p[1].get<double>() : 0,
                                  p[2].is_number() ? p[2].get<double>() : 0});
  }
  for (const auto& i : j.value("importance", Json::array())) {
    ev.importance.push_back(
        {i.value("feature", std::string()), NumOf(i, "gain"), NumOf(i, "permutation")});
  }
  for (const auto& f : j.value("folds", Json::array())) {
    Fold fold;
    fold.train_from = DayOf(f, "train_from");
    fold.train_to = DayOf(f, "train_to");
    fold.test_from = DayOf(f, "test_from");
    fold.test_to = DayOf(f, "test_to");
    fold.train_rows = f.value("train_rows", int64_t{0});
    fold.test_rows = f.value("test_rows", int64_t{0});
    fold.model = MetricsOf(f.value("model", Json::object()));
    fold.majority_accuracy = NumOf(f, "majority_accuracy");
    fold.persistence_accuracy = NumOf(f, "persistence_accuracy");
    fold.always_up_accuracy = NumOf(f, "always_up_accuracy");
    fold.shuffled_balanced_accuracy = NumOf(f, "shuffled_balanced_accuracy");
    if (const auto p = f.find("params"); p != f.end() && p->is_object()) {
      fold.params = ParamsOf(*p);
    }
    fold.search_log_loss = OptOf(f, "search_log_loss");
    ev.folds.push_back(fold);
  }
  for (const auto& c : j.value("calls", Json::array())) {
    if (!c.is_array() || c.size() != 3 || !c[0].is_string() || !c[1].is_number()) continue;
    ev.calls.push_back({ParseDay(c[0].get<std::string>()).value_or(0),
                        static_cast<int8_t>(c[1].get<int>()),
                        c[2].is_number() ? c[2].get<double>() : 0.5});
  }
  return ev;
}

Json RecordJson(const ModelRecord& r, bool full) {
  Json j = {{"id", r.id},
            {"version", r.version},
            {"dataset", r.dataset},
            {"ticker", r.ticker},
            {"horizon", r.config.horizon},
            {"model", std::string(ToString(r.config.kind))},
            {"active", r.active},
            {"created_at", r.created_at},
            {"config", ConfigJson(r.config)},
            {"features", r.features},
            {"label", r.label},
            {"data",
             {{"from", Day(r.data_from)},
              {"to", Day(r.data_to)},
              {"rows", r.data_rows},
              {"fingerprint", r.data_fingerprint},
              {"report", ToJson(r.data_report)}}},
            {"training_rows", r.training_rows},
            {"code_version", r.code_version},
            {"train_ms", Num(r.train_ms)},
            {"checksum", r.checksum},
            {"evaluation", EvaluationJson(r.evaluation, full)}};
  j["search"] = r.search ? SearchJson(*r.search) : Json(nullptr);
  return j;
}

}  // namespace

Json ToJson(const ClassMetrics& m) {
  return {{"n", m.n},
          {"n_up", m.n_up},
          {"accuracy", Num(m.accuracy)},
          {"accuracy_ci", {Num(m.accuracy_low), Num(m.accuracy_high)}},
          {"balanced_accuracy", Num(m.balanced_accuracy)},
          {"balanced_accuracy_ci", {Num(m.balanced_accuracy_low), Num(m.balanced_accuracy_high)}},
          {"precision", Num(m.precision)},
          {"recall", Num(m.recall)},
          {"f1", Num(m.f1)},
          {"auc", Opt(m.auc)},
          {"log_loss", Opt(m.log_loss)},
          {"brier", Opt(m.brier)},
          {"confusion",
           {{m.confusion[0][0], m.confusion[0][1]}, {m.confusion[1][0], m.confusion[1][1]}}}};
}

Json ToJson(const DataReport& r) {
  return {{"rows_read", r.rows_read},
          {"rows_used", r.rows_used},
          {"null_rows", r.null_rows},
          {"bad_price_rows", r.bad_price_rows},
          {"duplicate_dates", r.duplicate_dates},
          {"weekend_rows", r.weekend_rows},
          {"no_trade_rows", r.no_trade_rows},
          {"gaps", r.gaps},
          {"largest_gap_days", r.largest_gap_days},
          {"suspected_splits", r.suspected_splits},
          {"adjusted", r.adjusted},
          {"notes", NoticesJson(r.notes)}};
}

Json ModelRecordToJson(const ModelRecord& record) { return RecordJson(record, true); }
Json ModelSummaryJson(const ModelRecord& record) { return RecordJson(record, false); }

Result<ModelRecord> ModelRecordFromJson(const Json& j) {
  try {
    if (!j.is_object() || !j.contains("id") || !j["id"].is_string()) {
      return Fail(ErrorCode::kFailedPrecondition, "a model record lacks its id");
    }
    ModelRecord r;
    r.id = j["id"].get<std::string>();
    r.version = j.value("version", 1);
    r.dataset = j.value("dataset", std::string());
    r.ticker = j.value("ticker", std::string());
    r.active = j.value("active", false);
    r.created_at = j.value("created_at", std::string());
    r.config = ConfigOf(j.value("config", Json::object()));
    r.features = j.value("features", std::vector<std::string>());
    r.label = j.value("label", std::string());
    const Json d = j.value("data", Json::object());
    r.data_from = DayOf(d, "from");
    r.data_to = DayOf(d, "to");
    r.data_rows = d.value("rows", int64_t{0});
    r.data_fingerprint = d.value("fingerprint", std::string());
    const Json rep = d.value("report", Json::object());
    r.data_report.rows_read = rep.value("rows_read", int64_t{0});
    r.data_report.rows_used = rep.value("rows_used", int64_t{0});
    r.data_report.null_rows = rep.value("null_rows", int64_t{0});
    r.data_report.bad_price_rows = rep.value("bad_price_rows", int64_t{0});
    r.data_report.duplicate_dates = rep.value("duplicate_dates", int64_t{0});
    r.data_report.weekend_rows = rep.value("weekend_rows", int64_t{0});
    r.data_report.no_trade_rows = rep.value("no_trade_rows", int64_t{0});
    r.data_report.gaps = rep.value("gaps", int64_t{0});
    r.data_report.largest_gap_days = rep.value("largest_gap_days", int64_t{0});
    r.data_report.suspected_splits = rep.value("suspected_splits", int64_t{0});
    r.data_report.adjusted = rep.value("adjusted", false);
    r.data_report.notes = NoticesOf(rep.value("notes", Json::array()));
    r.data_report.first_day = r.data_from;
    r.data_report.last_day = r.data_to;
    r.training_rows = j.value("training_rows", int64_t{0});
    r.code_version = j.value("code_version", std::string());
    r.train_ms = NumOf(j, "train_ms");
    r.checksum = j.value("checksum", std::string());
    r.evaluation = EvaluationOf(j.value("evaluation", Json::object()));
    if (const auto s = j.find("search"); s != j.end() && s->is_object()) r.search = SearchOf(*s);
    return r;
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kFailedPrecondition,
                std::string("a model record is damaged: ") + e.what());
  }
}

Json ToJson(const Prediction& p) {
  return {
      {"ticker", p.ticker},
      {"horizon", p.horizon},
      {"direction", p.direction},
      {"probability_up", Num(p.probability_up)},
      {"as_of", Day(p.as_of)},
      {"model",
       {{"id", p.model_id}, {"version", p.model_version}, {"kind", std::string(ToString(p.kind))}}},
      {"walk_forward", ToJson(p.walk_forward)},
      {"baselines", BaselinesJson(p.baselines)},
      {"beats_baselines", p.beats_baselines},
      {"leakage_suspected", p.leakage_suspected},
      {"warnings", NoticesJson(p.warnings)}};
}

Json ToJson(const TrainResult& result) {
  Json models = Json::array();
  for (const auto& m : result.models) models.push_back(ModelSummaryJson(m));
  return {{"models", std::move(models)}, {"skipped", result.skipped}};
}

Result<TrainRequest> ParseForecastTrainRequest(const Json& body,
                                               const WalkForwardConfig& defaults) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(
      body, {"dataset", "ticker", "horizon", "model", "dead_zone", "window", "min_train",
             "retrain_every", "rolling_size", "embargo", "trees", "max_depth", "learning_rate",
             "threads", "search_budget", "activate"}));
  TrainRequest r;
  r.config = defaults;
  r.dataset = SAGAZ_TRY(internal::RequiredString(body, "dataset"));
  r.ticker = SAGAZ_TRY(internal::OptionalString(body, "ticker"));
  if (r.ticker && r.ticker->empty()) r.ticker.reset();
  auto& c = r.config;
  auto int_field = [&](std::string_view name, int& slot, int64_t min, int64_t max) -> Status {
    if (auto v = SAGAZ_TRY(internal::OptionalInteger(
            body, name, min, max,
            "an integer from " + std::to_string(min) + " to " + std::to_string(max)))) {
      slot = static_cast<int>(*v);
    }
    return Ok();
  };
  SAGAZ_TRY(int_field("horizon", c.horizon, 1, 250));
  SAGAZ_TRY(int_field("min_train", c.min_train, 50, 100000));
  SAGAZ_TRY(int_field("retrain_every", c.retrain_every, 1, 100000));
  SAGAZ_TRY(int_field("rolling_size", c.rolling_size, 50, 100000));
  SAGAZ_TRY(int_field("embargo", c.embargo, 0, 1000));
  SAGAZ_TRY(int_field("trees", c.params.trees, 1, 5000));
  SAGAZ_TRY(int_field("max_depth", c.params.max_depth, 0, 20));
  SAGAZ_TRY(int_field("threads", c.params.threads, 1, 256));
  SAGAZ_TRY(int_field("search_budget", c.search_budget, 0, kMaxSearchBudget));
  if (auto m = SAGAZ_TRY(internal::OptionalString(body, "model"))) {
    auto kind = ParseModelKind(*m);
    if (!kind) return Fail(FieldError("model", kind.error().message));
    c.kind = *kind;
  }
  if (auto w = SAGAZ_TRY(internal::OptionalString(body, "window"))) {
    c.window = SAGAZ_TRY(ParseWindow(*w));
  }
  if (auto v = SAGAZ_TRY(OptionalNumber(body, "dead_zone", 0, 0.49, "a number in [0, 0.49]"))) {
    c.dead_zone = *v;
  }
  if (auto v =
          SAGAZ_TRY(OptionalNumber(body, "learning_rate", 0.001, 1, "a number in [0.001, 1]"))) {
    c.params.learning_rate = *v;
  }
  if (const auto a = body.find("activate"); a != body.end()) {
    if (!a->is_boolean()) return Fail(FieldError("activate", "activate must be true or false"));
    r.activate = a->get<bool>();
  }
  return r;
}

Result<PredictRequest> ParseForecastPredictRequest(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"dataset", "ticker", "horizon", "model"}));
  PredictRequest r;
  r.dataset = SAGAZ_TRY(internal::RequiredString(body, "dataset"));
  r.ticker = SAGAZ_TRY(internal::OptionalString(body, "ticker"));
  if (r.ticker && r.ticker->empty()) r.ticker.reset();
  if (auto h = SAGAZ_TRY(
          internal::OptionalInteger(body, "horizon", 1, 250, "an integer from 1 to 250"))) {
    r.horizon = static_cast<int>(*h);
  }
  r.model = SAGAZ_TRY(internal::OptionalString(body, "model"));
  return r;
}

Result<CompareRequest> ParseForecastCompareRequest(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"models", "dataset", "horizon"}));
  CompareRequest r;
  if (body.contains("models")) {
    const auto& models = body["models"];
    if (!models.is_array()) {
      return Fail(internal::FieldError("models", "'models' must be a list of model ids"));
    }
    for (const auto& id : models) {
      if (!id.is_string()) {
        return Fail(internal::FieldError("models", "'models' must be a list of model ids"));
      }
      r.models.push_back(id.get<std::string>());
    }
  }
  r.dataset = SAGAZ_TRY(internal::OptionalString(body, "dataset")).value_or("");
  if (auto h = SAGAZ_TRY(
          internal::OptionalInteger(body, "horizon", 1, 250, "an integer from 1 to 250"))) {
    r.horizon = static_cast<int>(*h);
  }
  return r;
}

Json ToJson(const Comparison& comparison) {
  Json models = Json::array();
  for (const auto& m : comparison.models) {
    Json j = ModelSummaryJson(m.record);
    j["best_baseline"] = {{"name", m.best_baseline}, {"accuracy", m.best_baseline_accuracy}};
    j["margin"] = m.margin;
    models.push_back(std::move(j));
  }
  return Json{{"models", std::move(models)},
              {"best", comparison.best.empty() ? Json(nullptr) : Json(comparison.best)},
              {"notes", NoticesJson(comparison.notes)}};
}

}  // namespace sagaz::wire
