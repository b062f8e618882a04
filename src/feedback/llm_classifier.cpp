// The LLM classifier: comments sent in batched prompts to an OpenAI-compatible model that answers
// in a JSON schema; every answer is checked, and what the model fails at (an error after its
// retries and timeouts, an answer off the schema, a comment left out) is classified by the active
// non-LLM classifier instead, with a warning on the result.
#include <nlohmann/json.hpp>

#include "core/strings.hpp"
#include "feedback/classifier.hpp"
#include "feedback/internal/text.hpp"
#include "llm/llm.hpp"

namespace sagaz::feedback {
namespace {

using nlohmann::json;

constexpr size_t kMaxTextBytes = 2000;  // of one comment in a prompt

std::string Schema(const Taxonomy& taxonomy) {
  json tags = json::array();
  for (const auto& t : taxonomy.tags()) tags.push_back(t.id);
  const json item = {
      {"type", "object"},
      {"properties",
       {{"i", {{"type", "integer"}}},
        {"sentiment", {{"type", "string"}, {"enum", {"negative", "neutral", "positive"}}}},
        {"score", {{"type", "number"}}},
        {"tags", {{"type", "array"}, {"items", {{"type", "string"}, {"enum", tags}}}}},
        {"keyphrases", {{"type", "array"}, {"items", {{"type", "string"}}}}}}},
      {"required", {"i", "sentiment", "score", "tags", "keyphrases"}},
      {"additionalProperties", false}};
  return json{{"type", "object"},
              {"properties", {{"results", {{"type", "array"}, {"items", item}}}}},
              {"required", {"results"}},
              {"additionalProperties", false}}
      .dump();
}

std::string SystemPrompt(const Taxonomy& taxonomy) {
  std::string tags;
  for (const auto& t : taxonomy.tags()) {
    tags += "- " + t.id + ": " + t.name_en + " / " + t.name_pt + "\n";
  }
  return "You classify customer comments (reviews, tickets, survey answers, social posts), mostly "
         "in Brazilian Portuguese. For each comment give: sentiment (negative, neutral or "
         "positive: what the customer feels about the business overall; a mixed comment takes the "
         "side its conclusion takes), score (-1 most negative to 1 most positive), tags (only ids "
         "from the list below, those the comment is about; none when none fits) and up to three "
         "short keyphrases copied from the comment. Answer with JSON only: {\"results\": [{\"i\", "
         "\"sentiment\", \"score\", \"tags\", \"keyphrases\"}]}, one result per comment, i as "
         "given.\nTags:\n" +
         tags;
}

class LlmClassifier final : public Classifier {
 public:
  LlmClassifier(std::shared_ptr<llm::Provider> provider, std::shared_ptr<const Classifier> fallback,
                std::shared_ptr<const Taxonomy> taxonomy, LlmClassifierOptions options)
      : provider_(std::move(provider)),
        fallback_(std::move(fallback)),
        taxonomy_(std::move(taxonomy)),
        options_(options),
        schema_(Schema(*taxonomy_)),
        system_(SystemPrompt(*taxonomy_)),
        version_(provider_->Name() + "+" + internal::HashHex(schema_ + system_).substr(0, 8)) {
    for (const auto& t : taxonomy_->tags()) tag_ids_.push_back(t.id);
  }

  std::string_view name() const override { return "llm"; }
  const std::string& version() const override { return version_; }

  Classification Classify(std::string_view text) const override {
    const std::string_view one[] = {text};
    return ClassifyMany(one).front();
  }

  std::vector<Classification> ClassifyMany(std::span<const std::string_view> texts) const override {
    std::vector<Classification> out;
    out.reserve(texts.size());
    const auto batch = static_cast<size_t>(std::max(1, options_.batch));
    for (size_t start = 0; start < texts.size(); start += batch) {
      const auto part = texts.subspan(start, std::min(batch, texts.size() - start));
      auto results = Ask(part);
      for (auto& r : results) out.push_back(std::move(r));
    }
    return out;
  }

