// Static files of the web dashboard (issue 13), served from a directory at "/". Only files
// under the root, only GET, never a directory listing; anything else is 404.
#pragma once

#include <optional>
#include <string>

#include "router.h"

namespace phantompool::server {

std::optional<Reply> ServeStatic(const std::string& root, const std::string& path);

}  // namespace phantompool::server
