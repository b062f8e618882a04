#include "cli/cli.hpp"

#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "app/app.hpp"
#include "catalog/catalog.hpp"
#include "cli/table.hpp"
#include "core/config.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "db/db.hpp"
#include "demo/demo.hpp"
#include "ingest/ingest.hpp"
#include "server/server.hpp"
#include "sql/query.hpp"
#include "wire/json.hpp"

#ifndef SAGAZ_VERSION
#define SAGAZ_VERSION "0.0.0"
#endif

namespace sagaz::cli {
namespace {

// Options every command accepts.
struct Globals {
  std::string data_dir;
  std::string config_file;
  bool verbose = false;
  bool json = false;
};

Result<Config> LoadFor(const Globals& g, std::vector<std::pair<std::string, std::string>> overrides = {}) {
  ConfigSources sources;
  if (!g.config_file.empty()) sources.file = g.config_file;
  if (!g.data_dir.empty()) overrides.emplace_back("data.dir", g.data_dir);
  sources.overrides = std::move(overrides);
  return LoadConfig(sources);
}

Result<std::unique_ptr<App>> OpenApp(const Globals& g, const Config& config) {
  SAGAZ_TRY(InitLogging(config, g.verbose));
  return App::Open(config);
}

int ReportError(const Error& e, const Globals& g) {
  if (g.json) {
    std::cerr << wire::Dump(wire::ErrorEnvelope(e)) << "\n";
  } else {
    std::cerr << "error: " << e.message << "\n";
    for (const auto& [k, v] : e.details) std::cerr << "  " << k << ": " << v << "\n";
  }
  return 1;
}

std::string ValueText(const db::Value& v) {
  struct Visitor {
    std::string operator()(std::monostate) const { return "NULL"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(uint64_t u) const { return std::to_string(u); }
    std::string operator()(double d) const {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.10g", d);
      return buf;
    }
    std::string operator()(const std::string& s) const { return s; }
  };
  return std::visit(Visitor{}, v);
}

std::string Number(double v, int decimals = 2) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void PrintJson(const wire::Json& j) { std::cout << wire::Dump(j, 2) << "\n"; }

void PrintRows(const std::vector<db::Column>& columns, const std::vector<std::vector<db::Value>>& rows) {
  std::vector<TableColumn> cols;
  for (const auto& c : columns) cols.push_back({c.name, c.type.IsNumeric()});
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : rows) {
    std::vector<std::string> r;
    for (const auto& v : row) r.push_back(ValueText(v));
    cells.push_back(std::move(r));
  }
  std::cout << RenderTable(cols, cells);
}

// A progress bar on stderr, drawn only when stderr is a terminal.
class ProgressBar {
 public:
  explicit ProgressBar(std::string label) : label_(std::move(label)), tty_(isatty(STDERR_FILENO)) {}
  ~ProgressBar() {
    if (drawn_) std::fprintf(stderr, "\r\033[K");
  }
  void Update(double fraction) {
    if (!tty_) return;
    const int width = 30;
    const int filled = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * width);
    std::string bar(static_cast<size_t>(filled), '#');
    bar += std::string(static_cast<size_t>(width - filled), ' ');
    std::fprintf(stderr, "\r%s [%s] %3d%%", label_.c_str(), bar.c_str(), static_cast<int>(fraction * 100));
    std::fflush(stderr);
    drawn_ = true;
  }

