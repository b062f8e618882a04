#include "core/error.hpp"

namespace sagaz {

std::string_view ToString(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kAlreadyExists:
      return "already_exists";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kFailedPrecondition:
      return "failed_precondition";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kPayloadTooLarge:
      return "payload_too_large";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kRateLimited:
      return "rate_limited";
    case ErrorCode::kTimeout:
      return "timeout";
    case ErrorCode::kCancelled:
      return "cancelled";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kIo:
      return "io_error";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

Error& Error::With(std::string key, std::string value) & {
  details.emplace_back(std::move(key), std::move(value));
  return *this;
}

Error&& Error::With(std::string key, std::string value) && {
  details.emplace_back(std::move(key), std::move(value));
  return std::move(*this);
}

std::string_view Error::Detail(std::string_view key) const {
  for (const auto& [k, v] : details) {
    if (k == key) return v;
  }
  return {};
}

std::string Error::ToText() const {
  std::string out(ToString(code));
  out += ": ";
  out += message;
  if (!details.empty()) {
    out += " (";
    for (size_t i = 0; i < details.size(); ++i) {
      if (i) out += ", ";
      out += details[i].first + "=" + details[i].second;
    }
    out += ")";
  }
  return out;
}

}  // namespace sagaz
