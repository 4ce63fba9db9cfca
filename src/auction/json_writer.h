// JsonWriter: JSON written as it is produced, in the layout of nlohmann's dump(2) (two-space
// indent, "key": value, empty containers as {} and []), into a buffer that is handed to a
// sink whenever it grows past a threshold. The replay's output for a million orders is then
// never held whole in memory, nor built as a tree first.
#pragma once

#include <charconv>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace phantompool::auction::internal {

class JsonWriter {
 public:
  // `sink` receives the text in order; it returns false if it could not write.
  explicit JsonWriter(std::function<bool(std::string_view)> sink) : sink_(std::move(sink)) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key) {
    Element();
    Quoted(key);
    buf_ += ": ";
    after_key_ = true;
  }
  void String(std::string_view s) {
    Element();
    Quoted(s);
  }
  void Uint(uint64_t v) {
    Element();
    char digits[20];
    const auto r = std::to_chars(digits, digits + sizeof digits, v);
    buf_.append(digits, r.ptr);
  }
  void Bool(bool v) {
    Element();
    buf_ += v ? "true" : "false";
  }
  void Null() {
    Element();
    buf_ += "null";
  }
  // Ends the document with a newline and hands everything to the sink. False if any write
  // failed.
  bool Finish() {
    buf_ += '\n';
    Flush();
    return ok_;
  }

 private:
  static constexpr size_t kFlushAt = 1 << 20;

  void Open(char c) {
    Element();
    buf_ += c;
    depth_.push_back(0);
  }
  void Close(char c) {
    const size_t children = depth_.back();
    depth_.pop_back();
    if (children > 0) Newline();
    buf_ += c;
    if (buf_.size() >= kFlushAt) Flush();
  }
  // Before a value or a key: the separator and indentation, unless the value follows its key.
  void Element() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_.empty()) return;
    if (depth_.back()++ > 0) buf_ += ',';
    Newline();
  }
  void Newline() {
    buf_ += '\n';
    buf_.append(2 * depth_.size(), ' ');
  }
  void Quoted(std::string_view s) {
    buf_ += '"';
    // The common case, nothing to escape, is one append.
    bool plain = true;
    for (char c : s) plain &= c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20;
    if (plain) {
      buf_ += s;
      buf_ += '"';
      return;
    }
    for (char c : s) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        buf_ += '\\';
        buf_ += c;
      } else if (u < 0x20) {
        static const char kHex[] = "0123456789abcdef";
        buf_ += "\\u00";
        buf_ += kHex[u >> 4];
        buf_ += kHex[u & 15];
      } else {
        buf_ += c;  // the strings written are validated printable ASCII or UTF-8
      }
    }
    buf_ += '"';
  }
  void Flush() {
    if (ok_ && !buf_.empty()) ok_ = sink_(buf_);
    buf_.clear();
  }

  std::function<bool(std::string_view)> sink_;
  std::string buf_;
  std::vector<size_t> depth_;  // children written so far, per open container
  bool after_key_ = false;
  bool ok_ = true;
};

}  // namespace phantompool::auction::internal
