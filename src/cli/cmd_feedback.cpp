// Feedback commands: import comment files, classify texts, evaluate against labelled files,
// summarise, list, reclassify.
#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "app/jobs.hpp"
#include "cli/context.hpp"
#include "cli/format.hpp"
#include "cli/table.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "feedback/eval.hpp"
#include "feedback/feedback.hpp"
#include "wire/feedback.hpp"

namespace sagaz::cli {
namespace {

struct FeedbackArgs {
  std::string file;
  std::string dataset;
  std::map<std::string, std::string> fields;
  std::string text_column = "text";
  std::string label_column = "label";
  bool unique = false;
  std::vector<std::string> texts;
  bool explain = false;
  std::multimap<std::string, std::string> filter;
  std::string source;
  std::string tags_column;
  std::vector<std::string> scored_tags;
  std::string classifier = "builtin";
  std::string model;
  feedback::TrainOptions train;
  bool activate = false;
};

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string Percent(double v) { return Number(v * 100, 1) + "%"; }

void PrintStoreReport(const feedback::StoreReport& r) {
  std::cout << "Received " << r.received << " comments: " << r.inserted << " new, " << r.updated
            << " changed, " << r.unchanged << " unchanged, " << r.rejected << " rejected.\n";
  if (r.errors.empty()) return;
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : r.errors) {
    if (rows.size() == 20) break;
    rows.push_back({std::to_string(e.index), e.id, e.field, e.message});
  }
  std::cout << RenderTable({{"item", true}, {"id"}, {"field"}, {"problem"}}, rows, 70);
  if (r.rejected > static_cast<int64_t>(rows.size())) {
    std::cout << "(" << r.rejected - static_cast<int64_t>(rows.size()) << " more not shown)\n";
  }
}

void PrintEvaluation(const feedback::SentimentEvaluation& e) {
  std::cout << e.items << " labelled comments\n"
            << "  accuracy  " << Percent(e.accuracy) << "   (always '" << e.majority_baseline.label
            << "': " << Percent(e.majority_baseline.accuracy) << ")\n"
            << "  macro-F1  " << Number(e.macro_f1, 3) << "    (always '"
            << e.majority_baseline.label << "': " << Number(e.majority_baseline.macro_f1, 3)
            << ")\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : e.per_class) {
    rows.push_back({m.label, Number(m.precision, 3), Number(m.recall, 3), Number(m.f1, 3),
                    std::to_string(m.support)});
  }
  std::cout << RenderTable(
      {{"class"}, {"precision", true}, {"recall", true}, {"F1", true}, {"support", true}}, rows);
  std::cout << "\nConfusion (rows: gold, columns: predicted)\n";
  rows.clear();
  for (size_t g = 0; g < e.per_class.size(); ++g) {
    std::vector<std::string> row{e.per_class[g].label};
    for (int64_t n : e.confusion[g]) row.push_back(std::to_string(n));
    rows.push_back(std::move(row));
  }
  std::cout << RenderTable({{"gold"}, {"negative", true}, {"neutral", true}, {"positive", true}},
                           rows);
}

void PrintSummary(const feedback::Summary& s) {
  std::cout << s.comments << " comments (" << s.pending
            << " not yet classified): " << s.sentiment.negative << " negative, "
            << s.sentiment.neutral << " neutral, " << s.sentiment.positive << " positive.\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& t : s.by_tag) {
    rows.push_back({t.key, std::to_string(t.counts.total()), std::to_string(t.counts.negative),
                    std::to_string(t.counts.neutral), std::to_string(t.counts.positive)});
  }
  if (!rows.empty()) {
    std::cout << "\n"
              << RenderTable({{"tag"},
                              {"comments", true},
                              {"negative", true},
                              {"neutral", true},
                              {"positive", true}},
                             rows);
  }
}

void PrintTagMetrics(const feedback::TagEvaluation& t) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& k : t.per_tag) {
    rows.push_back({k.label, Number(k.precision, 3), Number(k.recall, 3), Number(k.f1, 3),
                    std::to_string(k.support)});
  }
  std::cout << RenderTable(
      {{"tag"}, {"precision", true}, {"recall", true}, {"F1", true}, {"support", true}}, rows);
}

