#include "phantompool/common/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace phantompool {
namespace {

Status WriteAll(int fd, std::string_view content, const std::string& path) {
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoError("path", "cannot write " + path + ": " + std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    return Status::IoError("path", "cannot flush " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> ReadTextFile(const std::string& path, std::string_view field,
                                 size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(std::string(field), "cannot open " + path);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return Status::IoError(std::string(field), path + " is a directory");
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return Status::IoError(std::string(field), "cannot read " + path);
  std::string text = buf.str();
  if (text.size() > max_bytes) {
    return Status::InvalidArgument(
        std::string(field), path + " is larger than " + std::to_string(max_bytes) + " bytes");
  }
  return text;
}

Status WriteFileAtomically(const std::string& path, std::string_view content, unsigned mode) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return Status::IoError("path", "cannot create " + tmp + ": " + std::strerror(errno));
  const Status s = WriteAll(fd, content, tmp);
  if (::close(fd) != 0 && s.ok()) {
    return Status::IoError("path", "cannot close " + tmp + ": " + std::strerror(errno));
  }
  if (!s.ok()) return s;
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::IoError("path", "cannot replace " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Status WriteNewFile(const std::string& path, std::string_view content, unsigned mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return Status::IoError("path", "cannot create " + path + ": " + std::strerror(errno));
  const Status s = WriteAll(fd, content, path);
  ::close(fd);
  return s;
}

}  // namespace phantompool
