// Access checks shared by every call. On SQLite they are the whole enforcement; on
// PostgreSQL a first line in front of the grants and row-level security of migration 002.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "phantompool/store/principal.h"

namespace phantompool::store::internal {

// PermissionDenied on `what` unless p has one of `roles`.
inline Status RequireRole(const Principal& p, std::initializer_list<Role> roles,
                          std::string_view what) {
  for (Role r : roles) {
    if (p.role == r) return Status::Ok();
  }
  return Status::PermissionDenied(std::string(what),
                                  std::string(RoleName(p.role)) + " may not do this");
}

// A trader may only name itself; the other roles listed may name anyone.
inline Status RequireSelfOr(const Principal& p, int64_t user_id, std::initializer_list<Role> others,
                            std::string_view what) {
  if (p.role == Role::kTrader && p.user_id == user_id && user_id > 0) return Status::Ok();
  for (Role r : others) {
    if (p.role == r) return Status::Ok();
  }
  return Status::PermissionDenied(std::string(what),
                                  p.role == Role::kTrader
                                      ? "a trader may only see its own rows"
                                      : std::string(RoleName(p.role)) + " may not do this");
}

}  // namespace phantompool::store::internal
