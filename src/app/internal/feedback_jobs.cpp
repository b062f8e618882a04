#include "app/internal/feedback_jobs.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>

#include "app/app.hpp"
#include "app/internal/ingest_job.hpp"
#include "app/jobs.hpp"
#include "catalog/catalog.hpp"
#include "core/strings.hpp"
#include "db/db.hpp"
#include "feedback/feedback.hpp"
#include "jobs/jobs.hpp"
#include "wire/feedback.hpp"

namespace sagaz {
namespace app_jobs {

Result<jobs::Submitted> SubmitFeedbackClassify(App& app, std::string_view batch,
                                               std::string_view store_report,
                                               std::string_view created_by,
                                               std::string_view idempotency_key) {
  wire::Json payload{{"batch", batch}};
  if (!store_report.empty()) payload["store"] = SAGAZ_TRY(wire::ParseBody(store_report));
  return app.jobs().Submit({.kind = std::string(kFeedbackClassify),
                            .payload = wire::Dump(payload),
                            .idempotency_key = std::string(idempotency_key),
                            .created_by = std::string(created_by)});
}

Result<feedback::StoreReport> StoreCommentFile(App& app, wire::CommentReader& reader,
                                               std::string_view batch,
                                               const std::function<void(uint64_t)>& progress,
                                               const std::function<bool()>& cancelled) {
  constexpr size_t kChunk = 20000;
  auto& service = app.feedback();
  const auto max_errors = static_cast<size_t>(service.config().max_item_errors);
  feedback::StoreReport total;
  total.batch = std::string(batch);
  std::vector<feedback::CommentInput> comments;
  std::vector<feedback::ItemError> errors;
  for (bool more = true; more;) {
    if (cancelled && cancelled()) return Fail(ErrorCode::kCancelled, "import cancelled");
    comments.clear();
    errors.clear();
    more = SAGAZ_TRY(reader.Next(kChunk, comments, errors));
    auto stored = SAGAZ_TRY(service.StoreClassified(comments, batch));
    stored.Reject(errors, max_errors);
    total.Merge(stored, max_errors);
    if (progress) progress(reader.bytes_read());
  }
  return total;
}

Result<feedback::StoreReport> StoreCommentDataset(App& app, std::string_view dataset,
                                                  const wire::CommentColumns& columns,
                                                  std::string_view batch,
                                                  const std::function<void(double)>& progress) {
  constexpr size_t kChunk = 20000;
  if (!SAGAZ_TRY(app.catalog().Exists(dataset))) {
    return Fail(Error(ErrorCode::kNotFound, "there is no dataset '" + std::string(dataset) +
                                                "' (`sagaz datasets list` shows the loaded ones)")
                    .With("field", "dataset"));
  }
  auto conn = SAGAZ_TRY(app.pool().Acquire());
  const std::string table = QuoteIdent(dataset);
  std::vector<std::string> names;
  {
    auto probe = SAGAZ_TRY(conn->Query("SELECT * FROM " + table + " LIMIT 0"));
    for (const auto& c : probe.columns()) names.push_back(c.name);
  }
  // The column the user named (it must exist), else the default name when the dataset has it.
  auto column = [&](const std::string& given, std::string_view fallback,
                    std::string_view flag) -> Result<std::string> {
    const std::string wanted = given.empty() ? std::string(fallback) : given;
    for (const auto& n : names) {
      if (IEquals(n, wanted)) return n;
    }
    if (given.empty() && flag != "--text-column") return std::string();
    std::vector<std::string_view> shown(
        names.begin(),
        names.begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(names.size(), 30)));
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "the dataset '" + std::string(dataset) + "' has no column '" + wanted +
                          "' (" + std::string(flag) + "); its columns: " + Join(shown, ", "))
                    .With("column", wanted));
  };
  const std::string text = SAGAZ_TRY(column(columns.text, "text", "--text-column"));
  const std::array<std::string, 4> optional = {
      SAGAZ_TRY(column(columns.id, "id", "--id-column")),
      SAGAZ_TRY(column(columns.date, "created_at", "--date-column")),
      SAGAZ_TRY(column(columns.author, "author", "--author-column")),
      SAGAZ_TRY(column(columns.source_column, "source", "--source-column"))};
  std::string select = "CAST(" + QuoteIdent(text) + " AS VARCHAR)";
  for (const auto& c : optional) {
    select += c.empty() ? ", NULL::VARCHAR" : ", CAST(" + QuoteIdent(c) + " AS VARCHAR)";
  }
  const auto rows =
      db::IntOf(SAGAZ_TRY(SAGAZ_TRY(conn->Query("SELECT count(*) FROM " + table)).FetchScalar()));
  auto result = SAGAZ_TRY(conn->Stream("SELECT " + select + " FROM " + table));

  auto& service = app.feedback();
  const auto max_errors = static_cast<size_t>(service.config().max_item_errors);
  feedback::StoreReport total;
  total.batch = std::string(batch);
  std::vector<feedback::CommentInput> comments;
  int64_t index = 0;
  auto flush = [&]() -> Status {
    if (comments.empty()) return Ok();
    auto stored = SAGAZ_TRY(service.StoreClassified(comments, batch));
    total.Merge(stored, max_errors);
    comments.clear();
    if (progress && rows > 0) progress(static_cast<double>(index) / static_cast<double>(rows));
    return Ok();
  };
  std::array<std::vector<std::string_view>, 5> cells;
  while (auto chunk = SAGAZ_TRY(result.Next())) {
    const size_t n = chunk->size();
    std::array<db::Validity, 5> valid{db::Validity(nullptr), db::Validity(nullptr),
                                      db::Validity(nullptr), db::Validity(nullptr),
                                      db::Validity(nullptr)};
    for (size_t k = 0; k < cells.size(); ++k) {
      cells[k].assign(n, {});
      const auto view = chunk->column(k);
      view.GetStrings(cells[k]);
      valid[k] = view.validity();
    }
    for (size_t row = 0; row < n; ++row) {
      auto cell = [&](size_t k) {
        return valid[k].IsValid(row) ? std::string(cells[k][row]) : std::string();
      };
      feedback::CommentInput c;
      c.index = index++;
      c.text = cell(0);
      c.id = optional[0].empty() ? "h" + feedback::TextFingerprint(c.text) : cell(1);
      c.created_at = cell(2);
      c.author = cell(3);
      c.source = !optional[3].empty() && !cell(4).empty() ? cell(4) : columns.source;
      comments.push_back(std::move(c));
    }
    if (comments.size() >= kChunk) SAGAZ_TRY(flush());
  }
  SAGAZ_TRY(flush());
  return total;
}

}  // namespace app_jobs

