// The OpenAPI document (src/server/openapi/openapi.yaml, served at /api/v1/openapi.json) against
// the server itself:
//   - the route table is built in-process (an App on a temporary directory, RegisterRoutes on an
//     http::Server that never listens), so the registered routes are read, not guessed;
//   - every registered route is documented, the document names no route that does not exist, and
//     each route's documented security and permission agree with its registered access;
//   - a real `sagaz serve` serves that same document, its answers match the documented schemas,
//     and the docs page at /docs is served with its scripts and styles.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "assets/assets.hpp"
#include "core/config.hpp"
#include "server/http.hpp"
#include "server/server.hpp"
#include "support/support.hpp"

namespace sagaz {
namespace {

using Json = nlohmann::json;
using Route = http::Server::RouteInfo;

// ---- the route table and the document -----------------------------------------------------------

// The routes RegisterRoutes registers for an App with this configuration.
std::vector<Route> RouteTable(const std::function<void(Config&)>& configure = [](Config&) {}) {
  testing::TestApp app(configure);
  http::Server server(http::ServerOptions{.port = 0});
  server::RegisterRoutes(server, app.app());
  return server.Routes();
}

// Configuration keys a route's access may depend on (`x-sagaz-public-when`), and how to turn each
// one off.
const std::map<std::string, std::function<void(Config&)>>& AccessSwitches() {
  static const std::map<std::string, std::function<void(Config&)>> switches = {
      {"observability.metrics_public", [](Config& c) { c.observability.metrics_public = false; }},
  };
  return switches;
}

Json EmbeddedDocument() {
  auto file = assets::Find(assets::Bundle::kDocs, "/openapi.json");
  if (!file) return nullptr;
  return Json::parse(file->data, nullptr, /*allow_exceptions=*/false);
}

// The node at a JSON pointer ("/components/schemas/Job"), or null when there is none.
Json At(const Json& j, const std::string& pointer) {
  const Json::json_pointer p(pointer);
  return j.contains(p) ? j.at(p) : Json();
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

constexpr const char* kMethods[] = {"get",     "put",  "post",  "delete",
                                    "options", "head", "patch", "trace"};

// Follows a local $ref ("#/components/schemas/Job"); returns the node itself otherwise.
const Json& Resolve(const Json& doc, const Json& node) {
  const Json* at = &node;
  for (int hops = 0; hops < 16 && at->is_object() && at->contains("$ref"); ++hops) {
    const std::string ref = (*at)["$ref"].get<std::string>();
    if (!ref.starts_with("#/")) break;
    const Json::json_pointer pointer(ref.substr(1));
    if (!doc.contains(pointer)) break;
    at = &doc.at(pointer);
  }
  return *at;
}

// True when the security requirements let a caller without credentials through.
bool AllowsAnonymous(const Json& security) {
  if (security.empty()) return true;
  return std::any_of(security.begin(), security.end(),
                     [](const Json& requirement) { return requirement.empty(); });
}

// Everything that is wrong with `doc` as a description of `routes`; empty when it agrees.
std::vector<std::string> CompareWithRoutes(const Json& doc, const std::vector<Route>& routes) {
  std::vector<std::string> problems;
  std::set<std::pair<std::string, std::string>> registered;
  for (const auto& r : routes) registered.insert({Lower(r.method), r.pattern});

  const Json& paths = doc["paths"];
  for (auto path = paths.begin(); path != paths.end(); ++path) {
    for (const char* method : kMethods) {
      if (path.value().contains(method) && !registered.contains({method, path.key()})) {
        problems.push_back("the document names " + Lower(method) + " " + path.key() +
                           ", which the server does not register");
      }
    }
  }

  const Json& global_security = doc.value("security", Json::array());
  for (const auto& r : routes) {
    const std::string where = r.method + " " + r.pattern;
    const std::string method = Lower(r.method);
    if (!paths.contains(r.pattern) || !paths[r.pattern].contains(method)) {
      problems.push_back(where + " is registered (access '" + r.access +
                         "') but missing from the document");
      continue;
    }
    const Json& op = paths[r.pattern][method];
    const Json& security = op.contains("security") ? op["security"] : global_security;
    const bool anonymous = AllowsAnonymous(security);
    const bool has_permission = op.contains("x-sagaz-permission");
    const std::string description = op.value("description", "");
    if (r.access == http::kPublic) {
      if (!anonymous) problems.push_back(where + " is public but documented as needing a token");
      if (has_permission && !op.contains("x-sagaz-public-when")) {
        problems.push_back(where + " is public but documents x-sagaz-permission '" +
                           op["x-sagaz-permission"].get<std::string>() +
                           "' without saying when (x-sagaz-public-when)");
      }
      continue;
    }
    if (anonymous) problems.push_back(where + " needs '" + r.access + "' but is documented public");
    if (!has_permission) {
      problems.push_back(where + " needs '" + r.access + "' but has no x-sagaz-permission");
    } else if (op["x-sagaz-permission"] != r.access) {
      problems.push_back(where + " needs '" + r.access + "' but documents '" +
                         op["x-sagaz-permission"].dump() + "'");
    }
    if (description.find("`" + r.access + "`") == std::string::npos) {
      problems.push_back(where + ": the description does not name the `" + r.access +
                         "` permission");
    }
    for (const auto& requirement : security) {
      for (auto scheme = requirement.begin(); scheme != requirement.end(); ++scheme) {
        if (scheme.key() != "bearerAuth" && scheme.key() != "apiKeyAuth") {
          problems.push_back(where + " names an unknown security scheme '" + scheme.key() + "'");
        }
      }
    }
    for (const char* status : {"401", "403"}) {
      if (!op["responses"].contains(status)) {
        problems.push_back(where + " needs a token but documents no " + status + " response");
      }
    }
  }
  return problems;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += "  " + l + "\n";
  return out;
}

// ---- a small JSON Schema check for the subset the document uses ---------------------------------
//
// Written here because no JSON Schema validator is among the project's C++ dependencies. It knows
// $ref, type (one or a list), const, enum, properties, required, additionalProperties, items,
// allOf, oneOf and anyOf. An object schema with `properties` and no `additionalProperties` is
// closed: a field the server sends that the document does not name is reported.
class SchemaCheck {
 public:
  explicit SchemaCheck(const Json& doc) : doc_(doc) {}

  std::vector<std::string> Errors(const Json& schema, const Json& value) {
    errors_.clear();
    Check(schema, value, "$", /*closed=*/true);
    return errors_;
  }

 private:
  static bool HasType(const Json& value, const std::string& type) {
    if (type == "null") return value.is_null();
    if (type == "boolean") return value.is_boolean();
    if (type == "string") return value.is_string();
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "number") return value.is_number();
    if (type == "integer") {
      return value.is_number_integer() ||
             (value.is_number_float() && std::trunc(value.get<double>()) == value.get<double>());
    }
    return false;
  }

  // The property names a schema (and its allOf members) declares, and whether it is open.
  void Declared(const Json& schema, std::set<std::string>& names, bool& open) {
    const Json& s = Resolve(doc_, schema);
    if (!s.is_object()) return;
    if (s.contains("properties")) {
      for (auto it = s["properties"].begin(); it != s["properties"].end(); ++it) {
        names.insert(it.key());
      }
    }
    if (s.contains("additionalProperties") && s["additionalProperties"] != false) open = true;
    if (!s.contains("properties") && !s.contains("allOf")) open = true;
    if (s.contains("allOf")) {
      for (const auto& part : s["allOf"]) Declared(part, names, open);
    }
  }

  void Check(const Json& schema_ref, const Json& value, const std::string& at, bool closed) {
    const Json& s = Resolve(doc_, schema_ref);
    if (!s.is_object()) return;
    if (s.contains("type")) {
      const Json& t = s["type"];
      const bool ok = t.is_string() ? HasType(value, t.get<std::string>())
                                    : std::any_of(t.begin(), t.end(), [&](const Json& one) {
                                        return HasType(value, one.get<std::string>());
                                      });
      if (!ok) {
        errors_.push_back(at + ": " + value.dump().substr(0, 80) + " is not of type " + t.dump());
        return;
      }
    }
    if (s.contains("const") && value != s["const"]) {
      errors_.push_back(at + ": " + value.dump() + " is not " + s["const"].dump());
    }
    if (s.contains("enum") &&
        std::find(s["enum"].begin(), s["enum"].end(), value) == s["enum"].end()) {
      errors_.push_back(at + ": " + value.dump() + " is not one of " + s["enum"].dump());
    }
    if (s.contains("allOf")) {
      for (const auto& part : s["allOf"]) Check(part, value, at, /*closed=*/false);
    }
    for (const char* key : {"oneOf", "anyOf"}) {
      if (!s.contains(key)) continue;
      bool matched = false;
      std::vector<std::string> saved = std::move(errors_);
      std::string first_failure;
      for (const auto& option : s[key]) {
        errors_.clear();
        Check(option, value, at, closed);
        if (errors_.empty()) {
          matched = true;
          break;
        }
        if (first_failure.empty()) first_failure = errors_.front();
      }
      errors_ = std::move(saved);
      if (!matched) {
        errors_.push_back(at + ": matches none of " + key + " (" + first_failure + ")");
      }
    }
    if (value.is_object()) {
      if (s.contains("required")) {
        for (const auto& name : s["required"]) {
          if (!value.contains(name.get<std::string>())) {
            errors_.push_back(at + ": the required field '" + name.get<std::string>() +
                              "' is missing");
          }
        }
      }
      const Json* additional =
          s.contains("additionalProperties") ? &s["additionalProperties"] : nullptr;
      std::set<std::string> names;
      bool open = false;
      Declared(s, names, open);
      for (auto it = value.begin(); it != value.end(); ++it) {
        const std::string field = at + "." + it.key();
        if (s.contains("properties") && s["properties"].contains(it.key())) {
          Check(s["properties"][it.key()], it.value(), field, true);
        } else if (additional && additional->is_object()) {
          Check(*additional, it.value(), field, true);
        } else if (closed && !open && !names.contains(it.key()) &&
                   (s.contains("properties") || s.contains("allOf"))) {
          errors_.push_back(field + " is not in the document");
        }
      }
    }
    if (value.is_array() && s.contains("items")) {
      for (size_t i = 0; i < value.size(); ++i) {
        Check(s["items"], value[i], at + "[" + std::to_string(i) + "]", true);
      }
    }
  }

  const Json& doc_;
  std::vector<std::string> errors_;
};

// ---- in-process: the document against the route table
// --------------------------------------------

TEST(OpenApiDocument, IsAnOpenApi31DocumentWithBothSecuritySchemes) {
  const Json doc = EmbeddedDocument();
  ASSERT_TRUE(doc.is_object()) << "the docs bundle has no valid openapi.json";
  EXPECT_TRUE(doc.value("openapi", "").starts_with("3.1.")) << At(doc, "/openapi");
  const Json schemes = At(doc, "/components/securitySchemes");
  EXPECT_EQ(At(schemes, "/bearerAuth/type"), "http");
  EXPECT_EQ(At(schemes, "/bearerAuth/scheme"), "bearer");
  EXPECT_EQ(At(schemes, "/bearerAuth/bearerFormat"), "JWT");
  EXPECT_EQ(At(schemes, "/apiKeyAuth/type"), "apiKey");
  EXPECT_EQ(At(schemes, "/apiKeyAuth/in"), "header");
  EXPECT_EQ(At(schemes, "/apiKeyAuth/name"), "X-API-Key");
  for (const char* schema : {"Error", "Dataset", "Job", "Tokens", "IngestReport", "SqlResult"}) {
    EXPECT_TRUE(At(doc, "/components/schemas").contains(schema)) << schema;
  }
}

TEST(OpenApiDocument, DescribesEveryRegisteredRouteAndNoOther) {
  const Json doc = EmbeddedDocument();
  ASSERT_TRUE(doc.is_object());
  const auto routes = RouteTable();
  ASSERT_GT(routes.size(), 30u);
  const auto problems = CompareWithRoutes(doc, routes);
  EXPECT_TRUE(problems.empty()) << "src/server/openapi/openapi.yaml disagrees with the routes:\n"
                                << JoinLines(problems);
}

// A route whose access depends on configuration (/metrics) documents the permission it needs
// when the switch is off; check it with the switch off.
TEST(OpenApiDocument, ConfigDependentAccessNamesItsPermission) {
  const Json doc = EmbeddedDocument();
  ASSERT_TRUE(doc.is_object());
  int checked = 0;
  for (auto path = doc["paths"].begin(); path != doc["paths"].end(); ++path) {
    for (const char* method : kMethods) {
      if (!path.value().contains(method)) continue;
      const Json& op = path.value()[method];
      if (!op.contains("x-sagaz-public-when")) continue;
      const std::string key = op["x-sagaz-public-when"].get<std::string>();
      ASSERT_TRUE(AccessSwitches().contains(key))
          << path.key() << ": add '" << key << "' to AccessSwitches() in this test";
      const auto routes = RouteTable(AccessSwitches().at(key));
      auto it = std::find_if(routes.begin(), routes.end(), [&](const Route& r) {
        return Lower(r.method) == method && r.pattern == path.key();
      });
      ASSERT_NE(it, routes.end()) << path.key();
      EXPECT_EQ(it->access, op.value("x-sagaz-permission", ""))
          << path.key() << " with " << key << " off";
      ++checked;
    }
  }
  EXPECT_GE(checked, 1) << "/metrics should say when it is public";
}

TEST(OpenApiDocument, EveryOperationHasAnIdAndErrorsUseTheEnvelope) {
  const Json doc = EmbeddedDocument();
  ASSERT_TRUE(doc.is_object());
  std::vector<std::string> problems;
  std::set<std::string> ids;
  for (auto path = doc["paths"].begin(); path != doc["paths"].end(); ++path) {
    for (const char* method : kMethods) {
      if (!path.value().contains(method)) continue;
      const Json& op = path.value()[method];
      const std::string where = std::string(method) + " " + path.key();
      const std::string id = op.value("operationId", "");
      if (id.empty() || !ids.insert(id).second) problems.push_back(where + ": operationId");
      if (!op.contains("tags") || op["tags"].empty()) problems.push_back(where + ": no tag");
      if (!op["responses"].contains("500")) problems.push_back(where + ": no 500 response");
      for (auto r = op["responses"].begin(); r != op["responses"].end(); ++r) {
        if (r.key() < "400") continue;
        // Readiness answers 503 with its report, not an error envelope.
        if (path.key() == "/api/v1/ready" && r.key() == "503") continue;
        const Json& response = Resolve(doc, r.value());
        const Json schema = At(response, "/content/application~1json/schema");
        if (schema != Json{{"$ref", "#/components/schemas/Error"}}) {
          problems.push_back(where + " " + r.key() + ": not the error envelope");
        }
      }
    }
  }
  EXPECT_TRUE(problems.empty()) << JoinLines(problems);
}

// ---- a real server: the served document, real answers against their schemas, the docs page ------

class OpenApiServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new testing::ServerProcess(); }
  static void TearDownTestSuite() {
    EXPECT_EQ(server_->Stop(), 0) << "graceful shutdown";
    delete server_;
  }

