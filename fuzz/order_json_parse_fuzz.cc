// The JSON form of an EncryptedOrder on arbitrary text: never crash, never throw.
#include <cstdint>
#include <string_view>

#include "phantompool/order/order_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = phantompool::order::EncryptedOrderFromJsonText(
      std::string_view(reinterpret_cast<const char*>(data), size));
  (void)parsed.ok();
  return 0;
}
