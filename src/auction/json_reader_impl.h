// The grammar half of JsonReader (json_reader.h): a state machine over the tokens with an
// explicit stack of open containers, calling the handler's SAX events.
#pragma once

#include <vector>

namespace phantompool::auction::internal {

template <typename Handler>
bool JsonReader::Read(Handler& h) {
  enum class Expect : uint8_t { kValue, kValueOrEnd, kKeyOrEnd, kKey, kColon, kCommaOrEnd };
  std::vector<char> open;  // '{' or '[' per open container
  Expect expect = Expect::kValue;
  bool done = false;
  auto syntax = [&](std::string what) {
    if (error_.what.empty()) error_ = {pos_, std::move(what)};
    h.parse_error(error_.position, std::string(), error_.what);
    return false;
  };
  auto after_value = [&] {
    if (open.empty()) {
      done = true;
    } else {
      expect = Expect::kCommaOrEnd;
    }
  };
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a UTF-8 byte order mark, as nlohmann
  while (true) {
    const Token t = Next();
    if (t == Token::kError) return syntax(error_.what);
    if (done) {
      if (t == Token::kEnd) return true;
      return syntax("unexpected content after the value");
    }
    if (t == Token::kEnd) return syntax("unexpected end of input");
    switch (expect) {
      case Expect::kValueOrEnd:
        if (t == Token::kEndArray) {
          if (!h.end_array()) return false;
          open.pop_back();
          after_value();
          continue;
        }
        [[fallthrough]];
      case Expect::kValue:
        switch (t) {
          case Token::kString:
            if (!h.string(str_)) return false;
            after_value();
            continue;
          case Token::kNumber: {
            bool ok = false;
            if (num_kind_ == NumberKind::kUnsigned) {
              ok = h.number_unsigned(num_u_);
            } else if (num_kind_ == NumberKind::kNegative) {
              ok = h.number_integer(num_i_);
            } else {
              ok = h.number_float(0.0, num_text_);
            }
            if (!ok) return false;
            after_value();
            continue;
          }
          case Token::kTrue:
          case Token::kFalse:
            if (!h.boolean(t == Token::kTrue)) return false;
            after_value();
            continue;
          case Token::kNull:
            if (!h.null()) return false;
            after_value();
            continue;
          case Token::kBeginObject:
            if (!h.start_object(static_cast<std::size_t>(-1))) return false;
            open.push_back('{');
            expect = Expect::kKeyOrEnd;
            continue;
          case Token::kBeginArray:
            if (!h.start_array(static_cast<std::size_t>(-1))) return false;
            open.push_back('[');
            expect = Expect::kValueOrEnd;
            continue;
          default:
            return syntax("expected a value");
        }
      case Expect::kKeyOrEnd:
        if (t == Token::kEndObject) {
          if (!h.end_object()) return false;
          open.pop_back();
          after_value();
          continue;
        }
        [[fallthrough]];
      case Expect::kKey:
        if (t != Token::kString) return syntax("expected a key (a string)");
        if (!h.key(str_)) return false;
        expect = Expect::kColon;
        continue;
      case Expect::kColon:
        if (t != Token::kColon) return syntax("expected ':'");
        expect = Expect::kValue;
        continue;
      case Expect::kCommaOrEnd:
        if (t == Token::kComma) {
          expect = open.back() == '{' ? Expect::kKey : Expect::kValue;
          continue;
        }
        if (open.back() == '{' && t == Token::kEndObject) {
          if (!h.end_object()) return false;
        } else if (open.back() == '[' && t == Token::kEndArray) {
          if (!h.end_array()) return false;
        } else {
          return syntax(open.back() == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
        }
        open.pop_back();
        after_value();
        continue;
    }
  }
}

}  // namespace phantompool::auction::internal