 private:
  // One prompt for `texts`; whatever the model does not answer well comes from the fallback.
  std::vector<Classification> Ask(std::span<const std::string_view> texts) const {
    std::vector<std::optional<Classification>> answered(texts.size());
    std::string failure;
    json comments = json::array();
    for (size_t i = 0; i < texts.size(); ++i) {
      std::string text = SanitizeUtf8(texts[i].substr(0, kMaxTextBytes));
      comments.push_back({{"i", i}, {"text", std::move(text)}});
    }
    llm::ChatRequest request;
    request.messages = {
        {"system", system_},
        {"user", "Comments:\n" + comments.dump(-1, ' ', false, json::error_handler_t::replace)}};
    request.json_schema = schema_;
    request.stream = false;
    request.max_tokens = static_cast<int>(200 + 120 * texts.size());
    request.timeout = std::chrono::milliseconds(options_.timeout_ms);
    for (int attempt = 0; attempt < std::max(1, options_.attempts); ++attempt) {
      auto reply = provider_->Chat(request);
      if (!reply) {
        failure = reply.error().message;
        // The provider already retried transient failures with backoff.
        break;
      }
      if (Read(reply->content, answered, failure)) break;
    }
    std::vector<Classification> out(texts.size());
    std::vector<std::string_view> missing;
    std::vector<size_t> where;
    for (size_t i = 0; i < texts.size(); ++i) {
      if (answered[i]) {
        out[i] = std::move(*answered[i]);
      } else {
        missing.push_back(texts[i]);
        where.push_back(i);
      }
    }
    if (!missing.empty()) {
      auto fallback = fallback_->ClassifyMany(missing);
      for (size_t k = 0; k < where.size(); ++k) {
        auto& c = fallback[k];
        if (c.fallback_classifier.empty()) {
          c.fallback_classifier = std::string(fallback_->name());
          c.fallback_version = fallback_->version();
        }
        c.warning = "llm " + provider_->Name() +
                    " failed: " + (failure.empty() ? "its answer left this comment out" : failure);
        out[where[k]] = std::move(c);
      }
    }
    return out;
  }

  // Reads a reply into `answered`; false (with why) when it is not the schema's JSON.
  bool Read(const std::string& content, std::vector<std::optional<Classification>>& answered,
            std::string& failure) const {
    const json j = json::parse(llm::ExtractJsonObject(content), nullptr, false);
    if (!j.is_object() || !j.contains("results") || !j["results"].is_array()) {
      failure = "the answer is not the JSON the schema asks for";
      return false;
    }
    for (const auto& r : j["results"]) {
      if (!r.is_object() || !r.contains("i") || !r["i"].is_number_integer()) continue;
      const auto i = r["i"].get<int64_t>();
      if (i < 0 || i >= static_cast<int64_t>(answered.size())) continue;
      if (!r.contains("sentiment") || !r["sentiment"].is_string()) continue;
      auto sentiment = ParseSentiment(r["sentiment"].get<std::string>());
      if (!sentiment) continue;
      Classification c;
      c.sentiment = *sentiment;
      const double fallback_score = c.sentiment == Sentiment::kPositive   ? 1.0
                                    : c.sentiment == Sentiment::kNegative ? -1.0
                                                                          : 0.0;
      c.score = r.contains("score") && r["score"].is_number()
                    ? std::clamp(r["score"].get<double>(), -1.0, 1.0)
                    : fallback_score;
      if (auto t = r.find("tags"); t != r.end() && t->is_array()) {
        // In taxonomy order, only known ids, once each.
        for (const auto& id : tag_ids_) {
          for (const auto& v : *t) {
            if (v.is_string() && v.get<std::string>() == id) {
              c.tags.push_back(id);
              break;
            }
          }
        }
      }
      if (auto k = r.find("keyphrases"); k != r.end() && k->is_array()) {
        for (const auto& v : *k) {
          if (v.is_string() && c.keyphrases.size() < 3) {
            c.keyphrases.push_back(SanitizeUtf8(v.get<std::string>().substr(0, 120)));
          }
        }
      }
      answered[static_cast<size_t>(i)] = std::move(c);
    }
    return true;
  }

  std::shared_ptr<llm::Provider> provider_;
  std::shared_ptr<const Classifier> fallback_;
  std::shared_ptr<const Taxonomy> taxonomy_;
  LlmClassifierOptions options_;
  std::string schema_, system_, version_;
  std::vector<std::string> tag_ids_;
};

}  // namespace

Result<std::unique_ptr<Classifier>> MakeLlmClassifier(std::shared_ptr<llm::Provider> provider,
                                                      std::shared_ptr<const Classifier> fallback,
                                                      std::shared_ptr<const Taxonomy> taxonomy,
                                                      LlmClassifierOptions options) {
  if (!provider || !fallback || !taxonomy) {
    return Fail(ErrorCode::kInvalidArgument, "the LLM classifier needs a model and a fallback");
  }
  return std::unique_ptr<Classifier>(std::make_unique<LlmClassifier>(
      std::move(provider), std::move(fallback), std::move(taxonomy), options));
}

}  // namespace sagaz::feedback
