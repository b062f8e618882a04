// Data commands: ingest, datasets (list/show/profile/sample/describe/rm), sql, demo.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "catalog/catalog.hpp"
#include "cli/context.hpp"
#include "cli/format.hpp"
#include "cli/table.hpp"
#include "core/strings.hpp"
#include "demo/demo.hpp"
#include "ingest/ingest.hpp"
#include "sql/query.hpp"

namespace sagaz::cli {
namespace {

void PrintReport(const ingest::Report& r) {
  std::cout << "Loaded " << r.rows_loaded << " rows into dataset '" << r.dataset << "' ("
            << ingest::ToString(r.format) << ", " << ingest::ToString(r.mode) << ", "
            << FormatBytes(r.bytes) << ", " << Number(r.elapsed_ms / 1000.0) << " s).\n";
  if (r.mode == ingest::Mode::kUpsert) {
    std::cout << "Inserted " << r.rows_inserted << ", updated " << r.rows_updated
              << "; the dataset has " << r.dataset_rows << " rows.\n";
  } else if (r.mode == ingest::Mode::kAppend) {
    std::cout << "The dataset has " << r.dataset_rows << " rows.\n";
  }
  for (const auto& d : r.decisions) std::cout << "  - " << d << "\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : r.columns) {
    std::string note = c.note;
    if (!c.original_name.empty())
      note = "from '" + c.original_name + "'" + (note.empty() ? "" : "; " + note);
    rows.push_back({c.name, c.type, note});
  }
  std::cout << "\n" << RenderTable({{"column"}, {"type"}, {"note"}}, rows, 90);
  if (r.rows_rejected > 0) {
    std::cout << "\n" << r.rows_rejected << " rows were rejected";
    if (r.rejections.size() < static_cast<size_t>(r.rows_rejected)) {
      std::cout << " (the first " << r.rejections.size() << " are listed)";
    }
    std::cout << ":\n";
    std::vector<std::vector<std::string>> rej;
    for (const auto& x : r.rejections) rej.push_back({std::to_string(x.line), x.reason, x.text});
    std::cout << RenderTable({{"line", true}, {"reason"}, {"text"}}, rej, 60);
  }
}

void PrintDatasets(const std::vector<catalog::DatasetInfo>& list) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& d : list) {
    rows.push_back({d.name, std::to_string(d.rows), std::to_string(d.columns.size()), d.format,
                    d.updated_at.substr(0, 19), d.description});
  }
  std::cout << RenderTable(
      {{"name"}, {"rows", true}, {"columns", true}, {"format"}, {"updated"}, {"description"}}, rows,
      60);
}

void PrintDataset(const catalog::DatasetInfo& d) {
  std::cout << d.name << ": " << d.rows << " rows, " << d.columns.size() << " columns";
  if (!d.source.empty()) std::cout << ", from " << d.source;
  std::cout << "\n";
  if (!d.description.empty()) std::cout << d.description << "\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : d.columns) rows.push_back({c.name, c.type, c.description});
  std::cout << "\n" << RenderTable({{"column"}, {"type"}, {"description"}}, rows, 70);
}

void PrintProfile(const catalog::Profile& p) {
  std::cout << p.dataset << ": " << p.rows << " rows (profiled in " << Number(p.elapsed_ms, 1)
            << " ms" << (p.cached ? ", cached" : "") << ")\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : p.columns) {
    std::string top;
    for (const auto& t : c.top_values) {
      if (!top.empty()) top += ", ";
      top += ValueText(t.value) + " (" + std::to_string(t.count) + ")";
    }
    rows.push_back({c.name, c.type, std::to_string(c.nulls),
                    (c.distinct_exact ? "" : "~") + std::to_string(c.distinct), ValueText(c.min),
                    ValueText(c.max), c.mean ? FormatDouble(*c.mean) : "",
                    c.std_dev ? FormatDouble(*c.std_dev) : "", top});
  }
  std::cout << RenderTable({{"column"},
                            {"type"},
                            {"nulls", true},
                            {"distinct", true},
                            {"min"},
                            {"max"},
                            {"mean", true},
                            {"std", true},
                            {"top values"}},
                           rows, 40);
}

struct DataArgs {
  std::string file;
  std::map<std::string, std::string> fields;
  std::string ds_name;
  int64_t sample_limit = 10;
  bool sample_random = false;
  std::string description;
  std::vector<std::string> column_descriptions;
  std::string query_text;
  std::string policy;
  int64_t limit = -1;
  demo::Options demo_options;
  bool demo_if_missing = false;
};

}  // namespace

