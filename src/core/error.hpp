// The one error type of Sagaz and the Result alias every fallible function returns.
//
//   Result<Dataset> Load(...);                 // value or Error
//   Status Drop(...);                          // Result<void>
//   auto ds = SAGAZ_TRY(Load(...));            // propagate an Error to the caller
//   return Fail(ErrorCode::kNotFound, "dataset 'x' does not exist");
//
// Errors are values: exceptions never cross a module boundary (see CatchAll for the boundaries).
#pragma once

#include <exception>
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sagaz {

// Stable, machine-readable error codes. The snake_case names (ToString) are part of the public API:
// they appear in the HTTP error envelope and in CLI --json output.
enum class ErrorCode {
  kInvalidArgument,     // the caller sent something malformed or out of range
  kNotFound,            // a named thing does not exist
  kAlreadyExists,       // a named thing exists and the operation would overwrite it
  kConflict,            // a concurrent change won; retrying may succeed
  kFailedPrecondition,  // the system is not in a state that allows the operation
  kUnauthenticated,     // no or invalid credentials
  kPermissionDenied,    // valid credentials, not allowed
  kPayloadTooLarge,     // a body or upload over its limit
  kUnsupported,         // a format, type or feature Sagaz does not handle
  kRateLimited,         // too many attempts; retry later
  kTimeout,             // a time limit was reached
  kCancelled,           // stopped on request
  kUnavailable,         // a dependency (model endpoint, store) cannot be reached
  kIo,                  // a file or network operation failed
  kInternal,            // a bug or an invariant broken; details are logged
};

std::string_view ToString(ErrorCode code);

// An error for people (message) and programs (code, details). Details are ordered key/value pairs
// such as
// {"rule", "no_file_access"}; structured payloads belong in typed results, not here.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<std::pair<std::string, std::string>> details;

  Error() = default;
  Error(ErrorCode c, std::string msg) : code(c), message(std::move(msg)) {}

  // Adds a detail; returns *this so calls chain: Error(...).With("rule", "x").
  Error& With(std::string key, std::string value) &;
  Error&& With(std::string key, std::string value) &&;
  // The value of a detail, or empty.
  std::string_view Detail(std::string_view key) const;
  // "not_found: dataset 'x' does not exist (rule=...)" for logs and CLI output.
  std::string ToText() const;
};

// A value or an Error. [[nodiscard]] so an ignored failure is a compiler warning.
template <class T>
class [[nodiscard]] Result : public std::expected<T, Error> {
 public:
  using std::expected<T, Error>::expected;
  Result(std::expected<T, Error>&& other) : std::expected<T, Error>(std::move(other)) {}
  Result(Error error) : std::expected<T, Error>(std::unexpect, std::move(error)) {}
};

using Status = Result<void>;

inline Status Ok() { return {}; }

// Builds the unexpected side of a Result: `return Fail(ErrorCode::kNotFound, "...")`.
inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error(code, std::move(message)));
}
inline std::unexpected<Error> Fail(Error error) { return std::unexpected<Error>(std::move(error)); }

// Runs `fn` and converts any escaping exception into an Error. Used at boundaries only: HTTP
// handlers, job workers, threads and C callbacks.
template <class Fn>
auto CatchAll(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInternal, std::string("unexpected exception: ") + e.what());
  } catch (...) {
    return Fail(ErrorCode::kInternal, "unexpected exception");
  }
}

}  // namespace sagaz

// Evaluates a Result expression; on error returns it from the enclosing function, otherwise yields
// the value. Uses a GNU statement expression (GCC and Clang); __COUNTER__ keeps nested uses from
// shadowing.
#define SAGAZ_TRY(expr) SAGAZ_TRY_IMPL(expr, SAGAZ_TRY_CONCAT(sagaz_try_result_, __COUNTER__))
#define SAGAZ_TRY_CONCAT_INNER(a, b) a##b
#define SAGAZ_TRY_CONCAT(a, b) SAGAZ_TRY_CONCAT_INNER(a, b)
#define SAGAZ_TRY_IMPL(expr, var)                                         \
  ({                                                                      \
    auto&& var = (expr);                                                  \
    if (!var.has_value()) [[unlikely]]                                    \
      return ::std::unexpected<::sagaz::Error>(::std::move(var).error()); \
    ::std::move(var).value();                                             \
  })
