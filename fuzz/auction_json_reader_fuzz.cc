// The replay's JSON reader (src/auction/json_reader.h) against nlohmann's strict SAX parser
// on arbitrary bytes: the two must report the same events and the same verdict (but for a
// NUL byte outside a string, which nlohmann takes for the end of the input and the reader
// refuses: tests/auction/json_events.h). A difference aborts, so it is a finding.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "json_events.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace phantompool::auction::testing;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto ours = ReaderEvents(text), expected = ExpectedReaderEvents(text);
  if (ours != expected) {
    std::fprintf(stderr, "JsonReader: %zu events, nlohmann: %zu\n", ours.size(), expected.size());
    std::abort();
  }
  return 0;
}
