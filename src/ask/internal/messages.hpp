// Every message Ask shows people, in Brazilian Portuguese and English: one table keyed by Msg
// (messages.cpp). Text a model reads (prompts, corrections) is not here: it is written for the
// model, in English.
//
//   Say(Msg::kTruncated, language, {std::to_string(rows)})  // "reading stopped at 5000 rows ..."
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "nlq/nlq.hpp"

namespace sagaz::ask::internal {

enum class Msg {
  // Questions refused before reading them.
  kEmptyQuestion,
  kQuestionTooLong,  // {1}: the most characters
  kQuestionNotUtf8,
  // The answer's status and warnings.
  kUnclear,
  kNoModel,             // {1}: why
  kModelFailed,         // {1}: the error
  kModelNoPlan,         // {1}: attempts, {2}: the last error
  kModelCorrected,      // {1}: failed attempts
  kModelInsightFailed,  // {1}: the error
  kEditedSql,
  kEditedSqlMismatch,  // {1}: the error
  kTruncated,          // {1}: rows read
  // Plans that cannot be computed.
  kNotANumber,    // {1}: column, {2}: its type
  kNotATime,      // {1}: column, {2}: its type
  kFewerColumns,  // {1}: columns returned
  kDateNoDistribution,
  kSeriesNeedsNumber,
  // Labels in the answer's table and insight.
  kEmptyValue,
  kYes,
  kNo,
  kDayOfWeek,
  kRowsColumn,
  kStatisticColumn,
  kValueColumn,
  kSunday,  // the weekdays in order, Sunday first (DuckDB's dayofweek)
  kMonday,
  kTuesday,
  kWednesday,
  kThursday,
  kFriday,
  kSaturday,
  kCount_,  // not a message: the size of the table
};

// The message in `language`, with {1}, {2}, ... replaced by `args` in order.
std::string Say(Msg msg, nlq::Language language, std::initializer_list<std::string_view> args = {});

// The name of a weekday, 0 (Sunday) to 6; other numbers as digits.
std::string WeekdayName(int64_t day, nlq::Language language);

}  // namespace sagaz::ask::internal
