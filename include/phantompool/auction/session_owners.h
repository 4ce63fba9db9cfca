// The owners a session is cleared on: per-session pseudonyms "t1", "t2", ... given in order
// of first appearance along the batch's ascending order ids.
//
// The auction ranks owners by a keyed hash of their label (priority.h), so the labels the
// coordinator clears on decide how leftover lots fall. Clearing on these pseudonyms rather
// than on user ids means the session's public audit, which names owners only by them, is
// enough for anyone to re-run the clearing exactly (`phantompool session --verify`), and no
// user id is ever published. They stay unpredictable where it matters: the ranks are keyed
// by the VRF output, which exists only after the batch (and so every label) is fixed.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace phantompool::auction {

class SessionOwners {
 public:
  // The pseudonym of `owner`, a new one the first time it is asked. Call in ascending
  // order id over the orders the session clears.
  const std::string& Of(std::string_view owner);

 private:
  std::map<std::string, std::string, std::less<>> labels_;
};

}  // namespace phantompool::auction