void PrintModel(const feedback::ModelVersion& m) {
  std::cout << "Model " << m.id << " (version " << m.version << (m.active ? ", active" : "")
            << "): " << m.items << " distinct labelled comments from " << m.trained_on;
  if (m.duplicates > 0) {
    std::cout << " (" << m.duplicates << " repeated texts left out, " << m.conflicting
              << " of them with other labels)";
  }
  std::cout << ", " << m.features << " features, trained in " << Number(m.train_ms / 1000, 2)
            << " s.\n";
  if (m.cv.sentiment) {
    std::cout << "\nSentiment, " << m.cv.folds << "-fold cross-validation:\n";
    PrintEvaluation(*m.cv.sentiment);
  }
  if (m.cv.tags) {
    const auto& t = *m.cv.tags;
    std::cout << "\nTags, " << m.cv.folds << "-fold cross-validation: micro-F1 "
              << Number(t.micro_f1, 3) << ", macro-F1 " << Number(t.macro_f1, 3) << "\n";
    PrintTagMetrics(t);
  }
}

}  // namespace

void AddFeedbackCommands(CLI::App& cli, Context& ctx) {
  Context* const c = &ctx;
  FeedbackArgs* const a = &c->Hold<FeedbackArgs>();
  auto* group = cli.add_subcommand(
      "feedback", "Customer comments: import, classify, evaluate, summarise, list, reclassify");
  group->require_subcommand(1);

  // import
  auto* import_cmd = group->add_subcommand(
      "import",
      "Store and classify the comments of an NDJSON or CSV file, or of a loaded dataset "
      "(idempotent by source and id)");
  auto* file_opt =
      import_cmd->add_option("file", a->file, "File to import")->check(CLI::ExistingFile);
  import_cmd
      ->add_option("--dataset", a->dataset,
                   "A loaded dataset to import instead of a file (`sagaz datasets list`)")
      ->excludes(file_opt);
  auto field = [=](const char* flag, const char* key, const char* help) {
    import_cmd->add_option_function<std::string>(
        flag, [a, key](const std::string& v) { a->fields[key] = v; }, help);
  };
  field("--text-column", "text_column", "Column with the text (default: text)");
  field("--id-column", "id_column", "Column with the id (default: id, else a hash of the text)");
  field("--date-column", "date_column", "Column with the date (default: created_at)");
  field("--author-column", "author_column", "Column with the author (default: author)");
  field("--source-column", "source_column", "Column with the source (default: source)");
  field("--source", "source",
        "Source of every comment (default: the file's or the dataset's name)");
  field("--format", "format", "auto (default), csv or ndjson");
  import_cmd->callback([=] {
    c->WithApp([&](App& app) -> Status {
      if (a->file.empty() == a->dataset.empty()) {
        return Fail(Error(ErrorCode::kInvalidArgument,
                          "name a file or a dataset: sagaz feedback import FILE | --dataset NAME")
                        .With("field", "file"));
      }
      auto fields = a->fields;
      const std::string origin =
          a->file.empty() ? a->dataset : std::filesystem::path(a->file).filename().string();
      if (!fields.contains("source")) {
        fields["source"] =
            a->file.empty() ? a->dataset : std::filesystem::path(a->file).stem().string();
      }
      const auto format = SAGAZ_TRY(wire::ParseCommentFormat(fields["format"]));
      const auto columns = SAGAZ_TRY(wire::CommentColumnsFromFields(fields));
      auto& service = app.feedback();
      const std::string batch = "cli-" + NewUuid();
      feedback::StoreReport total;
      Stopwatch watch;
      {
        ProgressBar bar("storing and classifying " + origin);
        Result<feedback::StoreReport> stored = feedback::StoreReport{};
        if (!a->dataset.empty()) {
          stored = app_jobs::StoreCommentDataset(app, a->dataset, columns, batch,
                                                 [&](double f) { bar.Update(f); });
        } else {
          const auto size = std::filesystem::file_size(a->file);
          auto reader = SAGAZ_TRY(wire::CommentReader::Open(
              std::make_unique<std::ifstream>(a->file, std::ios::binary), format, columns));
          stored = app_jobs::StoreCommentFile(
              app, *reader, batch,
              [&](uint64_t bytes) {
                if (size > 0) bar.Update(static_cast<double>(bytes) / static_cast<double>(size));
              },
              {});
        }
        bar.Done();
        total = SAGAZ_TRY(std::move(stored));
      }
      // Stored comments arrive classified; this pass catches any left pending.
      auto classified = service.ClassifyBatch(batch, {});
      if (!classified) return Fail(std::move(classified).error());
      classified->classified += total.classified;
      classified->elapsed_ms = watch.ElapsedMs();
      c->Show({{"store", wire::ToJson(total)}, {"classify", wire::ToJson(*classified)}}, [&] {
        PrintStoreReport(total);
        std::cout << "Classified " << classified->classified << " comments with "
                  << classified->classifier << " " << classified->classifier_version << " in "
                  << Number(classified->elapsed_ms / 1000, 2) << " s.\n";
      });
      return Ok();
    });
  });

  // classify
  auto* classify = group->add_subcommand("classify", "Classify texts (no storage)");
  classify->add_option("text", a->texts, "Texts to classify")->required();
  classify->add_flag("--explain", a->explain, "Show the words that decided the sentiment");
  classify->callback([=] {
    auto config = c->LoadConfig();
    if (!config) return c->Report(config.error());
    auto run = [&]() -> Status {
      auto taxonomy = SAGAZ_TRY(feedback::LoadTaxonomy(config->feedback.taxonomy));
      auto classifier = SAGAZ_TRY(feedback::MakeBuiltinClassifier(
          taxonomy, {.neutral_threshold = config->feedback.neutral_threshold}));
      wire::Json items = wire::Json::array();
      for (const auto& text : a->texts) {
        const auto result = classifier->Classify(text);
        if (c->json) {
          auto j = wire::ToJson(result, *classifier);
          j["text"] = text;
          items.push_back(std::move(j));
          continue;
        }
        std::cout << ToString(result.sentiment) << " (" << Number(result.score, 3) << ")";
        if (!result.tags.empty()) std::cout << "  tags: " << Join(result.tags, ", ");
        if (!result.keyphrases.empty())
          std::cout << "  keyphrases: " << Join(result.keyphrases, "; ");
        std::cout << "\n";
        if (a->explain) {
          for (const auto& t : feedback::ExplainBuiltin(text)) {
            std::cout << "  " << t.token << " " << Number(t.valence, 3) << "\n";
          }
        }
      }
      if (c->json) c->PrintJson({{"classifications", items}});
      return Ok();
    };
    if (auto st = run(); !st) c->Report(st.error());
  });

  // eval
  auto* eval = group->add_subcommand(
      "eval", "Score the builtin classifier on a labelled CSV file, beside the majority baseline");
  eval->add_option("file", a->file, "CSV file with a text and a label column")
      ->required()
      ->check(CLI::ExistingFile);
  eval->add_option("--text-column", a->text_column, "Column with the text (default: text)");
  eval->add_option("--label-column", a->label_column,
                   "Column with the label: negative/neutral/positive, their Portuguese names, or "
                   "1-5 stars (default: label)");
  eval->add_option("--tags-column", a->tags_column,
                   "Column with the gold tags, ids separated by ';' (default: none; with an empty "
                   "--label-column, tags only)");
  eval->add_option("--tags", a->scored_tags,
                   "Score only these tags (default: every tag in the gold file or the predictions)")
      ->delimiter(',');
  eval->add_flag("--unique", a->unique, "Score each distinct text once (drop repeated texts)");
  eval->add_option("--classifier", a->classifier,
                   "builtin (default), active (the classifier new comments get) or a trained "
                   "model id");
  // Scores one classifier on the file (the builtin one needs no data directory).
  auto score = [=](const feedback::Classifier& classifier) -> Status {
    std::ifstream in(a->file, std::ios::binary);
    auto data =
        SAGAZ_TRY(wire::ReadLabelledComments(in, a->text_column, a->label_column, a->tags_column));
    int64_t repeated = 0;
    if (a->unique) {
      std::set<std::string> seen;
      repeated = static_cast<int64_t>(std::erase_if(
          data.items, [&](const auto& item) { return !seen.insert(item.text).second; }));
    }
    const std::set<std::string> only(a->scored_tags.begin(), a->scored_tags.end());
    auto keep = [&](std::set<std::string> tags) {
      if (!only.empty()) std::erase_if(tags, [&](const auto& t) { return !only.contains(t); });
      return tags;
    };
    std::vector<feedback::Sentiment> gold, predicted;
    std::vector<std::set<std::string>> gold_tags, predicted_tags;
    // CPU time of this thread: comments per second per core, whatever else the machine runs.
    const double start = ThreadCpuSeconds();
    for (const auto& item : data.items) {
      const auto result = classifier.Classify(item.text);
      if (item.sentiment) {
        gold.push_back(*item.sentiment);
        predicted.push_back(result.sentiment);
      }
      if (item.tags) {
        gold_tags.push_back(keep({item.tags->begin(), item.tags->end()}));
        predicted_tags.push_back(keep({result.tags.begin(), result.tags.end()}));
      }
    }
    const double seconds = ThreadCpuSeconds() - start;
    const double rate = seconds > 0 ? static_cast<double>(data.items.size()) / seconds : 0;
    std::optional<feedback::SentimentEvaluation> e;
    if (!gold.empty()) e = feedback::EvaluateSentiment(gold, predicted);
    std::optional<feedback::TagEvaluation> t;
    if (!gold_tags.empty()) t = feedback::EvaluateTags(gold_tags, predicted_tags);
    if (c->json) {
      auto j = e ? wire::ToJson(*e) : wire::Json::object();
      if (t) j["tags"] = wire::ToJson(*t);
      j["classifier"] = classifier.name();
      j["classifier_version"] = classifier.version();
      j["skipped"] = data.skipped;
      j["repeated"] = repeated;
      j["comments_per_second"] = rate;
      c->PrintJson(j);
      return Ok();
    }
    std::cout << "Classifier " << classifier.name() << " " << classifier.version() << ": "
              << Number(rate, 0) << " comments/s per core (CPU time)";
    if (data.skipped > 0) std::cout << "; " << data.skipped << " rows without a label skipped";
    if (repeated > 0) std::cout << "; " << repeated << " repeated texts dropped";
    std::cout << "\n";
    if (e) PrintEvaluation(*e);
    if (t) {
      std::cout << (e ? "\n" : "") << "Tags of " << t->items << " comments: micro-F1 "
                << Number(t->micro_f1, 3) << ", macro-F1 " << Number(t->macro_f1, 3) << "\n";
      PrintTagMetrics(*t);
    }
    return Ok();
  };
  eval->callback([=] {
    if (a->classifier != "builtin") {
      c->WithApp([&](App& app) -> Status {
        return score(*SAGAZ_TRY(app.feedback().ClassifierNamed(a->classifier)));
      });
      return;
    }
    auto config = c->LoadConfig();
    if (!config) return c->Report(config.error());
    auto run = [&]() -> Status {
      auto taxonomy = SAGAZ_TRY(feedback::LoadTaxonomy(config->feedback.taxonomy));
      auto classifier = SAGAZ_TRY(feedback::MakeBuiltinClassifier(
          taxonomy, {.neutral_threshold = config->feedback.neutral_threshold}));
      return score(*classifier);
    };
    if (auto st = run(); !st) c->Report(st.error());
  });

  // train, models, activate
  auto* train = group->add_subcommand(
      "train",
      "Train a classifier on labelled comments (a CSV file, or the gold labels kept by "
      "relabelling), cross-validated before it is stored as a version");
  train
      ->add_option("file", a->file, "CSV file with a text column and labels (default: gold labels)")
      ->check(CLI::ExistingFile);
  train->add_option("--text-column", a->text_column, "Column with the text (default: text)");
  train->add_option("--label-column", a->label_column,
                    "Column with the sentiment: negative/neutral/positive, their Portuguese "
                    "names, or 1-5 stars (default: label; empty: none)");
  train->add_option("--tags-column", a->tags_column,
                    "Column with tag ids separated by ';' (default: none)");
  train->add_option("--folds", a->train.folds, "Folds of the cross-validation (5)")
      ->check(CLI::Range(2, 10));
  train->add_option("--c", a->train.c, "Inverse regularization strength (4)")
      ->check(CLI::PositiveNumber);
  train->add_flag("--activate", a->activate, "Classify new comments with it at once");
  train->callback([=] {
    c->WithApp([&](App& app) -> Status {
      feedback::TrainRequest request;
      request.options = a->train;
      request.activate = a->activate;
      if (!a->file.empty()) {
        std::ifstream in(a->file, std::ios::binary);
        auto data = SAGAZ_TRY(
            wire::ReadLabelledComments(in, a->text_column, a->label_column, a->tags_column));
        if (data.items.empty()) {
          return Fail(ErrorCode::kInvalidArgument, "no labelled rows in " + a->file);
        }
        request.data = std::move(data.items);
        request.trained_on = "file " + std::filesystem::path(a->file).filename().string();
      }
      ProgressBar bar("training");
      auto trained = app.feedback().Train(std::move(request), [&](double f, const std::string&) {
        bar.Update(f);
        return true;
      });
      bar.Done();
      if (!trained) return Fail(std::move(trained).error());
      c->Show(wire::ToJson(*trained), [&] {
        PrintModel(*trained);
        if (!trained->active) {
          std::cout << "\nNot active: `sagaz feedback activate " << trained->id
                    << "` makes it classify new comments.\n";
        }
      });
      return Ok();
    });
  });

  auto* models = group->add_subcommand("models", "Trained classifier versions, newest first");
  models->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto all = SAGAZ_TRY(app.feedback().Models());
      wire::Json items = wire::Json::array();
      for (const auto& m : all) items.push_back(wire::ToJson(m));
      c->Show({{"models", items}, {"classifier", app.feedback().classifier()->version()}}, [&] {
        std::vector<std::vector<std::string>> rows;
        for (const auto& m : all) {
          rows.push_back({m.id, std::to_string(m.version), m.active ? "yes" : "", m.created_at,
                          std::to_string(m.items),
                          m.cv.sentiment ? Number(m.cv.sentiment->macro_f1, 3) : "-",
                          m.cv.tags ? Number(m.cv.tags->micro_f1, 3) : "-"});
        }
        std::cout << RenderTable({{"id"},
                                  {"version", true},
                                  {"active"},
                                  {"created"},
                                  {"items", true},
                                  {"macro-F1 (CV)", true},
                                  {"tags micro-F1 (CV)", true}},
                                 rows);
        const auto active = app.feedback().classifier();
        std::cout << "New comments are classified by " << active->name() << " " << active->version()
                  << ".\n";
      });
      return Ok();
    });
  });

  auto* activate = group->add_subcommand(
      "activate",
      "Classify new comments with a trained version (an older one: a rollback), or "
      "with the builtin classifier again ('builtin')");
  activate->add_option("model", a->model, "Model id, or builtin")->required();
  activate->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto rec = SAGAZ_TRY(app.feedback().Activate(a->model));
      c->Show(rec ? wire::ToJson(*rec) : wire::Json{{"classifier", "builtin"}}, [&] {
        std::cout << "New comments are classified by "
                  << (rec ? "trained model " + rec->id : std::string("the builtin classifier"))
                  << ". `sagaz feedback reclassify` classifies the stored ones again.\n";
      });
      return Ok();
    });
  });

  // summary and list
  auto filter_options = [=](CLI::App* cmd) {
    for (const char* key : {"sentiment", "tag", "source", "from", "to", "q"}) {
      cmd->add_option_function<std::string>(
          std::string("--") + key, [a, key](const std::string& v) { a->filter.emplace(key, v); },
          std::string("Only comments with this ") + key);
    }
  };
  auto* summary = group->add_subcommand("summary", "Counts by sentiment, tag, day and source");
  filter_options(summary);
  summary->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto filter = SAGAZ_TRY(wire::ParseCommentFilter(a->filter));
      const auto s = SAGAZ_TRY(app.feedback().Summarize(filter));
      c->Show(wire::ToJson(s), [&] { PrintSummary(s); });
      return Ok();
    });
  });
  auto* list = group->add_subcommand("list", "The latest comments with their classification");
  filter_options(list);
  list->add_option_function<std::string>(
      "--limit", [a](const std::string& v) { a->filter.emplace("limit", v); }, "Comments (50)");
  list->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto filter = SAGAZ_TRY(wire::ParseCommentFilter(a->filter));
      const auto page = SAGAZ_TRY(app.feedback().List(filter));
      c->Show(wire::ToJson(page), [&] {
        std::vector<std::vector<std::string>> rows;
        for (const auto& m : page.comments) {
          rows.push_back({m.source, m.id,
                          m.sentiment ? std::string(ToString(*m.sentiment)) : "pending",
                          Join(m.tags, ", "), m.text});
        }
        std::cout << RenderTable({{"source"}, {"id"}, {"sentiment"}, {"tags"}, {"text"}}, rows, 60);
      });
      return Ok();
    });
  });

  auto* reclassify = group->add_subcommand(
      "reclassify", "Classify stored comments again (after a change of taxonomy or classifier)");
  reclassify->add_option("--source", a->source, "Only this source's comments");
  reclassify->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const std::string batch = "r-" + NewUuid();
      SAGAZ_TRY(app.feedback().MarkForReclassification(batch, a->source));
      ProgressBar bar("classifying");
      auto done =
          app.feedback().ClassifyBatch(batch, {.progress = [&](double f) { bar.Update(f); }});
      bar.Done();
      if (!done) return Fail(std::move(done).error());
      c->Show(wire::ToJson(*done), [&] {
        std::cout << "Classified " << done->classified << " comments with " << done->classifier
                  << " " << done->classifier_version << ".\n";
      });
      return Ok();
    });
  });
}

}  // namespace sagaz::cli
