// ReadJson: a strict one-pass JSON reader (RFC 8259) that reports events to a handler with
// nlohmann's SAX interface (null, boolean, number_integer, number_unsigned, number_float,
// string, key, start_object, end_object, start_array, end_array, parse_error).
//
// Why not nlohmann's own SAX parser: it builds every string and number a character at a
// time, which made it half the time of a million-order replay. This reader finds a string's
// end with a scan and copies it once (escapes are decoded only where there are some), reads
// integers directly, and validates UTF-8 with an ASCII fast path. It accepts exactly what
// nlohmann's strict parser accepts, and reports the same events (a test and a fuzz target
// compare the two on arbitrary input): a UTF-8 byte order mark is skipped; whitespace is
// space, tab, CR and LF; numbers are -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, an
// integer beyond 2^64 - 1 (or below -2^63) becomes a float, a float beyond a double's range
// is an error; strings are valid UTF-8 without raw control characters, escapes include
// \uXXXX with surrogate pairs; one value, then only whitespace. Nesting is kept on an
// explicit stack, so depth costs memory, not the call stack. Float values are not
// converted (the handler gets 0.0 and the number's text): the replay refuses them anyway.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace phantompool::auction::internal {

// What went wrong, and at which byte, for the parse_error event.
struct JsonSyntaxError {
  size_t position = 0;
  std::string what;
};

class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : text_(text) {}

  // Reads the whole text. Returns false if the handler stopped (an event returned false) or
  // the text is not JSON; in the latter case error() says why and the handler's
  // parse_error was called.
  template <typename Handler>
  bool Read(Handler& h);

  const JsonSyntaxError& error() const { return error_; }

 private:
  enum class Token : uint8_t {
    kEnd,
    kString,
    kNumber,
    kTrue,
    kFalse,
    kNull,
    kBeginObject,
    kEndObject,
    kBeginArray,
    kEndArray,
    kColon,
    kComma,
    kError
  };
  enum class NumberKind : uint8_t { kUnsigned, kNegative, kFloat };

  Token Next();        // the next token; strings land in str_, numbers in num_*
  Token ScanString();  // after the opening quote
  Token ScanNumber();  // at '-' or a digit
  Token ScanLiteral(std::string_view word, Token t);
  bool DecodeEscapes(const char* begin, const char* end);  // into str_
  Token Fail(std::string what);
  static bool ValidUtf8(const unsigned char* p, size_t n);

  std::string_view text_;
  size_t pos_ = 0;
  std::string str_;
  NumberKind num_kind_ = NumberKind::kUnsigned;
  uint64_t num_u_ = 0;
  int64_t num_i_ = 0;
  std::string num_text_;
  JsonSyntaxError error_;
};

}  // namespace phantompool::auction::internal

#include "auction/json_reader_impl.h"
