#include "static_files.h"

#include <cctype>
#include <filesystem>

#include "phantompool/common/file_io.h"

namespace phantompool::server {
namespace {

std::string ContentType(const std::string& ext) {
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  return "application/octet-stream";
}

}  // namespace

std::optional<Reply> ServeStatic(const std::string& root, const std::string& path) {
  if (root.empty() || path.empty() || path[0] != '/') return std::nullopt;
  // Plain names only: no "..", no hidden files, no backslashes, no percent escapes.
  for (char c : path) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '.' || c == '-' ||
          c == '_')) {
      return std::nullopt;
    }
  }
  if (path.find("/.") != std::string::npos) return std::nullopt;
  std::filesystem::path file = std::filesystem::path(root) / path.substr(1);
  std::error_code ec;
  if (path == "/" || std::filesystem::is_directory(file, ec)) file /= "index.html";
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  auto text = ReadTextFile(file.string(), "web_root");
  if (!text.ok()) return std::nullopt;
  return Reply{200, std::move(*text), ContentType(file.extension().string())};
}

}  // namespace phantompool::server
