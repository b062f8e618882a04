// Feedback routes: send comments (JSON batches, NDJSON/CSV files), list, export, summarise, the
// public report, classify texts, reclassify, evaluate against gold labels. Adapters only.
#include <algorithm>
#include <memory>
#include <mutex>

#include "app/app.hpp"
#include "app/jobs.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "feedback/feedback.hpp"
#include "server/routes.hpp"
#include "server/upload.hpp"
#include "wire/feedback.hpp"
#include "wire/platform.hpp"

namespace sagaz::server {
namespace {

using wire::Json;

// 202 with the job and where to follow it.
http::Response Accepted(const jobs::Submitted& submitted, Json extra = Json::object()) {
  extra["job"] = wire::ToJson(submitted.job);
  auto response = JsonResponse(extra, 202);
  response.headers.emplace_back("Location", "/api/v1/jobs/" + submitted.job.id);
  if (submitted.existing) response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

// A JSON body read from a streaming route, under the ordinary body limit.
Result<std::string> ReadJsonBody(App& app, http::BodyReader& body) {
  const uint64_t limit = static_cast<uint64_t>(app.config().server.max_body_mb) << 20;
  std::string text;
  bool too_large = false;
  const bool complete = body.Read([&](const char* data, size_t size) {
    if (text.size() + size > limit) {
      too_large = true;
      return text.size() + size <= limit + (8u << 20);  // drained, so the client reads the 413
    }
    text.append(data, size);
    return true;
  });
  if (too_large) {
    return Fail(Error(ErrorCode::kPayloadTooLarge,
                      "the JSON body is larger than " + FormatBytes(limit) +
                          " (server.max_body_mb); upload large sets as NDJSON or CSV")
                    .With("limit_bytes", std::to_string(limit)));
  }
  if (!complete) return Fail(ErrorCode::kInvalidArgument, "the body was interrupted or malformed");
  return text;
}

// {"comments": [...]}: stored now (per-item errors in the answer), classified by a job.
Reply PostBatch(App& app, const http::Request& req, http::BodyReader& body) {
  const auto text = SAGAZ_TRY(ReadJsonBody(app, body));
  auto& service = app.feedback();
  const auto batch = SAGAZ_TRY(wire::ParseCommentBatch(
      SAGAZ_TRY(wire::ParseBody(text)), static_cast<size_t>(service.config().max_batch)));
  const std::string batch_id = "b-" + NewUuid();
  auto report = SAGAZ_TRY(service.Store(batch.comments, batch_id));
  report.Reject(batch.errors, static_cast<size_t>(service.config().max_item_errors));
  const Json stored = wire::ToJson(report);
  const auto submitted =
      SAGAZ_TRY(app_jobs::SubmitFeedbackClassify(app, batch_id, wire::Dump(stored), req.caller.user,
                                                 req.Header("Idempotency-Key").value_or("")));
  return Accepted(submitted, Json{{"stored", stored}});
}

// An NDJSON or CSV file (raw body or the multipart `file` field), imported by a job.
Reply PostFile(App& app, const http::Request& req, http::BodyReader& body) {
  const auto uploads = app.config().DataPath("uploads");
  std::error_code ec;
  std::filesystem::create_directories(uploads, ec);
  TempFile file(uploads / (NewUuid() + ".upload"));
  const uint64_t limit = static_cast<uint64_t>(app.config().ingest.max_upload_mb) << 20;
  auto upload = SAGAZ_TRY(ReceiveUpload(req, body, file, limit));
  static constexpr std::string_view kFields[] = {"format",      "text_column",   "id_column",
                                                 "date_column", "author_column", "source_column",
                                                 "source"};
  for (const auto& [key, value] : upload.fields) {
    if (std::find(std::begin(kFields), std::end(kFields), key) == std::end(kFields)) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "unknown field '" + key +
                            "'; the fields are format, text_column, id_column, date_column, "
                            "author_column, source_column, source")
                      .With("field", key));
    }
  }
  if (!upload.fields.contains("format") && !body.IsMultipart()) {
    upload.fields["format"] = req.Header("Content-Type").value_or("");
  }
  // Checked now so that bad options fail the request, not the job.
  const auto format = SAGAZ_TRY(wire::ParseCommentFormat(upload.fields["format"]));
  upload.fields["format"] = format == wire::CommentFormat::kCsv      ? "csv"
                            : format == wire::CommentFormat::kNdjson ? "ndjson"
                                                                     : "auto";
  SAGAZ_TRY(wire::CommentColumnsFromFields(upload.fields));
  if (upload.bytes == 0) return Fail(ErrorCode::kInvalidArgument, "the file is empty");
  const auto dir = app_jobs::JobUploadsDir(app);
  std::filesystem::create_directories(dir, ec);
  const auto path = dir / file.path().filename();
  std::filesystem::rename(file.path(), path, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot keep the upload for its job: " + ec.message());
  auto submitted = app_jobs::SubmitFeedbackImport(
      app, {.path = path,
            .source_name = upload.filename.empty() ? std::string("comments") : upload.filename,
            .fields = upload.fields,
            .created_by = req.caller.user,
            .idempotency_key = req.Header("Idempotency-Key").value_or("")});
  if (!submitted || submitted->existing) std::filesystem::remove(path, ec);
  return Accepted(SAGAZ_TRY(std::move(submitted)));
}

bool IsJsonBody(const http::Request& req, http::BodyReader& body) {
  if (body.IsMultipart() || req.Query("format")) return false;
  const std::string type = ToLower(req.Header("Content-Type").value_or("application/json"));
  return type.empty() || type.starts_with("application/json");
}

// Every comment of a filter, streamed as CSV or NDJSON.
http::Response ExportComments(App& app, feedback::CommentFilter filter, bool csv) {
  http::Response r;
  r.content_type = csv ? "text/csv; charset=utf-8" : "application/x-ndjson";
  r.headers.emplace_back("Content-Disposition", csv ? "attachment; filename=\"comments.csv\""
                                                    : "attachment; filename=\"comments.ndjson\"");
  r.stream = [&app, filter = std::move(filter), csv](http::StreamSink& sink) {
    if (csv && !sink.Send(wire::CommentsCsvHeader())) return;
    auto st = app.feedback().Export(filter, [&](std::span<const feedback::Comment> comments) {
      std::string out;
      for (const auto& c : comments) {
        out += csv ? wire::ToCsvRow(c) : wire::Dump(wire::ToJson(c)) + "\n";
      }
      return !sink.Stopping() && sink.Send(out);
    });
    if (!st) sink.Send(csv ? "" : wire::Dump(wire::ErrorEnvelope(st.error())) + "\n");
  };
  return r;
}

// The public report's body, dumped once per snapshot.
struct ReportCache {
  std::mutex mu;
  int64_t snapshot_ms = -1;  // guarded by mu
  std::string body, etag;    // guarded by mu
};

}  // namespace

