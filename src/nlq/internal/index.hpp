// The schema prepared for matching question words: the words of table and column names,
// descriptions and original headers with their stems in both languages, and the distinct values of
// text columns with what makes each one recognizable. Built once per Schema (Schema::Index) and
// shared by every question, so a question does no stemming or counting over the schema.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nlq/nlq.hpp"

namespace sagaz::nlq::internal {

// A word and its spellings for matching: itself and its stems in both languages.
std::set<std::string> FormsOf(const std::string& folded);

struct SchemaWord {
  std::string word;
  std::set<std::string> forms;
  std::string cognate;    // CognateKey(word)
  bool optional = false;  // a column name's word a question may leave unsaid (IsOptionalNameWord)
};

// Words of schema text that identify something (no "id", "de", "the"), each once.
std::vector<SchemaWord> SchemaWords(std::string_view text);

struct ValueIndex {
  std::string value;                              // as stored
  std::string folded;                             // the whole value, folded
  std::vector<std::string> words;                 // folded words
  std::vector<std::set<std::string>> forms;       // FormsOf each word
  std::vector<bool> distinctive;                  // the word is in no other value of the column
  std::vector<std::vector<std::string>> aliases;  // words of its names in the other language
  bool family = false;  // its first word, a code, starts other values too ("S01" of "S01-1")
  std::string stem_pt, stem_en;  // stems of a single-word value
  std::string cognate;           // CognateKey of a single-word value
};

struct ColumnIndex {
  const SchemaTable* table = nullptr;
  const SchemaColumn* column = nullptr;
  std::vector<SchemaWord> name;  // from the column name and the original header
  std::vector<SchemaWord> desc;  // from the description (and "duration" for days, hours, …)
  // Other names of the column, each matched as a whole like its name: the segments of the
  // description when the name is cryptic ("Preço de fechamento (último) / close price" for pre_ult
  // -> [preco fechamento], [ultimo], [close price]), and the quantity a unit in the name measures
  // (kwh_used -> [energia consumo], peak_kw -> [demanda potencia]).
  std::vector<std::vector<SchemaWord>> aliases;
  // Segments of the description with two words or more: a question that says one of them whole,
  // words next to each other, names the column as a compound name does ("preço de fechamento").
  std::vector<std::vector<SchemaWord>> desc_phrases;
  std::vector<SchemaWord> names;  // every word of the name and of the aliases
  size_t name_units = 0;  // words of the name a question may leave unsaid: units, "codigo", "nome"
  // A text column of two values that say yes and no ("S"/"N", "Y"/"N", "Sim"/"Não"): a flag, as a
  // boolean column is.
  std::string yes_value, no_value;
  bool cryptic = false;  // every word of the name has three letters or fewer (pre_ult, cod_neg)
  bool key = false;      // identifies each row: an id, or text with one value per row
  std::vector<ValueIndex> values;
  std::set<std::pair<std::string, std::string>> first_two;  // first two words of values
  bool numeric = false;
  bool time = false;
  bool text = false;
};

struct TableIndex {
  const SchemaTable* table = nullptr;
  std::vector<SchemaWord> name;
  std::vector<SchemaWord> desc;
  // The first and last words of each segment of the description: the noun that names the rows in
  // either language ("Sinistros de seguro / insurance claims" -> sinistros, seguro, insurance,
  // claims).
  std::vector<SchemaWord> desc_heads;
  std::vector<size_t> columns;  // indexes into SchemaIndex::columns
};

struct SchemaIndex {
  std::vector<TableIndex> tables;
  std::vector<ColumnIndex> columns;
};

// Points into `schema`, which must outlive it and not change.
SchemaIndex BuildIndex(const Schema& schema);

}  // namespace sagaz::nlq::internal
