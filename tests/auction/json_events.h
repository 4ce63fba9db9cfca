// A SAX handler that writes down every event, with both nlohmann's parse_error signature and
// JsonReader's: the same documents through both readers must give the same events (but for
// NUL bytes, below).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "auction/json_reader.h"

namespace phantompool::auction::testing {

struct JsonEvents {
  std::vector<std::string> events;
  bool null() { return Add("null"); }
  bool boolean(bool b) { return Add(b ? "true" : "false"); }
  bool number_integer(int64_t v) { return Add("int:" + std::to_string(v)); }
  bool number_unsigned(uint64_t v) { return Add("uint:" + std::to_string(v)); }
  bool number_float(double, const std::string& text) { return Add("float:" + text); }
  bool string(std::string& s) { return Add("string:" + s); }
  bool binary(nlohmann::json::binary_t&) { return Add("binary"); }
  bool key(std::string& k) { return Add("key:" + k); }
  bool start_object(std::size_t) { return Add("{"); }
  bool end_object() { return Add("}"); }
  bool start_array(std::size_t) { return Add("["); }
  bool end_array() { return Add("]"); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return Add("error") && false;
  }
  bool parse_error(std::size_t, const std::string&, const std::string&) {
    return Add("error") && false;
  }
  bool Add(std::string e) {
    events.push_back(std::move(e));
    return true;
  }
};

// The events of `text` through nlohmann's strict SAX parser, and through JsonReader; each
// ends with "error" if the text is not JSON.
inline std::vector<std::string> NlohmannEvents(std::string_view text) {
  JsonEvents e;
  nlohmann::json::sax_parse(text.begin(), text.end(), &e, nlohmann::json::input_format_t::json,
                            /*strict=*/true);
  return e.events;
}
// What JsonReader must give: nlohmann's events, except that nlohmann takes a NUL byte
// outside a string for the end of the input, where JsonReader refuses it as a character
// (nlohmann refuses a raw NUL inside a string, as JsonReader does). So a text that nlohmann
// accepts although it holds a NUL byte must fail after the same events.
inline std::vector<std::string> ExpectedReaderEvents(std::string_view text) {
  std::vector<std::string> events = NlohmannEvents(text);
  const bool accepted = events.empty() || events.back() != "error";
  if (accepted && text.find('\0') != std::string_view::npos) events.push_back("error");
  return events;
}
inline std::vector<std::string> ReaderEvents(std::string_view text) {
  JsonEvents e;
  internal::JsonReader reader(text);
  reader.Read(e);
  return e.events;
}

}  // namespace phantompool::auction::testing
