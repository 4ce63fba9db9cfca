// What an executor parses from the coordinator: an order's statement and proof of knowledge.
// Never crash; whatever parses re-serialises to the input.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "phantompool/order/kem_statement.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = phantompool::order::KemStatement::Parse({data, size});
  if (parsed.ok() && parsed->Serialize() != std::vector<uint8_t>(data, data + size)) std::abort();
  return 0;
}
