// Roles of accounts (auth/auth.hpp). Header-only apart from ParseRole, so that the configuration
// (core/config.hpp) can hold a Role without linking auth.
#pragma once

#include <string_view>

#include "core/error.hpp"

namespace sagaz::auth {

// Each role can do what the one before it can, and more (see PermissionsOf).
enum class Role { kViewer, kAnalyst, kAdmin };

constexpr std::string_view ToString(Role role) {
  switch (role) {
    case Role::kViewer:
      return "viewer";
    case Role::kAnalyst:
      return "analyst";
    case Role::kAdmin:
      return "admin";
  }
  return "viewer";
}
// Case-insensitive; the error names the field "role" (auth/auth.cpp).
Result<Role> ParseRole(std::string_view text);

}  // namespace sagaz::auth