void AddDataCommands(CLI::App& cli, Context& ctx) {
  // Callbacks run after this function returns: they capture pointers by value, never locals by
  // reference.
  Context* const c = &ctx;
  DataArgs* const a = &c->Hold<DataArgs>();
  // ingest
  auto* ingest_cmd =
      cli.add_subcommand("ingest", "Load a CSV, Parquet or JSON file into a dataset");
  ingest_cmd->add_option("file", a->file, "File to load")->required()->check(CLI::ExistingFile);
  auto field = [=](const char* flag, const char* key, const char* help) {
    ingest_cmd->add_option_function<std::string>(
        flag, [a, key](const std::string& v) { a->fields[key] = v; }, help);
  };
  field("--name", "name", "Dataset name (default: from the file name)");
  field("--mode", "mode", "create (default), replace, append or upsert");
  field("--key", "key", "Key columns for upsert, comma-separated");
  field("--format", "format", "csv, parquet, json (default: detected)");
  field("--delimiter", "delimiter", "CSV delimiter (default: detected); 'tab' for tabs");
  field("--quote", "quote", "CSV quote character (default: detected)");
  field("--escape", "escape", "CSV escape character (default: detected)");
  field("--header", "header",
        "Whether the CSV has a header row: true or false (default: detected)");
  field("--encoding", "encoding", "utf-8, latin-1 or utf-16 (default: detected)");
  field("--decimal-separator", "decimal_separator",
        "Decimal separator: . or , (default: detected per column)");
  field("--date-format", "date_format", "Date format such as %d/%m/%Y (default: detected)");
  field("--timestamp-format", "timestamp_format", "Timestamp format (default: detected)");
  field("--null-values", "null_values",
        "Comma-separated markers of missing values (default: NA, N/A, null, ...)");
  field("--types", "types", "Column types, e.g. cep:VARCHAR,valor:DOUBLE");
  field("--skip-rows", "skip_rows", "Lines to skip before the header");
  field("--max-reject-ratio", "max_reject_ratio",
        "Fail when more than this fraction of rows is malformed");
  ingest_cmd->callback([=] {
    c->WithApp([&](App& app) -> Status {
      auto request = SAGAZ_TRY(wire::IngestRequestFromFields(a->fields));
      request.path = a->file;
      ProgressBar bar("loading " + std::filesystem::path(a->file).filename().string());
      auto report = app.ingestor().Run(request, [&](double f) { bar.Update(f); });
      bar.Done();
      if (!report) return Fail(std::move(report).error());
      c->Show(wire::ToJson(*report), [&] { PrintReport(*report); });
      return Ok();
    });
  });

  // datasets
  auto* datasets =
      cli.add_subcommand("datasets", "List, show, profile, sample, describe or remove datasets");
  datasets->require_subcommand(0, 1);

  auto list_datasets = [=] {
    c->WithApp([&](App& app) -> Status {
      auto list = SAGAZ_TRY(app.catalog().List());
      if (c->json) {
        wire::Json items = wire::Json::array();
        for (const auto& d : list) items.push_back(wire::ToJson(d));
        c->PrintJson({{"datasets", items}});
      } else if (list.empty()) {
        std::cout << "No datasets yet. Load one with `sagaz ingest FILE` or `sagaz demo`.\n";
      } else {
        PrintDatasets(list);
      }
      return Ok();
    });
  };
  datasets->callback([=] {
    if (datasets->get_subcommands().empty()) list_datasets();
  });
  datasets->add_subcommand("list", "List datasets")->callback(list_datasets);
  auto* show = datasets->add_subcommand("show", "Schema, descriptions and row count of a dataset");
  show->add_option("name", a->ds_name, "Dataset")->required();
  show->callback([=] {
    c->WithApp([&](App& app) -> Status {
      auto info = SAGAZ_TRY(app.catalog().Get(a->ds_name));
      c->Show(wire::ToJson(info), [&] { PrintDataset(info); });
      return Ok();
    });
  });
  auto* profile = datasets->add_subcommand(
      "profile", "Per-column profile: nulls, distinct, min/max, top values");
  profile->add_option("name", a->ds_name, "Dataset")->required();
  profile->callback([=] {
    c->WithApp([&](App& app) -> Status {
      auto p = SAGAZ_TRY(app.catalog().ProfileDataset(a->ds_name));
      c->Show(wire::ToJson(p), [&] { PrintProfile(p); });
      return Ok();
    });
  });
  auto* sample = datasets->add_subcommand("sample", "First rows (or a random sample) of a dataset");
  sample->add_option("name", a->ds_name, "Dataset")->required();
  sample->add_option("--limit", a->sample_limit, "Rows")
      ->check(CLI::Range(int64_t{0}, int64_t{10000}));
  sample->add_flag("--random", a->sample_random, "A random sample instead of the first rows");
  sample->callback([=] {
    c->WithApp([&](App& app) -> Status {
      auto s =
          SAGAZ_TRY(app.catalog().SampleRows(a->ds_name, a->sample_limit, 0, a->sample_random));
      c->Show(wire::ToJson(s), [&] { PrintRows(s.columns, s.rows); });
      return Ok();
    });
  });
  auto* describe =
      datasets->add_subcommand("describe", "Set descriptions of a dataset and its columns");
  describe->add_option("name", a->ds_name, "Dataset")->required();
  describe->add_option("--description", a->description, "Description of the dataset");
  describe->add_option("--column", a->column_descriptions, "COLUMN=description (repeatable)");
  describe->callback([=] {
    c->WithApp([&](App& app) -> Status {
      catalog::DescriptionUpdate update;
      if (!a->description.empty()) update.description = a->description;
      for (const auto& cd : a->column_descriptions) {
        auto eq = cd.find('=');
        if (eq == std::string::npos || eq == 0) {
          return Fail(ErrorCode::kInvalidArgument,
                      "--column takes COLUMN=description, got '" + cd + "'");
        }
        update.columns[cd.substr(0, eq)] = cd.substr(eq + 1);
      }
      SAGAZ_TRY(app.catalog().Update(a->ds_name, update));
      auto info = SAGAZ_TRY(app.catalog().Get(a->ds_name));
      c->Show(wire::ToJson(info), [&] { PrintDataset(info); });
      return Ok();
    });
  });
  auto* rm = datasets->add_subcommand("rm", "Remove a dataset");
  rm->add_option("name", a->ds_name, "Dataset")->required();
  rm->callback([=] {
    c->WithApp([&](App& app) -> Status {
      SAGAZ_TRY(app.catalog().Drop(a->ds_name));
      if (c->json)
        c->PrintJson({{"removed", ToLower(a->ds_name)}});
      else
        std::cout << "Removed dataset '" << ToLower(a->ds_name) << "'.\n";
      return Ok();
    });
  });

  // sql
  auto* sql_cmd = cli.add_subcommand("sql", "Run a read-only SQL query through the SQL guard");
  sql_cmd->add_option("query", a->query_text, "SELECT statement")->required();
  sql_cmd->add_option("--policy", a->policy, "standard (default: sql.policy) or strict");
  sql_cmd->add_option("--limit", a->limit, "Most rows to return (default: sql.row_limit)");
  sql_cmd->callback([=] {
    c->WithApp([&](App& app) -> Status {
      sql::QueryOptions options;
      if (!a->policy.empty()) options.policy = SAGAZ_TRY(sql::ParsePolicy(a->policy));
      if (a->limit >= 0) options.row_limit = a->limit;
      auto r = SAGAZ_TRY(app.query().Run(a->query_text, options));
      if (c->json) {
        c->PrintJson(wire::ToJson(r));
      } else {
        PrintRows(r.columns, r.rows);
        std::cout << "(" << r.row_count << " row" << (r.row_count == 1 ? "" : "s")
                  << (r.truncated ? ", truncated at the row limit" : "") << ", "
                  << Number(r.elapsed_ms, 1) << " ms)\n";
      }
      return Ok();
    });
  });

  // demo
  auto* demo_cmd = cli.add_subcommand(
      "demo", "Generate the demo datasets (sensor readings, theLook e-commerce)");
  demo_cmd->add_option("--scale", a->demo_options.scale, "Multiply row counts")
      ->check(CLI::Range(1, 1000));
  demo_cmd->add_option("--seed", a->demo_options.seed,
                       "Random seed; the same seed gives the same data");
  demo_cmd->add_flag("--if-missing", a->demo_if_missing,
                     "Do nothing when the demo datasets already exist");
  demo_cmd->callback([=] {
    c->WithApp([&](App& app) -> Status {
      if (a->demo_if_missing) {
        bool all = true;
        for (const auto& name : demo::DatasetNames())
          all = all && SAGAZ_TRY(app.catalog().Exists(name));
        if (all) {
          if (c->json)
            c->PrintJson({{"datasets", wire::Json::array()}, {"skipped", true}});
          else
            std::cout << "The demo datasets are already there (sagaz demo regenerates them).\n";
          return Ok();
        }
      }
      const bool tty = isatty(STDERR_FILENO);
      auto summary = SAGAZ_TRY(
          demo::Generate(app.pool(), app.catalog(), a->demo_options,
                         [&](std::string_view name, size_t i, size_t n) {
                           if (tty && !c->json) {
                             std::fprintf(stderr, "\r\033[Kgenerating %.*s (%zu/%zu)",
                                          static_cast<int>(name.size()), name.data(), i + 1, n);
                           }
                         }));
      if (tty && !c->json) std::fprintf(stderr, "\r\033[K");
      if (c->json) {
        wire::Json items = wire::Json::array();
        for (const auto& d : summary.datasets)
          items.push_back({{"name", d.name}, {"rows", d.rows}});
        c->PrintJson({{"datasets", items}, {"elapsed_ms", summary.elapsed_ms}});
      } else {
        std::vector<std::vector<std::string>> rows;
        for (const auto& d : summary.datasets) rows.push_back({d.name, std::to_string(d.rows)});
        std::cout << RenderTable({{"dataset"}, {"rows", true}}, rows);
        std::cout << "Generated in " << Number(summary.elapsed_ms / 1000.0) << " s (scale "
                  << a->demo_options.scale << ", seed " << a->demo_options.seed << ").\n";
      }
      return Ok();
    });
  });
}

}  // namespace sagaz::cli
