#include "auction/json_reader.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace phantompool::auction::internal {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | cp >> 6);
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | cp >> 12);
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | cp >> 18);
    out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

JsonReader::Token JsonReader::Fail(std::string what) {
  error_ = {pos_, std::move(what)};
  return Token::kError;
}

JsonReader::Token JsonReader::Next() {
  while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
  if (pos_ == text_.size()) return Token::kEnd;
  const char c = text_[pos_];
  switch (c) {
    case '{':
      ++pos_;
      return Token::kBeginObject;
    case '}':
      ++pos_;
      return Token::kEndObject;
    case '[':
      ++pos_;
      return Token::kBeginArray;
    case ']':
      ++pos_;
      return Token::kEndArray;
    case ':':
      ++pos_;
      return Token::kColon;
    case ',':
      ++pos_;
      return Token::kComma;
    case '"':
      ++pos_;
      return ScanString();
    case 't':
      return ScanLiteral("true", Token::kTrue);
    case 'f':
      return ScanLiteral("false", Token::kFalse);
    case 'n':
      return ScanLiteral("null", Token::kNull);
    default:
      if (c == '-' || (c >= '0' && c <= '9')) return ScanNumber();
      return Fail("invalid character");
  }
}

JsonReader::Token JsonReader::ScanLiteral(std::string_view word, Token t) {
  if (text_.substr(pos_, word.size()) != word) return Fail("invalid literal");
  pos_ += word.size();
  return t;
}

JsonReader::Token JsonReader::ScanString() {
  // The common case, no escape: one scan for the closing quote, one copy, then the UTF-8
  // check (an ASCII fast path inside).
  const char* const begin = text_.data() + pos_;
  const char* const end = text_.data() + text_.size();
  const char* p = begin;
  bool escaped = false;
  while (p < end && *p != '"') {
    const auto u = static_cast<unsigned char>(*p);
    if (u < 0x20) {
      pos_ += static_cast<size_t>(p - begin);
      return Fail("control character in a string");
    }
    if (*p == '\\') {
      escaped = true;
      if (++p == end) break;  // the escaped character, whatever it is, is not the end
    }
    ++p;
  }
  if (p >= end) {
    pos_ = text_.size();
    return Fail("unterminated string");
  }
  if (!escaped) {
    if (!ValidUtf8(reinterpret_cast<const unsigned char*>(begin), static_cast<size_t>(p - begin))) {
      return Fail("invalid UTF-8 in a string");
    }
    str_.assign(begin, p);
  } else if (!DecodeEscapes(begin, p)) {
    return Token::kError;
  }
  pos_ = static_cast<size_t>(p - text_.data()) + 1;
  return Token::kString;
}

bool JsonReader::DecodeEscapes(const char* begin, const char* end) {
  str_.clear();
  const char* run = begin;  // start of the bytes not yet copied
  auto flush = [&](const char* upto) {
    if (!ValidUtf8(reinterpret_cast<const unsigned char*>(run), static_cast<size_t>(upto - run))) {
      Fail("invalid UTF-8 in a string");
      return false;
    }
    str_.append(run, upto);
    return true;
  };
  auto hex4 = [&](const char* at, uint32_t& out) {
    if (end - at < 4) return false;
    out = 0;
    for (int k = 0; k < 4; ++k) {
      const int d = HexDigit(at[k]);
      if (d < 0) return false;
      out = out << 4 | static_cast<uint32_t>(d);
    }
    return true;
  };
  for (const char* p = begin; p < end;) {
    if (*p != '\\') {
      ++p;
      continue;
    }
    if (!flush(p)) return false;
    const char e = p[1];
    p += 2;
    switch (e) {
      case '"':
      case '\\':
      case '/':
        str_ += e;
        break;
      case 'b':
        str_ += '\b';
        break;
      case 'f':
        str_ += '\f';
        break;
      case 'n':
        str_ += '\n';
        break;
      case 'r':
        str_ += '\r';
        break;
      case 't':
        str_ += '\t';
        break;
      case 'u': {
        uint32_t cp = 0;
        if (!hex4(p, cp)) {
          Fail("\\u must be followed by four hex digits");
          return false;
        }
        p += 4;
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
          Fail("a low surrogate without a high one");
          return false;
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t low = 0;
          if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, low) || low < 0xDC00 ||
              low > 0xDFFF) {
            Fail("a high surrogate must be followed by a low one");
            return false;
          }
          p += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        AppendUtf8(str_, cp);
        break;
      }
      default:
        Fail("invalid escape");
        return false;
    }
    run = p;
  }
  return flush(end);
}

bool JsonReader::ValidUtf8(const unsigned char* p, size_t n) {
  size_t i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time.
    if (i + 8 <= n) {
      uint64_t chunk;
      std::memcpy(&chunk, p + i, 8);
      if ((chunk & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07;
    } else {
      return false;  // a continuation byte, an overlong lead (C0, C1) or beyond F4
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = cp << 6 | (p[i + k] & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points beyond U+10FFFF are not UTF-8.
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

JsonReader::Token JsonReader::ScanNumber() {
  const size_t start = pos_;
  const bool negative = text_[pos_] == '-';
  if (negative) ++pos_;
  auto digit = [this] { return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; };
  if (!digit()) return Fail("a number needs a digit");
  // Integer part, accumulated while it fits.
  bool overflow = false;
  uint64_t value = 0;
  if (text_[pos_] == '0') {
    ++pos_;
  } else {
    while (digit()) {
      const uint64_t d = static_cast<uint64_t>(text_[pos_] - '0');
      if (value > (UINT64_MAX - d) / 10) overflow = true;
      value = value * 10 + d;
      ++pos_;
    }
  }
  bool fractional = false;
  if (pos_ < text_.size() && text_[pos_] == '.') {
    ++pos_;
    if (!digit()) return Fail("a fraction needs a digit");
    while (digit()) ++pos_;
    fractional = true;
  }
  if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    ++pos_;
    if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
    if (!digit()) return Fail("an exponent needs a digit");
    while (digit()) ++pos_;
    fractional = true;
  }
  if (fractional || overflow) {
    num_kind_ = NumberKind::kFloat;
  } else if (!negative) {
    num_kind_ = NumberKind::kUnsigned;
    num_u_ = value;
  } else if (value <= uint64_t{1} << 63) {
    num_kind_ = NumberKind::kNegative;
    num_i_ = value == uint64_t{1} << 63 ? INT64_MIN : -static_cast<int64_t>(value);
  } else {
    num_kind_ = NumberKind::kFloat;
  }
  if (num_kind_ == NumberKind::kFloat) {
    num_text_.assign(text_.substr(start, pos_ - start));
    // As nlohmann: a number that does not fit a double is a syntax error, not a number.
    if (!std::isfinite(std::strtod(num_text_.c_str(), nullptr))) {
      pos_ = start;
      return Fail("number overflow");
    }
  }
  return Token::kNumber;
}

}  // namespace phantompool::auction::internal
