// JSON text for the journal, the outbox and the procedures' arguments. nlohmann's dump()
// throws on a string that is not valid UTF-8; the store validates what it is handed (and
// refuses it with a Status), and this dump replaces anything that slipped through instead of
// throwing: an exception must never cross the store.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace phantompool::store::internal {

inline std::string JsonText(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace phantompool::store::internal