 private:
  std::string label_;
  bool tty_;
  bool drawn_ = false;
};

void PrintReport(const ingest::Report& r) {
  std::cout << "Loaded " << r.rows_loaded << " rows into dataset '" << r.dataset << "' ("
            << ingest::ToString(r.format) << ", " << ingest::ToString(r.mode) << ", "
            << FormatBytes(r.bytes) << ", " << Number(r.elapsed_ms / 1000.0) << " s).\n";
  if (r.mode == ingest::Mode::kUpsert) {
    std::cout << "Inserted " << r.rows_inserted << ", updated " << r.rows_updated << "; the dataset has "
              << r.dataset_rows << " rows.\n";
  } else if (r.mode == ingest::Mode::kAppend) {
    std::cout << "The dataset has " << r.dataset_rows << " rows.\n";
  }
  for (const auto& d : r.decisions) std::cout << "  - " << d << "\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : r.columns) {
    std::string note = c.note;
    if (!c.original_name.empty()) note = "from '" + c.original_name + "'" + (note.empty() ? "" : "; " + note);
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
      {{"name"}, {"rows", true}, {"columns", true}, {"format"}, {"updated"}, {"description"}}, rows, 60);
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
                    ValueText(c.max), c.mean ? Number(*c.mean, 4) : "", c.std_dev ? Number(*c.std_dev, 4) : "",
                    top});
  }
  std::cout << RenderTable({{"column"}, {"type"}, {"nulls", true}, {"distinct", true}, {"min"}, {"max"},
                            {"mean", true}, {"std", true}, {"top values"}},
                           rows, 40);
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App cli{"Sagaz: offline-first business insights. Load data, ask questions, get exact answers.",
               "sagaz"};
  cli.set_version_flag("--version", std::string("sagaz ") + SAGAZ_VERSION);
  cli.require_subcommand(1);
  cli.fallthrough();
  Globals g;
  cli.add_option("--data-dir", g.data_dir, "Data directory (default: data.dir, ./data)");
  cli.add_option("--config", g.config_file, "Configuration file (default: ./sagaz.toml, $SAGAZ_CONFIG)");
  cli.add_flag("-v,--verbose", g.verbose, "Log to the console");
  cli.add_flag("--json", g.json, "Print JSON (the API's shapes) instead of tables");
  int exit_code = 0;

  // serve
  auto* serve = cli.add_subcommand("serve", "Run the HTTP server (API and web UI)");
  std::string host;
  int port = -1;
  std::string port_file;
  serve->add_option("--host", host, "Address to listen on (default: server.host)");
  serve->add_option("--port", port, "Port; 0 picks a free one (default: server.port)")->check(CLI::Range(0, 65535));
  serve->add_option("--port-file", port_file, "Write the bound port to this file once listening");
  serve->callback([&] {
    // Block SIGINT/SIGTERM before any thread starts; Serve receives them with sigwait.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::vector<std::pair<std::string, std::string>> overrides;
    if (!host.empty()) overrides.emplace_back("server.host", host);
    if (port >= 0) overrides.emplace_back("server.port", std::to_string(port));
    auto config = LoadFor(g, overrides);
    if (!config) { exit_code = ReportError(config.error(), g); return; }
    Globals verbose = g;
    verbose.verbose = true;
    auto app = OpenApp(verbose, *config);
    if (!app) { exit_code = ReportError(app.error(), g); return; }
    server::ServeOptions options;
    if (!port_file.empty()) options.port_file = port_file;
    if (auto st = server::Serve(**app, options); !st) exit_code = ReportError(st.error(), g);
  });

  // ingest
  auto* ingest_cmd = cli.add_subcommand("ingest", "Load a CSV, Parquet or JSON file into a dataset");
  std::string file;
  std::map<std::string, std::string> fields;
  ingest_cmd->add_option("file", file, "File to load")->required()->check(CLI::ExistingFile);
  auto field = [&](const char* flag, const char* key, const char* help) {
    ingest_cmd->add_option_function<std::string>(flag, [&fields, key](const std::string& v) { fields[key] = v; }, help);
  };
  field("--name", "name", "Dataset name (default: from the file name)");
  field("--mode", "mode", "create (default), replace, append or upsert");
  field("--key", "key", "Key columns for upsert, comma-separated");
  field("--format", "format", "csv, parquet, json (default: detected)");
  field("--delimiter", "delimiter", "CSV delimiter (default: detected); 'tab' for tabs");
  field("--quote", "quote", "CSV quote character (default: detected)");
  field("--escape", "escape", "CSV escape character (default: detected)");
  field("--header", "header", "Whether the CSV has a header row: true or false (default: detected)");
  field("--encoding", "encoding", "utf-8, latin-1 or utf-16 (default: detected)");
  field("--decimal-separator", "decimal_separator", "Decimal separator: . or , (default: detected per column)");
  field("--date-format", "date_format", "Date format such as %d/%m/%Y (default: detected)");
  field("--timestamp-format", "timestamp_format", "Timestamp format (default: detected)");
  field("--null-values", "null_values", "Comma-separated markers of missing values (default: NA, N/A, null, ...)");
  field("--types", "types", "Column types, e.g. cep:VARCHAR,valor:DOUBLE");
  field("--skip-rows", "skip_rows", "Lines to skip before the header");
  field("--max-reject-ratio", "max_reject_ratio", "Fail when more than this fraction of rows is malformed");
  ingest_cmd->callback([&] {
    auto config = LoadFor(g);
    if (!config) { exit_code = ReportError(config.error(), g); return; }
    auto request = wire::IngestRequestFromFields(fields);
    if (!request) { exit_code = ReportError(request.error(), g); return; }
    request->path = file;
    auto app = OpenApp(g, *config);
    if (!app) { exit_code = ReportError(app.error(), g); return; }
    ProgressBar bar("loading " + std::filesystem::path(file).filename().string());
    auto report = (*app)->ingestor().Run(*request, [&](double f) { bar.Update(f); });
    if (!report) { exit_code = ReportError(report.error(), g); return; }
    if (g.json) PrintJson(wire::ToJson(*report));
    else PrintReport(*report);
  });

  // datasets
  auto* datasets = cli.add_subcommand("datasets", "List, show, profile, sample, describe or remove datasets");
  datasets->require_subcommand(0, 1);
  auto with_app = [&](auto&& fn) {
    auto config = LoadFor(g);
    if (!config) { exit_code = ReportError(config.error(), g); return; }
    auto app = OpenApp(g, *config);
    if (!app) { exit_code = ReportError(app.error(), g); return; }
    auto st = fn(**app);
    if (!st) exit_code = ReportError(st.error(), g);
  };
  auto list_datasets = [&] {
    with_app([&](App& app) -> Status {
      auto list = SAGAZ_TRY(app.catalog().List());
      if (g.json) {
        wire::Json items = wire::Json::array();
        for (const auto& d : list) items.push_back(wire::ToJson(d));
        PrintJson({{"datasets", items}});
      } else if (list.empty()) {
        std::cout << "No datasets yet. Load one with `sagaz ingest FILE` or `sagaz demo`.\n";
      } else {
        PrintDatasets(list);
      }
      return Ok();
    });
  };
  datasets->callback([&] {
    if (datasets->get_subcommands().empty()) list_datasets();
  });
  datasets->add_subcommand("list", "List datasets")->callback(list_datasets);
  std::string ds_name;
  auto* show = datasets->add_subcommand("show", "Schema, descriptions and row count of a dataset");
  show->add_option("name", ds_name, "Dataset")->required();
  show->callback([&] {
    with_app([&](App& app) -> Status {
      auto info = SAGAZ_TRY(app.catalog().Get(ds_name));
      if (g.json) PrintJson(wire::ToJson(info));
      else PrintDataset(info);
      return Ok();
    });
  });
  auto* profile = datasets->add_subcommand("profile", "Per-column profile: nulls, distinct, min/max, top values");
  profile->add_option("name", ds_name, "Dataset")->required();
  profile->callback([&] {
    with_app([&](App& app) -> Status {
      auto p = SAGAZ_TRY(app.catalog().ProfileDataset(ds_name));
      if (g.json) PrintJson(wire::ToJson(p));
      else PrintProfile(p);
      return Ok();
    });
  });
  int64_t sample_limit = 10;
  bool sample_random = false;
  auto* sample = datasets->add_subcommand("sample", "First rows (or a random sample) of a dataset");
  sample->add_option("name", ds_name, "Dataset")->required();
  sample->add_option("--limit", sample_limit, "Rows")->check(CLI::Range(int64_t{0}, int64_t{10000}));
  sample->add_flag("--random", sample_random, "A random sample instead of the first rows");
  sample->callback([&] {
    with_app([&](App& app) -> Status {
      auto s = SAGAZ_TRY(app.catalog().SampleRows(ds_name, sample_limit, 0, sample_random));
      if (g.json) PrintJson(wire::ToJson(s));
      else PrintRows(s.columns, s.rows);
      return Ok();
    });
  });
  std::string description;
  std::vector<std::string> column_descriptions;
  auto* describe = datasets->add_subcommand("describe", "Set descriptions of a dataset and its columns");
  describe->add_option("name", ds_name, "Dataset")->required();
  describe->add_option("--description", description, "Description of the dataset");
  describe->add_option("--column", column_descriptions, "COLUMN=description (repeatable)");
  describe->callback([&] {
    with_app([&](App& app) -> Status {
      catalog::DescriptionUpdate update;
      if (!description.empty()) update.description = description;
      for (const auto& cd : column_descriptions) {
        auto eq = cd.find('=');
        if (eq == std::string::npos || eq == 0) {
          return Fail(ErrorCode::kInvalidArgument, "--column takes COLUMN=description, got '" + cd + "'");
        }
        update.columns[cd.substr(0, eq)] = cd.substr(eq + 1);
      }
      SAGAZ_TRY(app.catalog().Update(ds_name, update));
      auto info = SAGAZ_TRY(app.catalog().Get(ds_name));
      if (g.json) PrintJson(wire::ToJson(info));
      else PrintDataset(info);
      return Ok();
    });
  });
  auto* rm = datasets->add_subcommand("rm", "Remove a dataset");
  rm->add_option("name", ds_name, "Dataset")->required();
  rm->callback([&] {
    with_app([&](App& app) -> Status {
      SAGAZ_TRY(app.catalog().Drop(ds_name));
      if (g.json) PrintJson({{"removed", ToLower(ds_name)}});
      else std::cout << "Removed dataset '" << ToLower(ds_name) << "'.\n";
      return Ok();
    });
  });

  // sql
  auto* sql_cmd = cli.add_subcommand("sql", "Run a read-only SQL query through the SQL guard");
  std::string query_text;
  std::string policy;
  int64_t limit = -1;
  sql_cmd->add_option("query", query_text, "SELECT statement")->required();
  sql_cmd->add_option("--policy", policy, "standard (default: sql.policy) or strict");
  sql_cmd->add_option("--limit", limit, "Most rows to return (default: sql.row_limit)");
  sql_cmd->callback([&] {
    with_app([&](App& app) -> Status {
      sql::QueryOptions options;
      if (!policy.empty()) options.policy = SAGAZ_TRY(sql::ParsePolicy(policy));
      if (limit >= 0) options.row_limit = limit;
      auto r = SAGAZ_TRY(app.query().Run(query_text, options));
      if (g.json) {
        PrintJson(wire::ToJson(r));
      } else {
        PrintRows(r.columns, r.rows);
        std::cout << "(" << r.row_count << " row" << (r.row_count == 1 ? "" : "s")
                  << (r.truncated ? ", truncated at the row limit" : "") << ", " << Number(r.elapsed_ms, 1)
                  << " ms)\n";
      }
      return Ok();
    });
  });

  // demo
  auto* demo_cmd = cli.add_subcommand("demo", "Generate the demo datasets (sensor readings, theLook e-commerce)");
  demo::Options demo_options;
  demo_cmd->add_option("--scale", demo_options.scale, "Multiply row counts")->check(CLI::Range(1, 1000));
  demo_cmd->add_option("--seed", demo_options.seed, "Random seed; the same seed gives the same data");
  demo_cmd->callback([&] {
    with_app([&](App& app) -> Status {
      const bool tty = isatty(STDERR_FILENO);
      auto summary = SAGAZ_TRY(demo::Generate(app.pool(), app.catalog(), demo_options,
                                              [&](std::string_view name, size_t i, size_t n) {
                                                if (tty && !g.json) {
                                                  std::fprintf(stderr, "\r\033[Kgenerating %.*s (%zu/%zu)",
                                                               static_cast<int>(name.size()), name.data(),
                                                               i + 1, n);
                                                }
                                              }));
      if (tty && !g.json) std::fprintf(stderr, "\r\033[K");
      if (g.json) {
        wire::Json items = wire::Json::array();
        for (const auto& d : summary.datasets) items.push_back({{"name", d.name}, {"rows", d.rows}});
        PrintJson({{"datasets", items}, {"elapsed_ms", summary.elapsed_ms}});
      } else {
        std::vector<std::vector<std::string>> rows;
        for (const auto& d : summary.datasets) rows.push_back({d.name, std::to_string(d.rows)});
        std::cout << RenderTable({{"dataset"}, {"rows", true}}, rows);
        std::cout << "Generated in " << Number(summary.elapsed_ms / 1000.0) << " s (scale "
                  << demo_options.scale << ", seed " << demo_options.seed << ").\n";
      }
      return Ok();
    });
  });

  // config
  auto* config_cmd = cli.add_subcommand("config", "Print the effective configuration (secrets masked)");
  bool example = false;
  config_cmd->add_flag("--example", example, "Print a commented sagaz.toml with every key and its default");
  config_cmd->callback([&] {
    if (example) {
      std::cout << ExampleConfigToml();
      return;
    }
    auto config = LoadFor(g);
    if (!config) { exit_code = ReportError(config.error(), g); return; }
    auto entries = DescribeConfig(*config);
    if (g.json) {
      wire::Json j = wire::Json::object();
      for (const auto& e : entries) {
        j[e.key] = {{"value", e.value}, {"source", e.source}, {"default", e.default_value}, {"doc", e.doc}};
      }
      PrintJson(j);
      return;
    }
    if (config->file) std::cout << "# file: " << config->file->string() << "\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& e : entries) rows.push_back({e.key, e.value, e.source, e.doc});
    std::cout << RenderTable({{"key"}, {"value"}, {"source"}, {"description"}}, rows, 70);
  });

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  } catch (const std::exception& e) {  // the process boundary: report, never crash with a trace
    std::cerr << "error: unexpected failure: " << e.what() << "\n";
    return 1;
  }
  log::Shutdown();
  return exit_code;
}

}  // namespace sagaz::cli
