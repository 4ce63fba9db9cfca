// EncryptedOrder's binary parser on arbitrary bytes: it must never crash or read out of
// bounds, and whatever it accepts must re-serialise to exactly the input.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "phantompool/order/encrypted_order.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = phantompool::order::EncryptedOrder::Parse({data, size});
  if (parsed.ok()) {
    const std::vector<uint8_t> again = parsed->Serialize();
    if (again != std::vector<uint8_t>(data, data + size)) std::abort();
  }
  return 0;
}