void RegisterFeedbackRoutes(http::Server& server, App& app) {
  server.PostStreaming("/api/v1/feedback/comments", Need(auth::Permission::kFeedbackWrite),
                       [&app](const http::Request& req, http::BodyReader& body) -> Reply {
                         return IsJsonBody(req, body) ? PostBatch(app, req, body)
                                                      : PostFile(app, req, body);
                       });

  server.Get("/api/v1/feedback/comments", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               auto filter = SAGAZ_TRY(wire::ParseCommentFilter(req.query));
               const std::string format = req.Query("format").value_or("json");
               if (format == "csv" || format == "ndjson") {
                 return ExportComments(app, std::move(filter), format == "csv");
               }
               if (format != "json") {
                 return Fail(Error(ErrorCode::kInvalidArgument,
                                   "format is json (a page), csv or ndjson (every comment)")
                                 .With("field", "format"));
               }
               return JsonResponse(wire::ToJson(SAGAZ_TRY(app.feedback().List(filter))));
             });

  server.Get("/api/v1/feedback/comments/{source}/{id}/history",
             Need(auth::Permission::kDatasetsRead), [&app](const http::Request& req) -> Reply {
               const auto history =
                   SAGAZ_TRY(app.feedback().History(req.Param("source"), req.Param("id")));
               Json items = Json::array();
               for (const auto& h : history) items.push_back(wire::ToJson(h));
               return JsonResponse(Json{{"history", std::move(items)}});
             });

  server.Get("/api/v1/feedback/summary", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               if (req.Query("week")) {
                 return Fail(Error(ErrorCode::kInvalidArgument,
                                   "weekly summaries have their own route: GET "
                                   "/api/v1/feedback/summaries/{week}")
                                 .With("field", "week"));
               }
               const auto filter = SAGAZ_TRY(wire::ParseCommentFilter(req.query));
               return JsonResponse(wire::ToJson(SAGAZ_TRY(app.feedback().Summarize(filter))));
             });

  // Weekly summaries: the most recent weeks with comments, and one week ("2024-W10", a date in
  // it, or "latest" for the last complete week).
  server.Get("/api/v1/feedback/summaries", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               const int64_t limit = SAGAZ_TRY(wire::ParseWeeksLimit(req.query));
               Json items = Json::array();
               for (const auto& w : SAGAZ_TRY(app.feedback().RecentWeeks(limit))) {
                 items.push_back(wire::ToJson(w));
               }
               return JsonResponse(Json{{"summaries", std::move(items)}});
             });

  server.Get("/api/v1/feedback/summaries/{week}", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               const std::string week = req.Param("week");
               return JsonResponse(
                   wire::ToJson(SAGAZ_TRY(app.feedback().Weekly(week == "latest" ? "" : week))));
             });

  server.Get(
      "/api/v1/feedback/taxonomy", Need(auth::Permission::kDatasetsRead),
      [&app](const http::Request&) -> Reply {
        return JsonResponse(wire::ToJson(app.feedback().taxonomy(), *app.feedback().classifier()));
      });

  auto cache = std::make_shared<ReportCache>();
  server.Get("/api/v1/feedback/report", http::kPublic,
             [&app, cache](const http::Request& req) -> Reply {
               const auto report = SAGAZ_TRY(app.feedback().Report());
               std::string body, etag;
               {
                 std::lock_guard lock(cache->mu);
                 if (cache->snapshot_ms != report.snapshot_ms) {
                   cache->body = wire::Dump(wire::ToJson(report));
                   cache->etag = "\"" + feedback::TextFingerprint(cache->body) + "\"";
                   cache->snapshot_ms = report.snapshot_ms;
                 }
                 body = cache->body;
                 etag = cache->etag;
               }
               const int64_t period = app.feedback().config().report_cache_s;
               const int64_t age_s = std::max<int64_t>(0, (NowMs() - report.snapshot_ms) / 1000);
               http::Response r;
               if (req.Header("If-None-Match").value_or("") == etag) {
                 r.status = 304;
               } else {
                 r = http::Response::Json(200, std::move(body));
               }
               r.headers.emplace_back("ETag", etag);
               r.headers.emplace_back(
                   "Cache-Control",
                   "public, max-age=" + std::to_string(std::max<int64_t>(0, period - age_s)));
               r.headers.emplace_back("X-Snapshot-At", Iso8601FromMs(report.snapshot_ms));
               return r;
             });

  server.Post("/api/v1/feedback/classify", Need(auth::Permission::kQuery),
              [&app](const http::Request& req) -> Reply {
                const auto texts =
                    SAGAZ_TRY(wire::ParseClassifyRequest(SAGAZ_TRY(JsonObjectBody(req))));
                return JsonResponse(wire::ClassifyTexts(*app.feedback().classifier(), texts));
              });

  server.Post("/api/v1/feedback/reclassify", Need(auth::Permission::kFeedbackWrite),
              [&app](const http::Request& req) -> Reply {
                const std::string source = SAGAZ_TRY(wire::ParseReclassifyRequest(
                    req.body.empty() ? Json::object() : SAGAZ_TRY(JsonObjectBody(req))));
                const std::string batch = "r-" + NewUuid();
                const int64_t marked =
                    SAGAZ_TRY(app.feedback().MarkForReclassification(batch, source));
                const auto submitted = SAGAZ_TRY(app_jobs::SubmitFeedbackClassify(
                    app, batch, "", req.caller.user, req.Header("Idempotency-Key").value_or("")));
                return Accepted(submitted, Json{{"marked", marked}});
              });

  server.Post("/api/v1/feedback/comments/{source}/{id}/label",
              Need(auth::Permission::kFeedbackWrite), [&app](const http::Request& req) -> Reply {
                auto request = SAGAZ_TRY(wire::ParseRelabel(SAGAZ_TRY(JsonObjectBody(req))));
                request.source = req.Param("source");
                request.id = req.Param("id");
                request.by = req.caller.user;
                return JsonResponse(
                    Json{{"label", wire::ToJson(SAGAZ_TRY(app.feedback().Relabel(request)))}});
              });

  // Trained classifiers: trained on the gold labels by a job, versioned, activated, rolled back.
  server.Post(
      "/api/v1/feedback/models", Need(auth::Permission::kFeedbackWrite),
      [&app](const http::Request& req) -> Reply {
        const Json body = req.body.empty() ? Json::object() : SAGAZ_TRY(JsonObjectBody(req));
        SAGAZ_TRY(wire::ParseTrainBody(body));  // bad options fail the request, not the job
        const auto submitted = SAGAZ_TRY(
            app.jobs().Submit({.kind = std::string(app_jobs::kFeedbackTrain),
                               .payload = wire::Dump(body),
                               .max_attempts = 1,
                               .idempotency_key = req.Header("Idempotency-Key").value_or(""),
                               .created_by = req.caller.user}));
        return Accepted(submitted);
      });
  server.Get("/api/v1/feedback/models", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request&) -> Reply {
               Json items = Json::array();
               for (const auto& m : SAGAZ_TRY(app.feedback().Models())) {
                 items.push_back(wire::ToJson(m));
               }
               const auto active = app.feedback().classifier();
               return JsonResponse(Json{
                   {"models", std::move(items)},
                   {"classifier", {{"name", active->name()}, {"version", active->version()}}}});
             });
  server.Get("/api/v1/feedback/models/{id}", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               return JsonResponse(wire::ToJson(SAGAZ_TRY(app.feedback().Model(req.Param("id")))));
             });
  server.Post("/api/v1/feedback/models/{id}/activate", Need(auth::Permission::kFeedbackWrite),
              [&app](const http::Request& req) -> Reply {
                const auto rec = SAGAZ_TRY(app.feedback().Activate(req.Param("id")));
                const auto active = app.feedback().classifier();
                return JsonResponse(Json{
                    {"model", rec ? wire::ToJson(*rec) : Json(nullptr)},
                    {"classifier", {{"name", active->name()}, {"version", active->version()}}}});
              });
  server.Delete("/api/v1/feedback/models/{id}", Need(auth::Permission::kFeedbackWrite),
                [&app](const http::Request& req) -> Reply {
                  SAGAZ_TRY(app.feedback().DeleteModel(req.Param("id")));
                  return NoContent();
                });

  server.Post("/api/v1/feedback/evaluations", Need(auth::Permission::kQuery),
              [&app](const http::Request& req) -> Reply {
                const auto gold = SAGAZ_TRY(wire::ParseGold(SAGAZ_TRY(JsonObjectBody(req))));
                return JsonResponse(wire::ToJson(SAGAZ_TRY(app.feedback().EvaluateStored(gold))));
              });
}

}  // namespace sagaz::server