  // Calls a route and checks the answer against the document's schema for its status.
  void ExpectDocumented(const Json& doc, const std::string& method, const std::string& pattern,
                        const httplib::Result& r) {
    ASSERT_TRUE(r) << method << " " << pattern;
    SCOPED_TRACE(method + " " + pattern + " -> " + std::to_string(r->status));
    const Json::json_pointer path =
        Json::json_pointer("/paths") / pattern / Lower(method) / "responses";
    ASSERT_TRUE(doc.contains(path)) << "undocumented route";
    const std::string status = std::to_string(r->status);
    ASSERT_TRUE(doc.at(path).contains(status)) << "undocumented status: " << r->body;
    const Json& response = Resolve(doc, doc.at(path).at(status));
    if (r->status == 204) return;
    const std::string type = r->get_header_value("Content-Type");
    ASSERT_TRUE(response.contains("content")) << "documented without a body: " << r->body;
    ASSERT_TRUE(response["content"].contains(type)) << "undocumented content type " << type;
    if (type != "application/json") return;
    const Json body = Json::parse(r->body, nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << r->body;
    const auto errors = SchemaCheck(doc).Errors(response.at("content").at(type).at("schema"), body);
    EXPECT_TRUE(errors.empty()) << JoinLines(errors) << r->body.substr(0, 2000);
  }

  static testing::ServerProcess* server_;
};

testing::ServerProcess* OpenApiServerTest::server_ = nullptr;

TEST_F(OpenApiServerTest, ServesTheDocumentOfItsRoutesWithoutAToken) {
  auto r = server_->Client(/*authenticated=*/false).Get("/api/v1/openapi.json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  const Json served = Json::parse(r->body, nullptr, false);
  ASSERT_TRUE(served.is_object());
  EXPECT_EQ(served, EmbeddedDocument()) << "the server serves the document of this build";
  const auto problems = CompareWithRoutes(served, RouteTable());
  EXPECT_TRUE(problems.empty()) << JoinLines(problems);
}

TEST_F(OpenApiServerTest, AnswersMatchTheDocumentedSchemas) {
  const Json doc = EmbeddedDocument();
  ASSERT_TRUE(doc.is_object());
  auto c = server_->Client();
  auto anonymous = server_->Client(/*authenticated=*/false);
  const std::string csv =
      "produto;valor;data\nabc;1,5;2026-01-02\ndef;2,25;2026-01-03\n"
      "ghi;3;2026-01-04\n";
  httplib::MultipartFormDataItems form = {{"name", "vendas", "", ""},
                                          {"file", csv, "vendas.csv", "text/csv"}};
  ExpectDocumented(doc, "POST", "/api/v1/datasets", c.Post("/api/v1/datasets", form));
  ExpectDocumented(doc, "POST", "/api/v1/datasets", c.Post("/api/v1/datasets", form));  // 409
  httplib::MultipartFormDataItems async_form = {{"name", "vendas_job", "", ""},
                                                {"async", "true", "", ""},
                                                {"file", csv, "vendas.csv", "text/csv"}};
  ExpectDocumented(doc, "POST", "/api/v1/datasets", c.Post("/api/v1/datasets", async_form));

  const std::vector<std::pair<std::string, std::string>> gets = {
      {"/api/v1/health", "/api/v1/health"},
      {"/api/v1/ready", "/api/v1/ready"},
      {"/api/v1/version", "/api/v1/version"},
      {"/metrics", "/metrics"},
      {"/api/v1/system/status", "/api/v1/system/status"},
      {"/api/v1/analytics/usage", "/api/v1/analytics/usage"},
      {"/api/v1/analytics/usage", "/api/v1/analytics/usage?start_date=yesterday"},
      {"/api/v1/analytics/performance", "/api/v1/analytics/performance"},
      {"/api/v1/auth/me", "/api/v1/auth/me"},
      {"/api/v1/users", "/api/v1/users"},
      {"/api/v1/auth/api-keys", "/api/v1/auth/api-keys?all=true"},
      {"/api/v1/jobs", "/api/v1/jobs"},
      {"/api/v1/jobs", "/api/v1/jobs?limit=0"},
      {"/api/v1/jobs/{id}", "/api/v1/jobs/job_missing"},
      {"/api/v1/datasets", "/api/v1/datasets?limit=1"},
      {"/api/v1/datasets/{name}", "/api/v1/datasets/vendas"},
      {"/api/v1/datasets/{name}", "/api/v1/datasets/missing"},
      {"/api/v1/datasets/{name}/profile", "/api/v1/datasets/vendas/profile"},
      {"/api/v1/datasets/{name}/sample", "/api/v1/datasets/vendas/sample?limit=2"},
      {"/api/v1/stats/statistics", "/api/v1/stats/statistics"},
  };
  for (const auto& [pattern, url] : gets) ExpectDocumented(doc, "GET", pattern, c.Get(url));
  ExpectDocumented(doc, "GET", "/api/v1/auth/me", anonymous.Get("/api/v1/auth/me"));
  ExpectDocumented(doc, "GET", "/api/v1/datasets", anonymous.Get("/api/v1/datasets"));

  const std::vector<std::tuple<std::string, std::string, Json>> posts = {
      {"/api/v1/auth/login",
       "/api/v1/auth/login",
       {{"username", testing::kAdminUser}, {"password", testing::kAdminPassword}}},
      {"/api/v1/auth/login", "/api/v1/auth/login", {{"username", "nobody"}, {"password", "x"}}},
      {"/api/v1/auth/refresh", "/api/v1/auth/refresh", {{"refresh_token", "sgr_unknown"}}},
      {"/api/v1/auth/api-keys", "/api/v1/auth/api-keys", {{"name", "openapi-test"}}},
      {"/api/v1/users",
       "/api/v1/users",
       {{"username", "vera"}, {"role", "viewer"}, {"password", "a long passphrase"}}},
      {"/api/v1/sql", "/api/v1/sql", {{"sql", "SELECT produto, valor FROM vendas"}}},
      {"/api/v1/sql", "/api/v1/sql", {{"sql", "SELECT * FROM read_csv('/etc/passwd')"}}},
      {"/api/v1/stats",
       "/api/v1/stats",
       {{"dataset", "vendas"}, {"stats", {"all"}}, {"histogram", 3}, {"trend", "data"}}},
      {"/api/v1/stats", "/api/v1/stats", {{"dataset", "vendas"}, {"group_by", "produto"}}},
      {"/api/v1/ask", "/api/v1/ask", {{"question", "qual o valor médio?"}}},
      {"/api/v1/ask", "/api/v1/ask", {{"question", "valor por data"}}},
  };
  for (const auto& [pattern, url, body] : posts) {
    ExpectDocumented(doc, "POST", pattern, c.Post(url, body.dump(), "application/json"));
  }
  ExpectDocumented(
      doc, "PATCH", "/api/v1/datasets/{name}",
      c.Patch("/api/v1/datasets/vendas", R"({"description": "Vendas"})", "application/json"));
  ExpectDocumented(doc, "POST", "/api/v1/system/cache/cleanup",
                   c.Post("/api/v1/system/cache/cleanup", "", "application/json"));
  httplib::MultipartFormDataItems ask_form = {{"question", "qual o valor médio?", "", ""},
                                              {"file", csv, "leituras.csv", "text/csv"}};
  ExpectDocumented(doc, "POST", "/api/v1/upload_and_analyze",
                   c.Post("/api/v1/upload_and_analyze", ask_form));
  ExpectDocumented(doc, "DELETE", "/api/v1/users/{name}", c.Delete("/api/v1/users/vera"));
  ExpectDocumented(doc, "DELETE", "/api/v1/datasets/{name}", c.Delete("/api/v1/datasets/vendas"));
  ExpectDocumented(doc, "DELETE", "/api/v1/datasets/{name}", c.Delete("/api/v1/datasets/vendas"));
}

TEST_F(OpenApiServerTest, DocsPageServesItsScriptsAndStylesUnderTheCsp) {
  auto c = server_->Client(/*authenticated=*/false);
  auto page = c.Get("/docs");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_TRUE(page->get_header_value("Content-Type").starts_with("text/html"));
  const std::string csp = page->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos) << csp;
  // Scripts come from files only: the policy has no 'unsafe-inline' for scripts.
  EXPECT_FALSE(std::regex_search(page->body, std::regex("<script(?![^>]*\\bsrc=)")))
      << "an inline script would be blocked by the CSP";

  std::set<std::string> files;
  const std::regex ref("(?:src|href)=\"(/docs/[^\"]+)\"");
  for (std::sregex_iterator it(page->body.begin(), page->body.end(), ref), end; it != end; ++it) {
    files.insert((*it)[1].str());
  }
  ASSERT_TRUE(files.contains("/docs/swagger-ui-bundle.js")) << page->body;
  ASSERT_TRUE(files.contains("/docs/swagger-ui.css")) << page->body;
  ASSERT_TRUE(files.contains("/docs/sagaz-docs.js")) << page->body;
  for (const auto& file : files) {
    auto r = c.Get(file);
    ASSERT_TRUE(r) << file;
    EXPECT_EQ(r->status, 200) << file;
    EXPECT_GT(r->body.size(), 0u) << file;
    const std::string type = r->get_header_value("Content-Type");
    const std::string expected = file.ends_with(".js")    ? "text/javascript"
                                 : file.ends_with(".css") ? "text/css"
                                                          : "";
    EXPECT_TRUE(type.starts_with(expected)) << file << ": " << type;
  }
  auto initializer = c.Get("/docs/sagaz-docs.js");
  ASSERT_TRUE(initializer);
  EXPECT_NE(initializer->body.find("/api/v1/openapi.json"), std::string::npos);
  EXPECT_NE(initializer->body.find("bearerAuth"), std::string::npos);

  auto missing = c.Get("/docs/no-such-file.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(Json::parse(missing->body, nullptr, false)["error"]["code"], "not_found");
}

}  // namespace
}  // namespace sagaz
