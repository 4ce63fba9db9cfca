// The auction replay input (JSON) on arbitrary text: parse it and, if it parses, verify the
// draw, clear the batch and format the result. Nothing may crash, throw, or trip a
// sanitizer; a session that parses must either clear or be refused with a Status.
#include <cstdint>
#include <string_view>

#include "phantompool/auction/replay_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace phantompool::auction;
  auto input = ParseReplayInput(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!input.ok()) {
    (void)FormatErrorJson(input.status());
    return 0;
  }
  auto checks = VerifyReplayInputs(*input);
  // A fuzzer cannot forge the digest and seed, so the batch is cleared whatever the
  // verification says: the clearing itself must survive any input that parses.
  auto result = Clear(input->orders, input->pair, input->session);
  if (result.ok()) {
    (void)FormatReplayOutput(*input, checks.ok() ? *checks : ReplayChecks{}, *result);
  } else {
    (void)FormatErrorJson(result.status());
  }
  return 0;
}
