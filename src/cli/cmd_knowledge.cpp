// Knowledge commands: knowledge add | list | delete | ask, eval knowledge.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/context.hpp"
#include "cli/format.hpp"
#include "cli/table.hpp"
#include "knowledge/knowledge.hpp"
#include "wire/knowledge.hpp"

namespace sagaz::cli {
namespace {

struct KnowledgeArgs {
  std::vector<std::string> paths;
  std::string collection = "default";
  std::string question;
  std::string engine;
  std::string id;
  int top_k = 0;
  std::string eval_file;
  std::string eval_docs;
  double min_mrr = 0;
  std::vector<std::string> tags;
  knowledge::Filters filters;
};

// The files a path names: the file itself, or the regular files under a directory (sorted, so
// runs are repeatable).
std::vector<std::filesystem::path> FilesOf(const std::filesystem::path& path) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) return {path};
  for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const auto name = it->path().filename().string();
    if (it->is_regular_file(ec) && !name.starts_with(".")) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Adds every file; one file's error is reported and the others go on. Fails when any failed.
Status AddPaths(Context& c, App& app, const std::vector<std::string>& paths,
                const std::string& collection, bool quiet,
                const std::vector<std::string>& tags = {}) {
  SAGAZ_TRY(knowledge::ValidateCollection(collection));
  wire::Json items = wire::Json::array();
  int failed = 0;
  for (const auto& root : paths) {
    for (const auto& file : FilesOf(root)) {
      auto added =
          app.knowledge().AddFile(file, file.filename().string(), collection, {.tags = tags});
      wire::Json item = {{"file", file.string()}};
      if (added) {
        item.update(wire::ToJson(*added));
        if (!c.json && !quiet) {
          const auto& d = added->document;
          std::cout << (added->duplicate ? "duplicate " : "added     ") << file.string() << " ("
                    << d.format << ", " << d.chunks << " chunks";
          if (d.pages > 0) std::cout << ", " << d.pages << " pages";
          if (!d.pages_without_text.empty())
            std::cout << ", " << d.pages_without_text.size() << " pages without text";
          std::cout << ")" << (added->duplicate ? " already in the collection" : "") << "\n";
        }
      } else {
        ++failed;
        item["error"] = {{"code", std::string(ToString(added.error().code))},
                         {"message", added.error().message}};
        if (!c.json)
          std::cerr << "error     " << file.string() << ": " << added.error().message << "\n";
      }
      items.push_back(std::move(item));
    }
  }
  if (c.json && !quiet) c.PrintJson({{"collection", collection}, {"files", items}});
  if (failed > 0) {
    return Fail(
        Error(ErrorCode::kInvalidArgument, std::to_string(failed) + " file(s) could not be added")
            .With("failed", std::to_string(failed)));
  }
  return Ok();
}

void PrintAnswer(const knowledge::Answer& a) {
  std::cout << a.answer << "\n";
  if (!a.citations.empty()) std::cout << "\n";
  for (const auto& c : a.citations) {
    std::cout << "[" << c.n << "] " << c.document;
    if (c.page > 0) std::cout << ", p. " << c.page;
    if (!c.heading.empty()) std::cout << " — " << c.heading;
    std::cout << " (score " << Number(c.score, 2) << ")\n";
    std::string text = knowledge::Highlighted(c.text, c.highlights).substr(0, 240);
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::cout << "    " << text << (c.text.size() > 240 ? "…" : "") << "\n";
  }
  for (const auto& w : a.warnings) std::cout << "warning: " << w << "\n";
  std::cout << "\n" << a.engine << ", " << Number(a.timings.total_ms, 1) << " ms\n";
}

}  // namespace

