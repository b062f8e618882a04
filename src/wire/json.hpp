// The wire format of the API: typed results to JSON and JSON/text fields to typed requests. Shared
// by the HTTP server and the CLI's --json output so both speak the same shapes. Nothing below the
// adapters includes this header.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "catalog/catalog.hpp"
#include "core/error.hpp"
#include "db/db.hpp"
#include "ingest/ingest.hpp"
#include "sql/query.hpp"

namespace sagaz::wire {

using Json = nlohmann::ordered_json;

// Serializes for output; invalid UTF-8 in data is replaced, never thrown.
std::string Dump(const Json& j, int indent = -1);

// {"error": {"code", "message", "details"}}
Json ErrorEnvelope(const Error& error, std::string_view request_id = {});

Json ToJson(const db::Value& value);
Json ToJson(const std::vector<db::Column>& columns);
Json ToJson(const catalog::DatasetInfo& info);
Json ToJson(const catalog::Profile& profile);
Json ToJson(const catalog::Sample& sample);
Json ToJson(const ingest::Report& report);
Json ToJson(const sql::QueryResult& result);

// Ingest options from text fields (multipart form fields, query parameters or CLI flags):
// name, mode, key (comma-separated), format, delimiter, quote, escape, header, encoding,
// decimal_separator, date_format, timestamp_format, null_values (comma-separated), skip_rows,
// types ("col:TYPE,col2:TYPE"), max_reject_ratio. Unknown fields are errors.
Result<ingest::Request> IngestRequestFromFields(const std::map<std::string, std::string>& fields);

// PATCH /api/v1/datasets/{name}: {"description"?, "columns"?: {"col": "..."}}.
Result<catalog::DescriptionUpdate> ParseDescriptionUpdate(const Json& body);

// POST /api/v1/sql: {"sql", "policy"?: "standard" | "strict", "limit"?: n >= 0, "timeout_ms"?: n >
// 0}.
struct SqlRequest {
  std::string sql;
  sql::QueryOptions options;
};
Result<SqlRequest> ParseSqlRequest(const Json& body);

// Parses a request body, with a clear error for malformed JSON.
Result<Json> ParseBody(std::string_view body);

}  // namespace sagaz::wire