namespace internal {
namespace {

Result<std::string> RunClassify(App& app, jobs::JobContext& ctx) {
  const auto payload = SAGAZ_TRY(wire::ParseBody(ctx.job().payload));
  if (!payload.is_object() || !payload.contains("batch") || !payload["batch"].is_string()) {
    return Fail(ErrorCode::kInvalidArgument, "malformed feedback.classify payload");
  }
  const std::string batch = payload["batch"].get<std::string>();
  ctx.Progress(0, "classifying comments");
  const auto report = SAGAZ_TRY(app.feedback().ClassifyBatch(
      batch, {.progress = [&ctx](double f) { ctx.Progress(f * 100, "classifying comments"); },
              .cancelled = [&ctx] { return ctx.Cancelled(); }}));
  wire::Json result{{"classify", wire::ToJson(report)}};
  if (payload.contains("store")) result["store"] = payload["store"];
  return wire::Dump(result);
}

Result<std::string> RunImport(App& app, jobs::JobContext& ctx) {
  const auto payload = SAGAZ_TRY(ParseFileJobPayload(app, ctx.job().payload));
  std::error_code ec;
  const auto size = std::filesystem::file_size(payload.path, ec);
  if (ec) {
    return Fail(ErrorCode::kFailedPrecondition,
                "the uploaded file of this job is gone; upload the file again");
  }
  auto fields = payload.fields;
  const auto format = SAGAZ_TRY(wire::ParseCommentFormat(fields["format"]));
  const auto columns = SAGAZ_TRY(wire::CommentColumnsFromFields(fields));
  auto in = std::make_unique<std::ifstream>(payload.path, std::ios::binary);
  auto reader = SAGAZ_TRY(wire::CommentReader::Open(std::move(in), format, columns));
  auto& service = app.feedback();
  const std::string batch = ctx.job().id;
  ctx.Progress(0, "reading " + payload.source_name);
  const auto total = SAGAZ_TRY(app_jobs::StoreCommentFile(
      app, *reader, batch,
      [&](uint64_t bytes) {
        if (size > 0) {
          ctx.Progress(50.0 * static_cast<double>(bytes) / static_cast<double>(size),
                       "storing comments");
        }
      },
      [&ctx] { return ctx.Cancelled(); }));
  // The comments were classified as they were stored; this catches any the batch still has
  // pending (none unless the classifier changed meanwhile).
  auto classified = SAGAZ_TRY(service.ClassifyBatch(
      batch, {.progress = [&ctx](double f) { ctx.Progress(50 + f * 50, "classifying comments"); },
              .cancelled = [&ctx] { return ctx.Cancelled(); }}));
  classified.classified += total.classified;
  return wire::Dump(
      wire::Json{{"store", wire::ToJson(total)}, {"classify", wire::ToJson(classified)}});
}

Result<std::string> RunTrain(App& app, jobs::JobContext& ctx) {
  const auto body = SAGAZ_TRY(wire::ParseTrainBody(SAGAZ_TRY(wire::ParseBody(ctx.job().payload))));
  ctx.Progress(0, "reading the gold labels");
  const auto model =
      SAGAZ_TRY(app.feedback().Train({.options = body.options, .activate = body.activate},
                                     [&ctx](double f, const std::string& message) {
                                       ctx.Progress(f * 100, message);
                                       return !ctx.Cancelled();
                                     }));
  return wire::Dump(wire::Json{{"model", wire::ToJson(model)}});
}

}  // namespace

void RegisterFeedbackJobs(jobs::Workers& workers, App& app) {
  workers.Register(std::string(app_jobs::kFeedbackClassify),
                   [&app](jobs::JobContext& ctx) { return RunClassify(app, ctx); });
  workers.Register(std::string(app_jobs::kFeedbackTrain),
                   [&app](jobs::JobContext& ctx) { return RunTrain(app, ctx); });
  workers.Register(
      std::string(app_jobs::kFeedbackImport),
      [&app](jobs::JobContext& ctx) { return RunImport(app, ctx); }, FileJobFinalizer(app));
}

}  // namespace internal
}  // namespace sagaz
