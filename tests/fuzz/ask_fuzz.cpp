// The whole Ask path — plan, guarded SQL, statistics, insight, chart, and the JSON the API sends —
// over generated questions and generated and real-shaped data. Where question_fuzz mutates the
// bytes of questions, this target reads its input as choices: which words (Portuguese and English
// question words, column names as written or said, values of the data, numbers, dates, odd
// unicode), which options (engine, policy, dataset, language) and, for the model engine, which
// JSON plans a model replies (any table, shape, aggregate, column, condition, limit). An input
// longer than its choices needs is followed by a generator seeded from it, so every input asks a
// whole question.
//
// The data: orders, items, products and customers shaped like a marketplace export (snake_case,
// misspelled headers, values with underscores), quotes from another B3 provider, clothing
// reviews, a table with Portuguese headers and units, an empty table, a one-row table, NULL-only
// columns, unrelated tables with look-alike keys (reviews.department_id is no departments.id) and
// random tables. Answers may be unclear or refused; none may crash, hang, join along a link that
// is neither declared nor verified, or show a confidence outside [0, 1].
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "ask/ask.hpp"
#include "catalog/catalog.hpp"
#include "db/db.hpp"
#include "fuzz_app.hpp"
#include "llm/llm.hpp"
#include "wire/ask.hpp"
#include "wire/json.hpp"

