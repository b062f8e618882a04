// JSON and Parquet loaders, column-name normalization and progress polling.
#include <chrono>
#include <set>

#include "catalog/catalog.hpp"
#include "core/strings.hpp"
#include "ingest/internal/loader.hpp"
#include "ingest/internal/precheck.hpp"

namespace sagaz::ingest::internal {

ProgressPoller::ProgressPoller(db::Connection& conn, const ProgressFn& fn, double from, double to) {
  if (!fn) return;
  thread_ = std::thread([this, &conn, &fn, from, to] {
    double last = -1;
    while (!stop_.load()) {
      auto p = conn.GetProgress();
      if (p.percentage >= 0) {
        double f = from + (to - from) * std::min(p.percentage, 100.0) / 100.0;
        if (f > last) {
          last = f;
          try {  // a thread boundary: a throwing callback must not terminate the process
            fn(f);
          } catch (...) {
          }
        }
      }
      for (int i = 0; i < 10 && !stop_.load(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  });
}

ProgressPoller::~ProgressPoller() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

Result<std::vector<db::Column>> TableColumns(db::Connection& conn, const std::string& table) {
  auto r = SAGAZ_TRY(conn.Query("SELECT * FROM " + QuoteIdent(table) + " LIMIT 0"));
  return r.columns();
}

Status NormalizeColumnNames(db::Connection& conn, const std::string& table, LoadOutcome& outcome) {
  auto cols = SAGAZ_TRY(TableColumns(conn, table));
  std::set<std::string> taken;
  std::vector<std::pair<std::string, std::string>> renames;
  for (const auto& c : cols) {
    std::string name = catalog::ValidateName(c.name) && c.name == ToLower(c.name)
                           ? c.name
                           : catalog::SuggestName(c.name);
    std::string unique = name;
    for (int i = 2; taken.count(unique); ++i) unique = name + "_" + std::to_string(i);
    taken.insert(unique);
    if (unique != c.name) renames.emplace_back(c.name, unique);
  }
  // Two steps through temporary names, so that swapping names (a -> b, b -> a) cannot collide.
  for (size_t i = 0; i < renames.size(); ++i) {
    SAGAZ_TRY(conn.Execute("ALTER TABLE " + QuoteIdent(table) + " RENAME COLUMN " +
                           QuoteIdent(renames[i].first) + " TO " +
                           QuoteIdent("__rename_" + std::to_string(i))));
  }
  for (size_t i = 0; i < renames.size(); ++i) {
    SAGAZ_TRY(conn.Execute("ALTER TABLE " + QuoteIdent(table) + " RENAME COLUMN " +
                           QuoteIdent("__rename_" + std::to_string(i)) + " TO " +
                           QuoteIdent(renames[i].second)));
    outcome.original_names[renames[i].second] = renames[i].first;
    // Notes were keyed by the file's names; follow the rename.
    if (auto it = outcome.notes.find(renames[i].first); it != outcome.notes.end()) {
      outcome.notes[renames[i].second] = it->second;
      outcome.notes.erase(it);
    }
  }
  return Ok();
}

Result<LoadOutcome> LoadJson(db::Connection& conn, const Request& request,
                             const IngestConfig& config, const std::string& staging,
                             const ProgressFn& progress) {
  LoadOutcome outcome;
  auto load = [&](int64_t sample) -> Status {
    SAGAZ_TRY(conn.Execute("DROP TABLE IF EXISTS " + QuoteIdent(staging)));
    ProgressPoller poll(conn, progress, 0.0, 0.85);
    return conn.Execute("CREATE TABLE " + QuoteIdent(staging) + " AS SELECT * FROM read_json(" +
                        QuoteLiteral(request.path.string()) +
                        ", format = 'auto', records = 'auto', sample_size = " +
                        std::to_string(sample) + ", maximum_object_size = 67108864)");
  };
  auto st = load(config.sample_rows);
  if (!st && st.error().code != ErrorCode::kCancelled) {
    // A value later in the file may not fit the type guessed from the sample: look at every record.
    if (load(-1)) {
      outcome.decisions.push_back("types: guessed from every record (the first " +
                                  std::to_string(config.sample_rows) + " were not representative)");
      st = Ok();
    }
  }
  if (!st) {
    return Fail(Error(st.error().code == ErrorCode::kCancelled ? ErrorCode::kCancelled
                                                               : ErrorCode::kInvalidArgument,
                      "cannot read the file as JSON: " + st.error().message));
  }
  outcome.decisions.push_back(
      "format: JSON (arrays and newline-delimited records are both accepted)");
  return outcome;
}

namespace {

// The schema of a Parquet file is a flat list of elements in depth-first order, each with its
// number of children: the nesting depth and the width follow without building the tree.
Status CheckParquetSchema(db::Connection& conn, const std::filesystem::path& path,
                          int64_t max_columns) {
  auto r = conn.Query("SELECT coalesce(num_children, 0)::BIGINT FROM parquet_schema(" +
                      QuoteLiteral(path.string()) + ")");
  if (!r) return Ok();  // not Parquet after all: read_parquet says why
  auto rows = SAGAZ_TRY(r->FetchRows());
  if (rows.empty()) return Ok();
  const int64_t width = db::IntOf(rows[0][0]);
  if (width > max_columns) {
    return Fail(Error(ErrorCode::kInvalidArgument, "the file has " + std::to_string(width) +
                                                       " columns, more than the limit of " +
                                                       std::to_string(max_columns) +
                                                       " (setting ingest.max_columns)")
                    .With("columns", std::to_string(width))
                    .With("limit", std::to_string(max_columns)));
  }
  std::vector<int64_t> pending;  // children still to come at each open level
  for (size_t i = 1; i < rows.size(); ++i) {
    while (!pending.empty() && pending.back() == 0) pending.pop_back();
    if (!pending.empty()) --pending.back();
    const int64_t children = db::IntOf(rows[i][0]);
    if (children > 0) {
      pending.push_back(children);
      if (static_cast<int>(pending.size()) >= kMaxJsonDepth) {
        return Fail(Error(ErrorCode::kInvalidArgument,
                          "the file's columns are nested more than " +
                              std::to_string(kMaxJsonDepth) + " levels deep; Sagaz loads data " +
                              "nested up to " + std::to_string(kMaxJsonDepth) + " levels")
                        .With("limit", std::to_string(kMaxJsonDepth)));
      }
    }
  }
  return Ok();
}

}  // namespace

Result<LoadOutcome> LoadParquet(db::Connection& conn, const Request& request,
                                const IngestConfig& config, const std::string& staging,
                                const ProgressFn& progress) {
  LoadOutcome outcome;
  SAGAZ_TRY(CheckParquetSchema(conn, request.path, config.max_columns));
  ProgressPoller poll(conn, progress, 0.0, 0.85);
  auto st = conn.Execute("CREATE TABLE " + QuoteIdent(staging) + " AS SELECT * FROM read_parquet(" +
                         QuoteLiteral(request.path.string()) + ")");
  if (!st) {
    return Fail(Error(st.error().code == ErrorCode::kCancelled ? ErrorCode::kCancelled
                                                               : ErrorCode::kInvalidArgument,
                      "cannot read the file as Parquet: " + st.error().message));
  }
  outcome.decisions.push_back("format: Parquet (types taken from the file)");
  return outcome;
}

}  // namespace sagaz::ingest::internal
