// A tokenizer and a recursive-descent parser for the `when` language (no library here parses a
// language this small; the grammar is in expr.hpp):
//
//   or      := and (("or" | "||") and)*
//   and     := not (("and" | "&&") not)*
//   not     := ("not" | "!") not | compare
//   compare := value (("==" | "!=" | "<" | "<=" | ">" | ">=") value)?
//   value   := number | string | true | false | null | path | "(" or ")"
#include "workflows/expr.hpp"

#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>
#include <variant>

namespace sagaz::workflows {

namespace {

constexpr size_t kMaxLength = 4096;
constexpr int kMaxDepth = 64;

Error ErrorAt(size_t pos, std::string message) {
  return Error(ErrorCode::kInvalidArgument, std::move(message))
      .With("column", std::to_string(pos + 1));
}

bool IsNameStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsNameChar(char c) {
  return IsNameStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-';
}

}  // namespace

Result<Path> ParsePath(std::string_view text) {
  Path path;
  path.text = std::string(text);
  size_t i = 0;
  auto name = [&]() -> Result<std::string> {
    const size_t start = i;
    if (i >= text.size() || !IsNameStart(text[i])) return Fail(ErrorAt(i, "expected a name"));
    while (i < text.size() && IsNameChar(text[i])) ++i;
    return std::string(text.substr(start, i - start));
  };
  path.segments.push_back({.name = SAGAZ_TRY(name())});
  while (i < text.size()) {
    if (text[i] == '.') {
      ++i;
      path.segments.push_back({.name = SAGAZ_TRY(name())});
    } else if (text[i] == '[') {
      ++i;
      const size_t start = i;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
      size_t index = 0;
      const auto [end, ec] = std::from_chars(text.data() + start, text.data() + i, index);
      if (start == i || ec != std::errc() || end != text.data() + i)
        return Fail(ErrorAt(start, "expected a list index"));
      if (i >= text.size() || text[i] != ']') return Fail(ErrorAt(i, "expected ']'"));
      ++i;
      path.segments.push_back({.name = {}, .index = index});
    } else {
      return Fail(ErrorAt(i, "unexpected character in a reference"));
    }
  }
  return path;
}

Json Lookup(const Json& root, const Path& path) {
  const Json* at = &root;
  for (const auto& s : path.segments) {
    if (!s.name.empty()) {
      if (!at->is_object()) return nullptr;
      const auto it = at->find(s.name);
      if (it == at->end()) return nullptr;
      at = &*it;
    } else {
      if (!at->is_array() || s.index >= at->size()) return nullptr;
      at = &(*at)[s.index];
    }
  }
  return *at;
}

// One node of the tree: a literal, a reference, or an operator over children.
struct Expression::Node {
  enum class Kind { kLiteral, kPath, kNot, kAnd, kOr, kEq, kNe, kLt, kLe, kGt, kGe };
  Kind kind = Kind::kLiteral;
  Json literal;
  size_t path = 0;  // index into references_
  std::unique_ptr<Node> left, right;
};

namespace {

using Node = Expression::Node;

struct Token {
  enum class Type { kEnd, kNumber, kString, kName, kOp, kLParen, kRParen };
  Type type = Type::kEnd;
  std::string text;  // names, operators; decoded strings
  double number = 0;
  size_t pos = 0;
};

Result<std::vector<Token>> Tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (true) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    Token t;
    t.pos = i;
    if (i >= s.size()) {
      out.push_back(t);
      return out;
    }
    const char c = s[i];
    if (c == '(' || c == ')') {
      t.type = c == '(' ? Token::Type::kLParen : Token::Type::kRParen;
      ++i;
    } else if (c == '"' || c == '\'') {
      t.type = Token::Type::kString;
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == c) {
          closed = true;
          ++i;
          break;
        }
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        t.text += s[i++];
      }
      if (!closed) return Fail(ErrorAt(t.pos, "unterminated string"));
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               ((c == '-' || c == '.') && i + 1 < s.size() &&
                (std::isdigit(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '.'))) {
      t.type = Token::Type::kNumber;
      size_t j = i + 1;
      while (j < s.size() &&
             (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.' || s[j] == 'e' ||
              s[j] == 'E' ||
              ((s[j] == '+' || s[j] == '-') && (s[j - 1] == 'e' || s[j - 1] == 'E'))))
        ++j;
      const auto [end, ec] = std::from_chars(s.data() + i, s.data() + j, t.number);
      if (ec != std::errc() || end != s.data() + j || !std::isfinite(t.number))
        return Fail(ErrorAt(i, "malformed number '" + std::string(s.substr(i, j - i)) + "'"));
      i = j;
    } else if (IsNameStart(c)) {
      t.type = Token::Type::kName;
      size_t j = i;
      // A reference keeps its dots and [n] indexes in one token.
      while (j < s.size() && (IsNameChar(s[j]) || s[j] == '.' || s[j] == '[' || s[j] == ']')) ++j;
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else {
      static constexpr std::string_view kOps[] = {"==", "!=", "<=", ">=", "&&",
                                                  "||", "<",  ">",  "!",  "="};
      bool matched = false;
      for (const auto op : kOps) {
        if (s.substr(i, op.size()) == op) {
          t.type = Token::Type::kOp;
          t.text = op == "=" ? "==" : std::string(op);
          i += op.size();
          matched = true;
          break;
        }
      }
      if (!matched) return Fail(ErrorAt(i, "unexpected character '" + std::string(1, c) + "'"));
    }
    out.push_back(std::move(t));
  }
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::vector<Path>& refs)
      : tokens_(std::move(tokens)), refs_(refs) {}

  Result<std::unique_ptr<Node>> Parse() {
    auto root = SAGAZ_TRY(Or(0));
    if (Peek().type != Token::Type::kEnd)
      return Fail(ErrorAt(Peek().pos, "unexpected '" + Peek().text + "' after the expression"));
    return root;
  }

 private:
  const Token& Peek() const { return tokens_[at_]; }
  bool IsWord(std::string_view w) const {
    return Peek().type == Token::Type::kName && Peek().text == w;
  }
  bool IsOp(std::string_view op) const {
    return Peek().type == Token::Type::kOp && Peek().text == op;
  }

  static std::unique_ptr<Node> Binary(Node::Kind kind, std::unique_ptr<Node> l,
                                      std::unique_ptr<Node> r) {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->left = std::move(l);
    n->right = std::move(r);
    return n;
  }

  Status Deeper(int depth) const {
    if (depth > kMaxDepth) return Fail(ErrorAt(Peek().pos, "the expression is nested too deeply"));
    return Ok();
  }

  Result<std::unique_ptr<Node>> Or(int depth) {
    SAGAZ_TRY(Deeper(depth));
    auto left = SAGAZ_TRY(And(depth + 1));
    while (IsWord("or") || IsOp("||")) {
      ++at_;
      left = Binary(Node::Kind::kOr, std::move(left), SAGAZ_TRY(And(depth + 1)));
    }
    return left;
  }

  Result<std::unique_ptr<Node>> And(int depth) {
    auto left = SAGAZ_TRY(Not(depth + 1));
    while (IsWord("and") || IsOp("&&")) {
      ++at_;
      left = Binary(Node::Kind::kAnd, std::move(left), SAGAZ_TRY(Not(depth + 1)));
    }
    return left;
  }

  Result<std::unique_ptr<Node>> Not(int depth) {
    SAGAZ_TRY(Deeper(depth));
    if (IsWord("not") || IsOp("!")) {
      ++at_;
      auto n = std::make_unique<Node>();
      n->kind = Node::Kind::kNot;
      n->left = SAGAZ_TRY(Not(depth + 1));
      return n;
    }
    return Compare(depth + 1);
  }

  Result<std::unique_ptr<Node>> Compare(int depth) {
    auto left = SAGAZ_TRY(Value(depth + 1));
    static constexpr std::pair<std::string_view, Node::Kind> kCompare[] = {
        {"==", Node::Kind::kEq}, {"!=", Node::Kind::kNe}, {"<", Node::Kind::kLt},
        {"<=", Node::Kind::kLe}, {">", Node::Kind::kGt},  {">=", Node::Kind::kGe}};
    for (const auto& [op, kind] : kCompare) {
      if (IsOp(op)) {
        ++at_;
        return Binary(kind, std::move(left), SAGAZ_TRY(Value(depth + 1)));
      }
    }
    return left;
  }

  Result<std::unique_ptr<Node>> Value(int depth) {
    SAGAZ_TRY(Deeper(depth));
    const Token& t = Peek();
    auto n = std::make_unique<Node>();
    switch (t.type) {
      case Token::Type::kNumber:
        n->literal = t.number;
        break;
      case Token::Type::kString:
        n->literal = t.text;
        break;
      case Token::Type::kLParen: {
        ++at_;
        auto inner = SAGAZ_TRY(Or(depth + 1));
        if (Peek().type != Token::Type::kRParen) return Fail(ErrorAt(Peek().pos, "expected ')'"));
        ++at_;
        return inner;
      }
      case Token::Type::kName:
        if (t.text == "true" || t.text == "false") {
          n->literal = t.text == "true";
        } else if (t.text == "null") {
          n->literal = nullptr;
        } else if (t.text == "and" || t.text == "or" || t.text == "not") {
          return Fail(ErrorAt(t.pos, "expected a value before '" + t.text + "'"));
        } else {
          auto path = ParsePath(t.text);
          if (!path) {
            const auto col = std::string(path.error().Detail("column"));
            return Fail(ErrorAt(t.pos + (col.empty() ? 0 : std::stoul(col) - 1),
                                path.error().message + " in '" + t.text + "'"));
          }
          n->kind = Node::Kind::kPath;
          n->path = refs_.size();
          refs_.push_back(std::move(*path));
        }
        break;
      case Token::Type::kEnd:
        return Fail(ErrorAt(t.pos, "the expression ends where a value was expected"));
      default:
        return Fail(ErrorAt(t.pos, "expected a value, found '" + t.text + "'"));
    }
    ++at_;
    return n;
  }

  std::vector<Token> tokens_;
  std::vector<Path>& refs_;
  size_t at_ = 0;
};