namespace {

using namespace sagaz;
using json = nlohmann::json;

// ---- the data

struct Table {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::string> values;  // words the data holds, for questions
};

std::vector<Table> g_tables;
std::vector<std::pair<std::string, std::string>> g_csv;

std::string Pad(int n, int width = 2) {
  std::string s = std::to_string(n);
  while (static_cast<int>(s.size()) < width) s = "0" + s;
  return s;
}

std::string Date(int day_index, int base_year = 2017) {
  const int y = base_year + day_index / 336, m = day_index / 28 % 12 + 1, d = day_index % 28 + 1;
  return std::to_string(y) + "-" + Pad(m) + "-" + Pad(d);
}

void Add(std::string name, std::string csv, std::vector<std::string> values) {
  Table t{name, {}, std::move(values)};
  const auto eol = csv.find('\n');
  std::string header = csv.substr(0, eol);
  size_t start = 0;
  while (start <= header.size()) {
    const auto comma = header.find(',', start);
    t.columns.push_back(
        header.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  g_tables.push_back(std::move(t));
  g_csv.emplace_back(std::move(name), std::move(csv));
}

void RealShaped(std::mt19937& rng) {
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  const std::vector<std::string> categories = {"cama_mesa_banho", "beleza_saude", "esporte_lazer",
                                               "moveis_decoracao", "informatica_acessorios"};
  const std::vector<std::string> statuses = {"delivered", "shipped", "canceled", "outro_pedido",
                                             "invoiced"};
  std::string products =
      "product_id,product_category_name,product_name_lenght,product_description_lenght,"
      "product_weight_g\n";
  for (int i = 0; i < 60; ++i) {
    products += "p" + Pad(i, 4) + "," + pick(categories) + "," + std::to_string(20 + rng() % 40) +
                "," + std::to_string(100 + rng() % 900) + "," +
                (i % 7 ? std::to_string(50 + rng() % 5000) : "") + "\n";
  }
  Add("products", products, categories);
  std::string orders = "order_id,customer_id,order_status,order_purchase_timestamp\n";
  for (int i = 0; i < 150; ++i) {
    orders += "o" + Pad(i, 5) + ",c" + Pad(static_cast<int>(rng() % 40), 3) + "," + pick(statuses) +
              "," + Date(static_cast<int>(rng() % 600)) + " " + Pad(static_cast<int>(rng() % 24)) +
              ":" + Pad(static_cast<int>(rng() % 60)) + ":00\n";
  }
  Add("orders", orders, statuses);
  std::string items = "order_id,order_item_id,product_id,seller_id,price,freight_value\n";
  for (int i = 0; i < 220; ++i) {
    items += "o" + Pad(static_cast<int>(rng() % 150), 5) + "," + std::to_string(1 + i % 3) + ",p" +
             Pad(static_cast<int>(rng() % 60), 4) + ",s" + Pad(static_cast<int>(rng() % 9)) + "," +
             std::to_string(5 + rng() % 500) + "." + Pad(static_cast<int>(rng() % 100)) + "," +
             std::to_string(rng() % 40) + ".5\n";
  }
  Add("order_items", items, {});
  std::string customers = "customer_id,customer_city,customer_state\n";
  const std::vector<std::string> cities = {"sao paulo", "rio de janeiro", "belo horizonte",
                                           "curitiba"};
  const std::vector<std::string> states = {"SP", "RJ", "MG", "PR"};
  for (int i = 0; i < 40; ++i) {
    customers += "c" + Pad(i, 3) + "," + cities[i % 4] + "," + states[i % 4] + "\n";
  }
  Add("customers", customers, cities);
  // Quotes from another provider: Portuguese abbreviations, an adjusted close beside the close.
  std::string quotes = "data_pregao,codneg,preabe,premax,premin,preult,adj_close,voltot,quatot\n";
  const std::vector<std::string> tickers = {"PETR4", "VALE3", "ITUB4", "BBDC4"};
  for (int i = 0; i < 200; ++i) {
    const double open = 10 + (rng() % 3000) / 100.0;
    quotes += Date(i, 2019) + "," + tickers[i % 4] + "," + std::to_string(open) + "," +
              std::to_string(open * 1.02) + "," + std::to_string(open * 0.98) + "," +
              std::to_string(open * 1.01) + "," + std::to_string(open * 0.9) + "," +
              std::to_string(rng() % 1000000) + "," + std::to_string(rng() % 5000) + "\n";
  }
  Add("cotacoes", quotes, tickers);
  // Clothing reviews and a departments table whose ids are no department_id of the reviews.
  std::string reviews =
      "review_id,clothing_id,age,rating,recommended_ind,positive_feedback_count,division_name,"
      "department_name,reviewer_gender,department_id\n";
  const std::vector<std::string> departments = {"Tops", "Dresses", "Bottoms", "Intimate"};
  for (int i = 0; i < 120; ++i) {
    reviews += std::to_string(i) + "," + std::to_string(rng() % 50) + "," +
               std::to_string(18 + rng() % 60) + "," + std::to_string(1 + rng() % 5) + "," +
               std::to_string(rng() % 2) + "," + std::to_string(rng() % 30) + "," +
               (rng() % 2 ? "General" : "General Petite") + "," + pick(departments) + "," +
               (rng() % 2 ? "F" : "M") + "," + std::to_string(50 + rng() % 10) + "\n";
  }
  Add("reviews", reviews, departments);
  Add("departments", "id,department,product_id\n1,Women,1\n2,Men,2\n3,Kids,3\n",
      {"Women", "Men", "Kids"});
  // Portuguese headers with units and accents (ingest names them).
  std::string vendas = "Data da Venda,Valor (R$),Quantidade,Região,Categoria,Desconto (%)\n";
  const std::vector<std::string> regioes = {"Sul", "Sudeste", "Nordeste", "Norte"};
  for (int i = 0; i < 90; ++i) {
    vendas += Date(i * 3, 2022) + "," + std::to_string(rng() % 10000) + ",5" + "," +
              regioes[i % 4] + "," + (i % 3 ? "Eletrônicos" : "Móveis") + "," +
              (i % 5 ? std::to_string(rng() % 30) : "") + "\n";
  }
  Add("vendas", vendas, regioes);
  Add("uma_linha", "id,preco,marca,data\n1,9.9,Acme,2024-05-01\n", {"Acme"});
  Add("nulos", "id,valor,nome,quando\n1,,,\n2,,,\n3,,,\n", {});
}

// Tables with random names, kinds, sizes and NULLs; some keys reference another table, some only
// look like they do.
void Generated(std::mt19937& rng) {
  const std::vector<std::string> words = {
      "valor",       "preco",      "price",   "custo",  "total", "qtd",
      "quantidade",  "amount",     "nivel",   "status", "tipo",  "categoria",
      "region",      "loja",       "store",   "data",   "dt",    "created_at",
      "nome",        "name",       "score",   "nota",   "idade", "peso",
      "weight",      "vl_pg",      "cd_tipo", "flag",   "ativo", "descricao",
      "Preço Médio", "ValorTotal", "cidade",  "UF",     "mes",   "ano"};
  const std::vector<std::string> labels = {
      "A",    "b", "Ação", "cama_mesa_banho", "Beleza & Saúde", "North", "sul", "X-1", "2019",
      "NULL", "5", "outro"};
  for (int t = 0; t < 4; ++t) {
    const std::string name = "g" + std::to_string(t) + "_" + words[rng() % words.size()];
    const int cols = 2 + static_cast<int>(rng() % 6);
    const int rows = t == 0 ? 1 : 1 + static_cast<int>(rng() % 40);
    std::vector<std::string> header = {"id"};
    std::vector<int> kind = {0};
    if (t > 0) {  // a key into the table before: real for g1, look-alike for the others
      header.push_back(g_tables.back().name.substr(0, 2) + "_id");
      kind.push_back(t == 1 ? 6 : 7);
    }
    for (int c = 0; c < cols; ++c) {
      std::string col = words[rng() % words.size()];
      for (char& ch : col) {
        if (ch == ' ') ch = '_';
      }
      col += "_" + std::to_string(c);
      header.push_back(col);
      kind.push_back(1 + static_cast<int>(rng() % 5));  // 1 int 2 double 3 text 4 date 5 bool
    }
    std::string csv;
    for (size_t c = 0; c < header.size(); ++c) csv += (c ? "," : "") + header[c];
    csv += "\n";
    const int null_only = static_cast<int>(rng() % header.size());
    for (int r = 0; r < rows; ++r) {
      for (size_t c = 0; c < header.size(); ++c) {
        if (c) csv += ",";
        if (static_cast<int>(c) == null_only && c > 0) continue;
        if (c > 0 && rng() % 10 == 0) continue;  // a NULL
        switch (kind[c]) {
          case 0:
            csv += std::to_string(r + 1);
            break;
          case 1:
            csv += std::to_string(static_cast<int>(rng() % 2000) - 100);
            break;
          case 2:
            csv += std::to_string((rng() % 100000) / 100.0);
            break;
          case 3:
            csv += "\"" + labels[rng() % labels.size()] + "\"";
            break;
          case 4:
            csv += Date(static_cast<int>(rng() % 900), 2018);
            break;
          case 5:
            csv += rng() % 2 ? "true" : "false";
            break;
          case 6:
            csv += "1";  // g0 has one row, id 1
            break;
          case 7:
            csv += std::to_string(1000 + rng() % 50);
            break;
        }
      }
      csv += "\n";
    }
    Add(name, csv, labels);
  }
}

// A dataset with no rows (no file makes one: ingest refuses files without rows), registered as
// ingest registers its tables.
void EmptyTable(App& app) {
  auto conn = app.pool().Acquire();
  if (!conn) std::abort();
  auto tx = db::Transaction::Begin(**conn);
  if (!tx) std::abort();
  if (!(*conn)->Query("CREATE TABLE vazia (id BIGINT, valor DOUBLE, categoria VARCHAR, quando "
                      "DATE, product_id VARCHAR)")) {
    std::abort();
  }
  catalog::Registration reg;
  reg.name = "vazia";
  reg.source = "vazia.csv";
  reg.format = "csv";
  if (!app.catalog().Register(**conn, reg) || !tx->Commit()) std::abort();
  g_tables.push_back({"vazia", {"id", "valor", "categoria", "quando", "product_id"}, {}});
}

// ---- a model that replies what the input says

class ScriptedProvider final : public llm::Provider {
 public:
  void Script(std::deque<std::string> replies) {
    std::lock_guard lock(mu_);
    replies_ = std::move(replies);
  }
  Result<llm::ChatResponse> Chat(const llm::ChatRequest&, const llm::DeltaFn&) override {
    std::lock_guard lock(mu_);
    if (replies_.empty()) return Fail(ErrorCode::kUnavailable, "the script is over");
    llm::ChatResponse r;
    r.content = std::move(replies_.front());
    replies_.pop_front();
    r.model = "fuzz";
    return r;
  }
  std::string Name() const override { return "fuzz@local"; }

 private:
  std::mutex mu_;
  std::deque<std::string> replies_;
};

App* g_app = nullptr;
ScriptedProvider* g_model = nullptr;  // owned by g_ask
ask::AskService* g_ask = nullptr;     // with g_model as its model

// ---- choices

class Choices {
 public:
  Choices(const uint8_t* data, size_t size) : data_(data), size_(size) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 1099511628211ull;
    rng_.seed(h);
  }
  size_t Next(size_t n) {
    if (n == 0) return 0;
    if (pos_ < size_) return data_[pos_++] % n;
    return rng_() % n;
  }
  template <class T>
  const T& Of(const std::vector<T>& v) {
    return v[Next(v.size())];
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  std::mt19937_64 rng_;
};

const std::vector<std::string> kWords = {"qual",
                                         "quais",
                                         "quantos",
                                         "quantas",
                                         "qual é o",
                                         "quanto",
                                         "média",
                                         "média de",
                                         "em média",
                                         "total",
                                         "soma",
                                         "somatório",
                                         "mediana",
                                         "máximo",
                                         "mínimo",
                                         "maior",
                                         "menor",
                                         "mais caros",
                                         "os 5",
                                         "top",
                                         "top 3",
                                         "ranking",
                                         "por",
                                         "por mês",
                                         "mês a mês",
                                         "ano a ano",
                                         "por dia",
                                         "por semana",
                                         "por trimestre",
                                         "ao longo do tempo",
                                         "evolução",
                                         "tendência",
                                         "como se "
                                         "distribui",
                                         "distribuição",
                                         "desvio padrão",
                                         "variância",
                                         "de",
                                         "do",
                                         "da",
                                         "dos",
                                         "das",
                                         "em",
                                         "no",
                                         "na",
                                         "com",
                                         "sem",
                                         "não",
                                         "exceto",
                                         "entre",
                                         "e",
                                         "ou",
                                         "acima de",
                                         "abaixo de",
                                         "maior que",
                                         "menor que",
                                         "pelo menos",
                                         "últimos 30 dias",
                                         "este ano",
                                         "ano passado",
                                         "hoje",
                                         "cada",
                                         "categoria",
                                         "pedidos",
                                         "produtos",
                                         "clientes",
                                         "avaliações",
                                         "recomendam",
                                         "itens",
                                         "vendas",
                                         "preço",
                                         "custo",
                                         "valor",
                                         "fechamento",
                                         "ajustado",
                                         "volume",
                                         "dias",
                                         "mulheres",
                                         "what",
                                         "which",
                                         "how many",
                                         "how much",
                                         "average",
                                         "mean",
                                         "sum of",
                                         "total",
                                         "median",
                                         "highest",
                                         "lowest",
                                         "most expensive",
                                         "cheapest",
                                         "top",
                                         "per",
                                         "by",
                                         "by month",
                                         "month over month",
                                         "year over year",
                                         "over time",
                                         "trend",
                                         "distribution of",
                                         "what does the distribution look like",
                                         "standard deviation",
                                         "of",
                                         "the",
                                         "in",
                                         "for",
                                         "with",
                                         "without",
                                         "not",
                                         "between",
                                         "and",
                                         "or",
                                         "above",
                                         "below",
                                         "more than",
                                         "less than",
                                         "at least",
                                         "last 30 days",
                                         "this year",
                                         "last year",
                                         "each",
                                         "orders",
                                         "products",
                                         "customers",
                                         "reviews",
                                         "female",
                                         "reviewers",
                                         "placed",
                                         "adjusted close",
                                         "closing price",
                                         "count",
                                         "distinct",
                                         "unique",
                                         "list",
                                         "show",
                                         "rows",
                                         "where",
                                         "is",
                                         "are",
                                         "was",
                                         "null",
                                         "empty",
                                         "missing",
                                         "?",
                                         ",",
                                         "(",
                                         ")",
                                         "'",
                                         "\"",
                                         "%",
                                         "-",
                                         "--",
                                         ";",
                                         "*",
                                         "=",
                                         ">",
                                         "<",
                                         ">=",
                                         "!=",
                                         "'; DROP TABLE orders; --",
                                         "\\",
                                         "_"};

const std::vector<std::string> kUnicode = {"\u200b",
                                           "\u200d",
                                           "\u202e",
                                           "\u00a0",
                                           "\U0001F600",
                                           "e\u0301",
                                           "\u2167",
                                           "\uff12\uff10\uff11\uff19",
                                           "\ufb01",
                                           "\U0001D538",
                                           "\u0000",
                                           "\t",
                                           "\n",
                                           "ß",
                                           "İ",
                                           "ǅ",
                                           "Ⓐ",
                                           "١٢٣",
                                           "漢字",
                                           "\u00ad",
                                           std::string(300, 'a'),
                                           "ááááááááááááááááááááááááá"};

std::string Number(Choices& c) {
  switch (c.Next(9)) {
    case 0:
      return std::to_string(c.Next(10));
    case 1:
      return std::to_string(c.Next(100000));
    case 2:
      return "-" + std::to_string(c.Next(1000));
    case 3:
      return std::to_string(c.Next(100)) + "," + std::to_string(c.Next(100));
    case 4:
      return std::to_string(c.Next(100)) + "." + std::to_string(c.Next(100));
    case 5:
      return "1e308";
    case 6:
      return "99999999999999999999999";
    case 7:
      return "0";
    default:
      return "R$ " + std::to_string(c.Next(5000));
  }
}

std::string DateWords(Choices& c) {
  static const std::vector<std::string> months = {"janeiro", "fevereiro", "março",    "dezembro",
                                                  "January", "March",     "December", "jan"};
  switch (c.Next(10)) {
    case 0:
      return std::to_string(2015 + c.Next(20));
    case 1:
      return "em " + std::to_string(2015 + c.Next(20));
    case 2:
      return c.Of(months) + " de " + std::to_string(2016 + c.Next(10));
    case 3:
      return "2018-02-30";
    case 4:
      return Pad(static_cast<int>(c.Next(32))) + "/" + Pad(static_cast<int>(c.Next(13))) + "/" +
             std::to_string(2016 + c.Next(10));
    case 5:
      return "Q" + std::to_string(c.Next(5)) + " " + std::to_string(2017 + c.Next(4));
    case 6:
      return "últimos " + std::to_string(c.Next(400)) + " dias";
    case 7:
      return "last " + std::to_string(c.Next(30)) + " months";
    case 8:
      return "between 2017 and 2019";
    default:
      return "0000-00-00";
  }
}

// A column name as a person might say it: as written, with spaces, capitalized, misspelled.
std::string Said(const std::string& name, Choices& c) {
  std::string s = name;
  switch (c.Next(5)) {
    case 0:
      break;
    case 1:
      for (char& ch : s) {
        if (ch == '_') ch = ' ';
      }
      break;
    case 2:
      for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      break;
    case 3:
      if (s.size() > 3) s.erase(c.Next(s.size()), 1);
      break;
    default:
      if (!s.empty()) s += "s";
      break;
  }
  return s;
}

std::string Question(Choices& c) {
  std::string q;
  const size_t tokens = 1 + c.Next(16);
  for (size_t i = 0; i < tokens; ++i) {
    const Table& t = c.Of(g_tables);
    std::string token;
    switch (c.Next(12)) {
      case 0:
      case 1:
      case 2:
      case 3:
        token = c.Of(kWords);
        break;
      case 4:
      case 5:
        token = t.columns.empty() ? "x" : Said(c.Of(t.columns), c);
        break;
      case 6:
        token = t.values.empty() ? "valor" : Said(c.Of(t.values), c);
        break;
      case 7:
        token = Number(c);
        break;
      case 8:
        token = DateWords(c);
        break;
      case 9:
        token = c.Of(kUnicode);
        break;
      default:
        token = Said(t.name, c);
        break;
    }
    if (!q.empty() && c.Next(8)) q += " ";
    q += token;
  }
  return q;
}

// A model's reply: a plan over any table and column, or something that is not one.
std::string ModelReply(Choices& c) {
  static const std::vector<std::string> shapes = {"scalar", "describe", "grouped", "series",
                                                  "top",    "rows",     "pie"};
  static const std::vector<std::string> aggregates = {
      "count", "count_distinct", "sum",      "mean", "median", "min",
      "max",   "std_dev",        "variance", "none", "avg",    "mode"};
  static const std::vector<std::string> buckets = {
      "none", "hour", "day", "week", "month", "quarter", "year", "day_of_week", "century"};
  switch (c.Next(12)) {
    case 0:
      return "I cannot answer that.";
    case 1:
      return R"({"error": "no such data"})";
    case 2:
      return "{\"table\": \"orders\", \"shape\": ";  // cut short
    default:
      break;
  }
  const Table& t = c.Of(g_tables);
  auto column = [&]() -> json {
    switch (c.Next(5)) {
      case 0:
        return nullptr;
      case 1: {
        const Table& other = c.Of(g_tables);
        return other.columns.empty() ? json("x") : json(other.name + "." + c.Of(other.columns));
      }
      case 2:
        return "nope.nothing";
      default:
        return t.columns.empty() ? json("x") : json(t.name + "." + c.Of(t.columns));
    }
  };
  json plan = {{"table", c.Next(20) ? t.name : "missing"},
               {"shape", c.Of(shapes)},
               {"aggregate", c.Of(aggregates)},
               {"measure", column()},
               {"group", column()},
               {"label", column()},
               {"time", column()},
               {"bucket", c.Of(buckets)}};
  std::string col = t.columns.empty() ? "id" : c.Of(t.columns);
  const std::vector<std::string> wheres = {
      "",
      "1=0",
      "\"" + t.name + "\".\"" + col + "\" IS NULL",
      "\"" + t.name + "\".\"" + col + "\" > 5",
      "\"" + t.name + "\".\"" + col + "\" = 'x'",
      "\"" + t.name + "\".\"" + col + "\" >= DATE '2031-01-01'",
      "(((",
      "1=1; DROP TABLE orders",
      "\"" + col + "\" IN (SELECT 1)",
      "random words"};
  plan["where"] = c.Of(wheres);
  if (c.Next(3) == 0) plan["joins"] = json::array({c.Of(g_tables).name});
  switch (c.Next(6)) {
    case 0:
      plan["limit"] = nullptr;
      break;
    case 1:
      plan["limit"] = -1;
      break;
    case 2:
      plan["limit"] = 100000;
      break;
    default:
      plan["limit"] = 1 + c.Next(10);
      break;
  }
  plan["descending"] = c.Next(2) == 0;
  if (c.Next(4) == 0) plan["confidence"] = c.Next(2) ? 7.5 : -3.0;
  return plan.dump();
}

[[noreturn]] void Broken(const std::string& what, const std::string& question) {
  std::fprintf(stderr, "ask_fuzz: %s\n  question: %s\n", what.c_str(), question.c_str());
  std::abort();
}

void CheckConfidence(const nlq::Plan& plan, const std::string& question, const char* which) {
  if (!std::isfinite(plan.confidence) || plan.confidence < 0 || plan.confidence > 1)
    Broken(std::string(which) + ": confidence " + std::to_string(plan.confidence) +
               " is outside [0, 1]",
           question);
}

// Every join follows a relationship the schema holds: declared or verified, never a name alone.
void CheckJoins(const nlq::Plan& plan, const nlq::Schema& schema, const std::string& question) {
  for (const auto& j : plan.joins) {
    bool found = false;
    for (const auto& r : schema.relations) {
      found |= r.from_table == j.left.table && r.from_column == j.left.column &&
               r.to_table == j.right.table && r.to_column == j.right.column;
    }
    if (!found)
      Broken("a join along " + j.left.table + "." + j.left.column + " -> " + j.right.table + "." +
                 j.right.column + " that no relationship holds",
             question);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::mt19937 rng(15);
  RealShaped(rng);
  Generated(rng);
  g_app = fuzz::OpenApp(g_csv, {{"sql.timeout_ms", "5000"}, {"log.level", "error"}});
  // The columns as ingest named them ("Valor (R$)" is valor_r).
  for (auto& t : g_tables) {
    auto info = g_app->catalog().Get(t.name);
    if (!info) Broken("no dataset " + t.name + ": " + info.error().ToText(), "");
    t.columns.clear();
    for (const auto& c : info->columns) t.columns.push_back(c.name);
  }
  EmptyTable(*g_app);
  auto model = std::make_unique<ScriptedProvider>();
  g_model = model.get();
  AskConfig config = g_app->config().ask;
  // Declared links: one the data also shows, one to a dataset that does not exist.
  config.relationships = {"order_items.order_id -> orders.order_id",
                          "shipments.order_id -> orders.order_id"};
  auto service = ask::AskService::Open(g_app->pool(), g_app->catalog(), g_app->query(), config,
                                       g_app->config().llm, std::move(model));
  if (!service) {
    std::fprintf(stderr, "ask_fuzz: %s\n", service.error().ToText().c_str());
    std::abort();
  }
  g_ask = service->release();
  // Every relationship considered once: the look-alike keys must be refused.
  auto relationships = g_ask->schema().Relationships();
  if (!relationships) std::abort();
  for (const auto& r : *relationships) {
    if (r.relation.from_table == "reviews" && r.relation.from_column == "department_id" &&
        r.origin != ask::Relationship::Origin::kRejected) {
      Broken("reviews.department_id -> departments.id was not refuted", "");
    }
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Choices c(data, size);
  ask::AskRequest request;
  const bool model = c.Next(4) == 0;
  request.engine = model ? ask::Engine::kLlm : ask::Engine::kBuiltin;
  request.policy = c.Next(2) ? sql::Policy::kStrict : sql::Policy::kStandard;
  if (c.Next(5) == 0)
    request.language = c.Next(2) ? nlq::Language::kEnglish : nlq::Language::kPortuguese;
  if (c.Next(6) == 0) request.dataset = c.Next(8) ? c.Of(g_tables).name : "nao_existe";
  request.question = Question(c);
  if (model) {
    std::deque<std::string> replies;
    for (size_t i = 0, n = 1 + c.Next(4); i < n; ++i) replies.push_back(ModelReply(c));
    // The insight, after the plans.
    replies.push_back(c.Next(2) ? R"({"insight": "A long enough insight text for the answer."})"
                                : "```");
    g_model->Script(std::move(replies));
  }
  auto schema = g_ask->schema().Get();
  if (!schema) Broken("no schema: " + schema.error().ToText(), request.question);

  auto answer = g_ask->Ask(request);
  if (answer) {
    CheckConfidence(answer->plan, request.question, "the plan");
    for (const auto& p : answer->candidates) CheckConfidence(p, request.question, "a candidate");
    if (answer->status == ask::AnswerStatus::kOk)
      CheckJoins(answer->plan, **schema, request.question);
    for (const auto& row : answer->result.rows) {
      if (row.size() != answer->result.columns.size())
        Broken("a row of the answer has " + std::to_string(row.size()) + " values for " +
                   std::to_string(answer->result.columns.size()) + " columns",
               request.question);
    }
    // What the API sends.
    (void)wire::Dump(wire::ToJson(*answer));
  } else if (answer.error().code == ErrorCode::kInternal) {
    Broken("internal error: " + answer.error().ToText(), request.question);
  }
  // What `sagaz ask --explain` shows.
  if (model) g_model->Script({ModelReply(c)});
  if (auto read = g_ask->Interpret(request)) {
    CheckConfidence(read->plan, request.question, "the explained plan");
    CheckJoins(read->plan, **schema, request.question);
    (void)wire::Dump(wire::ToJson(read->plan));
  }
  return 0;
}