void AddKnowledgeCommands(CLI::App& cli, Context& ctx) {
  auto* c = &ctx;
  auto* a = &ctx.Hold<KnowledgeArgs>();
  auto* group = cli.add_subcommand("knowledge", "Documents: add, list, delete, ask with citations");
  group->require_subcommand(1);

  auto* add = group->add_subcommand("add", "Add documents (files or directories) to a collection");
  add->add_option("paths", a->paths,
                  "Files or directories (PDF, DOCX, ODT, HTML, Markdown, text, CSV)")
      ->required()
      ->check(CLI::ExistingPath);
  add->add_option("--collection,-c", a->collection, "Collection (default: default)");
  add->add_option("--tag", a->tags, "A tag for search filters (repeatable)");
  add->callback([=] {
    c->WithApp(
        [&](App& app) { return AddPaths(*c, app, a->paths, a->collection, false, a->tags); });
  });

  auto* list = group->add_subcommand("list", "List documents");
  list->add_option("--collection,-c", a->collection, "Only this collection")->default_str("");
  list->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const std::string only = list->count("--collection") ? a->collection : "";
      const auto docs = SAGAZ_TRY(app.knowledge().List(only));
      wire::Json items = wire::Json::array();
      std::vector<std::vector<std::string>> rows;
      for (const auto& d : docs) {
        items.push_back(wire::ToJson(d));
        rows.push_back({d.id, d.collection, d.name, d.format, std::to_string(d.chunks),
                        d.pages > 0 ? std::to_string(d.pages) : ""});
      }
      c->Show({{"items", items}}, [&] {
        std::cout << RenderTable(
            {{"id"}, {"collection"}, {"name"}, {"format"}, {"chunks"}, {"pages"}}, rows, 60);
      });
      return Ok();
    });
  });

  auto* del = group->add_subcommand("delete", "Delete a document and every chunk of it");
  del->add_option("id", a->id, "Document id (see knowledge list)")->required();
  del->callback([=] {
    c->WithApp([&](App& app) -> Status {
      SAGAZ_TRY(app.knowledge().Delete(a->id));
      c->Show({{"deleted", a->id}}, [&] { std::cout << "deleted " << a->id << "\n"; });
      return Ok();
    });
  });

  auto* ask = group->add_subcommand("ask", "Ask the documents; the answer cites its passages");
  ask->add_option("question", a->question, "The question, in Portuguese or English")->required();
  ask->add_option("--collection,-c", a->collection, "Only this collection")->default_str("");
  ask->add_option("--top-k", a->top_k, "Passages to retrieve (default knowledge.top_k)")
      ->check(CLI::Range(1, 50));
  ask->add_option("--engine", a->engine, "auto (default), builtin or llm")
      ->check(CLI::IsMember({"auto", "builtin", "llm"}));
  ask->add_option("--format", a->filters.formats, "Only documents of this format (repeatable)");
  ask->add_option("--tag", a->filters.tags, "Only documents with this tag (repeatable)");
  ask->add_option("--document", a->filters.document_id, "Only this document (its id)");
  ask->add_option("--from", a->filters.added_from, "Only documents added on or after YYYY-MM-DD");
  ask->add_option("--to", a->filters.added_to, "Only documents added on or before YYYY-MM-DD");
  ask->callback([=] {
    c->WithApp([&](App& app) -> Status {
      knowledge::QueryRequest request;
      request.question = a->question;
      request.collection = ask->count("--collection") ? a->collection : "";
      request.top_k = a->top_k;
      request.engine = SAGAZ_TRY(knowledge::ParseEngine(a->engine));
      request.filters = a->filters;
      const auto answer = SAGAZ_TRY(app.knowledge().Query(request));
      c->Show(wire::ToJson(answer), [&] { PrintAnswer(answer); });
      return Ok();
    });
  });

  // `eval` is created by the Ask commands; Knowledge adds its own kind of evaluation to it.
  CLI::App* eval = nullptr;
  try {
    eval = cli.get_subcommand("eval");
  } catch (const CLI::OptionNotFound&) {
    eval = cli.add_subcommand("eval", "Evaluate Sagaz on a question set");
  }
  auto* kn = eval->add_subcommand("knowledge",
                                  "Retrieval quality (hit@1, hit@3, MRR) on a JSONL question set");
  kn->add_option("file", a->eval_file,
                 "JSONL: {\"question\", \"document\", \"phrase\"?, \"collection\"?}")
      ->required()
      ->check(CLI::ExistingFile);
  kn->add_option("--docs", a->eval_docs,
                 "Add this directory's documents to the collection first (duplicates skipped)")
      ->check(CLI::ExistingDirectory);
  kn->add_option("--collection,-c", a->collection, "Collection of --docs and of cases without one")
      ->default_str("");
  kn->add_option("--top-k", a->top_k, "Passages ranked per question (default 10)")
      ->check(CLI::Range(1, 50));
  kn->add_option("--min-mrr", a->min_mrr, "Fail (exit code 1) when the MRR is below this")
      ->check(CLI::Range(0.0, 1.0));
  kn->callback([=] {
    c->WithApp([&](App& app) -> Status {
      std::ifstream in(a->eval_file);
      std::stringstream ss;
      ss << in.rdbuf();
      auto cases = SAGAZ_TRY(wire::ParseKnowledgeEvalCases(ss.str()));
      const bool named = kn->count("--collection") > 0;
      if (!a->eval_docs.empty()) {
        SAGAZ_TRY(AddPaths(*c, app, {a->eval_docs}, named ? a->collection : "default", true));
      }
      for (auto& item : cases)
        if (item.collection.empty() && named) item.collection = a->collection;
      const auto report =
          SAGAZ_TRY(knowledge::Evaluate(app.knowledge(), cases, a->top_k > 0 ? a->top_k : 10));
      c->Show(wire::ToJson(report), [&] {
        for (const auto& r : report.results) {
          if (r.rank == 1) continue;
          std::cout << (r.rank == 0 ? "MISS    " : "rank " + std::to_string(r.rank) + "  ")
                    << r.item.question << "  (" << r.item.document << ")\n";
        }
        std::cout << "\n"
                  << report.cases << " questions: hit@1 " << Number(report.hit_at_1, 3)
                  << ", hit@3 " << Number(report.hit_at_3, 3) << ", MRR " << Number(report.mrr, 3)
                  << " (top " << report.top_k << ")\n";
      });
      if (report.mrr + 1e-12 < a->min_mrr) {
        return Fail(
            Error(ErrorCode::kFailedPrecondition,
                  "MRR " + Number(report.mrr, 3) + " is below --min-mrr " + Number(a->min_mrr, 3)));
      }
      return Ok();
    });
  });
}

}  // namespace sagaz::cli