bool Truthy(const Json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  return !v.empty();
}

// -1, 0, 1, or nullopt when the two cannot be ordered.
std::optional<int> Order(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) {
    const double x = a.get<double>(), y = b.get<double>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.is_string() && b.is_string()) {
    const int c = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (a.is_boolean() && b.is_boolean()) return int(a.get<bool>()) - int(b.get<bool>());
  if (a.is_null() && b.is_null()) return 0;
  return std::nullopt;
}

Json Eval(const Node& n, const std::vector<Path>& refs, const Resolver& resolve) {
  using K = Node::Kind;
  switch (n.kind) {
    case K::kLiteral:
      return n.literal;
    case K::kPath:
      return resolve(refs[n.path]);
    case K::kNot:
      return !Truthy(Eval(*n.left, refs, resolve));
    case K::kAnd:
      return Truthy(Eval(*n.left, refs, resolve)) && Truthy(Eval(*n.right, refs, resolve));
    case K::kOr:
      return Truthy(Eval(*n.left, refs, resolve)) || Truthy(Eval(*n.right, refs, resolve));
    default:
      break;
  }
  const Json a = Eval(*n.left, refs, resolve), b = Eval(*n.right, refs, resolve);
  if (n.kind == K::kEq || n.kind == K::kNe) {
    const auto o = Order(a, b);
    const bool equal = o ? *o == 0 : a == b;
    return n.kind == K::kEq ? equal : !equal;
  }
  const auto o = Order(a, b);
  if (!o || a.is_null()) return false;
  switch (n.kind) {
    case K::kLt:
      return *o < 0;
    case K::kLe:
      return *o <= 0;
    case K::kGt:
      return *o > 0;
    default:
      return *o >= 0;
  }
}

}  // namespace

Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

Result<Expression> Expression::Parse(std::string_view text) {
  if (text.size() > kMaxLength)
    return Fail(Error(ErrorCode::kInvalidArgument, "the expression is longer than 4096 bytes"));
  Expression e;
  e.text_ = std::string(text);
  auto tokens = SAGAZ_TRY(Tokenize(text));
  if (tokens.size() == 1) return Fail(ErrorAt(0, "the expression is empty"));
  Parser parser(std::move(tokens), e.references_);
  e.root_ = SAGAZ_TRY(parser.Parse());
  return e;
}

bool Expression::Evaluate(const Resolver& resolve) const {
  return Truthy(Eval(*root_, references_, resolve));
}

}  // namespace sagaz::workflows
