#include "ask/internal/messages.hpp"

#include <array>

namespace sagaz::ask::internal {
namespace {

struct Text {
  Msg msg;
  std::string_view pt;
  std::string_view en;
};

// In the order of Msg (checked below, so a message cannot be missing or out of place).
constexpr Text kTexts[] = {
    {Msg::kEmptyQuestion, "a pergunta está vazia", "the question is empty"},
    {Msg::kQuestionTooLong, "a pergunta tem mais de {1} caracteres",
     "the question is longer than {1} characters"},
    {Msg::kQuestionNotUtf8, "a pergunta não é UTF-8 válido", "the question is not valid UTF-8"},
    {Msg::kUnclear, "não tenho certeza do que a pergunta pede; veja as interpretações possíveis",
     "I am not sure what the question asks; see the possible readings"},
    {Msg::kNoModel,
     "nenhum modelo de linguagem está disponível ({1}); o interpretador embutido respondeu",
     "no language model is available ({1}); the builtin parser answered"},
    {Msg::kModelFailed, "o modelo falhou ({1}); o interpretador embutido respondeu",
     "the model failed ({1}); the builtin parser answered"},
    {Msg::kModelNoPlan,
     "o modelo não deu um plano que funcione em {1} tentativa(s) (último erro: {2}); o "
     "interpretador embutido respondeu",
     "the model gave no working plan in {1} attempt(s) (last error: {2}); the builtin parser "
     "answered"},
    {Msg::kModelCorrected, "o modelo corrigiu o seu plano depois de {1} tentativa(s) falha(s)",
     "the model corrected its plan after {1} failed attempt(s)"},
    {Msg::kModelInsightFailed, "o texto do modelo falhou ({1}); o texto embutido é mostrado",
     "the model's insight failed ({1}); the builtin text is shown"},
    {Msg::kEditedSql, "respondido com a sua consulta SQL editada", "answered with your edited SQL"},
    {Msg::kEditedSqlMismatch,
     "a consulta editada não serve a esta pergunta (mantenha as colunas da consulta original): {1}",
     "the edited query does not fit this question (keep the columns of the original query): {1}"},
    {Msg::kTruncated, "a leitura parou em {1} linhas (ask.max_rows)",
     "reading stopped at {1} rows (ask.max_rows)"},
    {Msg::kNotANumber, "a coluna {1} é {2}, não um número: não pode ser somada nem ter média",
     "column {1} is {2}, not a number: it cannot be summed or averaged"},
    {Msg::kNotATime, "a coluna {1} é {2}, não uma data ou hora",
     "column {1} is {2}, not a date or time"},
    {Msg::kFewerColumns, "a consulta devolveu {1} colunas, menos do que o plano precisa",
     "the query returned {1} columns, fewer than the plan needs"},
    {Msg::kDateNoDistribution,
     "uma coluna de datas não tem distribuição para descrever; pergunte pelo seu intervalo",
     "a date column has no distribution to describe; ask for its range"},
    {Msg::kSeriesNeedsNumber, "a medida de uma série precisa ser um número",
     "the measure of a series must be a number"},
    {Msg::kEmptyValue, "(vazio)", "(empty)"},
    {Msg::kYes, "sim", "yes"},
    {Msg::kNo, "não", "no"},
    {Msg::kDayOfWeek, "dia da semana", "day of week"},
    {Msg::kRowsColumn, "linhas", "rows"},
    {Msg::kStatisticColumn, "estatística", "statistic"},
    {Msg::kValueColumn, "valor", "value"},
    {Msg::kSunday, "domingo", "Sunday"},
    {Msg::kMonday, "segunda", "Monday"},
    {Msg::kTuesday, "terça", "Tuesday"},
    {Msg::kWednesday, "quarta", "Wednesday"},
    {Msg::kThursday, "quinta", "Thursday"},
    {Msg::kFriday, "sexta", "Friday"},
    {Msg::kSaturday, "sábado", "Saturday"},
};

constexpr bool InOrder() {
  if (std::size(kTexts) != static_cast<size_t>(Msg::kCount_)) return false;
  for (size_t i = 0; i < std::size(kTexts); ++i) {
    if (static_cast<size_t>(kTexts[i].msg) != i) return false;
  }
  return true;
}
static_assert(InOrder(), "kTexts must list every Msg once, in the enum's order");

}  // namespace

std::string Say(Msg msg, nlq::Language language, std::initializer_list<std::string_view> args) {
  const auto i = static_cast<size_t>(msg);
  if (i >= std::size(kTexts)) return {};
  const std::string_view text =
      language == nlq::Language::kPortuguese ? kTexts[i].pt : kTexts[i].en;
  std::string out;
  out.reserve(text.size() + 32);
  for (size_t p = 0; p < text.size(); ++p) {
    // {1} .. {9}: the argument of that number.
    if (text[p] == '{' && p + 2 < text.size() && text[p + 2] == '}' && text[p + 1] >= '1' &&
        text[p + 1] <= '9') {
      const size_t n = static_cast<size_t>(text[p + 1] - '1');
      if (n < args.size()) out += *(args.begin() + n);
      p += 2;
      continue;
    }
    out += text[p];
  }
  return out;
}

std::string WeekdayName(int64_t day, nlq::Language language) {
  if (day < 0 || day > 6) return std::to_string(day);
  return Say(static_cast<Msg>(static_cast<int64_t>(Msg::kSunday) + day), language);
}

}  // namespace sagaz::ask::internal
