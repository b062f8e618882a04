// Stage 2 of the builtin parser: what the question's words name in the schema. Columns (by name,
// description, aliases), distinct values of text columns and tables, each with the question
// positions (spans) that name it and a score. The record the plan stage reads.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "nlq/internal/question.hpp"

namespace sagaz::nlq::internal {

struct ColumnMention {
  size_t column;              // index into Index::columns
  std::vector<size_t> words;  // question positions
  double score = 0;
  size_t name_hits = 0;   // words of the column's name (or alias) the question names
  size_t name_size = 0;   // words of that name, units aside
  double name_score = 0;  // the part of the score that comes from the name (not the description)
  bool compound = false;  // its whole name (or a whole segment of its description), adjacent
  bool phrase = false;    // a whole segment of its description
};

struct ValueMention {
  size_t column;
  std::string value;
  std::vector<size_t> words;
  double score = 0;
};

// Table mentions by name (and description): "pedidos" -> orders.
struct TableMention {
  size_t table;
  std::vector<size_t> words;
  double score = 0;
  bool entity =
      false;  // the question names the table itself (its whole name, or its description's head)
  std::vector<size_t> whole;  // the words that say its whole name as written (or by stem)
};

struct Mentions {
  std::vector<ColumnMention> columns;
  std::vector<ValueMention> values;
  std::vector<TableMention> tables;
  // Words bound in a compound column name ("sale price"): no table and no weak value.
  std::set<size_t> bound;
};

// Every mention in the question. `bind` keeps the words of compound column names for those columns
// (the parser's reading); without it every possible mention is listed (schema relevance).
Mentions FindMentions(const Question& q, const SchemaIndex& idx, bool bind = true);

// The code of a questionnaire item in a column's name: a first word of one or two letters and
// digits ("q17" of q17_frete); empty for any other name.
std::string ItemCode(const ColumnIndex& col);

// Whether question positions are next to each other as the words of one name.
bool Adjacent(const Question& q, std::vector<size_t> pos);

}  // namespace sagaz::nlq::internal
