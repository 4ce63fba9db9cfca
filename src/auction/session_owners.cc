#include "phantompool/auction/session_owners.h"

namespace phantompool::auction {

const std::string& SessionOwners::Of(std::string_view owner) {
  auto it = labels_.find(owner);
  if (it == labels_.end()) {
    it = labels_.emplace(std::string(owner), "t" + std::to_string(labels_.size() + 1)).first;
  }
  return it->second;
}

}  // namespace phantompool::auction
