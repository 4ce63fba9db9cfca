// Whole-file reads and durable writes. A write that replaces a file goes through a
// temporary file, fsync and rename, so a crash leaves the old file or the new one, never
// half of either; a write that creates a file refuses to overwrite one.
#pragma once

#include <string>
#include <string_view>

#include "phantompool/common/result.h"

namespace phantompool {

// IoError naming `field` if the file cannot be opened or read, InvalidArgument if it is
// larger than `max_bytes`.
Result<std::string> ReadTextFile(const std::string& path, std::string_view field,
                                 size_t max_bytes = 64 * 1024 * 1024);

Status WriteFileAtomically(const std::string& path, std::string_view content, unsigned mode);

// Creates `path` (O_EXCL: an existing file is an IoError) with `mode`, writes and fsyncs.
Status WriteNewFile(const std::string& path, std::string_view content, unsigned mode);

}  // namespace phantompool
