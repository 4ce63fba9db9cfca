// An order's opening (what the quorum decrypts) on arbitrary bytes, checked against a real
// order: never crash, and whatever is accepted must lie within the pair's bounds.
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "phantompool/common/hex.h"
#include "phantompool/order/order_open.h"

namespace {

using namespace phantompool;

struct Golden {
  order::EncryptedOrder order;
  order::PairSpec pair;
};

const Golden& LoadGolden() {
  static const Golden golden = [] {
    std::ifstream in(std::string(PP_SOURCE_DIR) + "/tests/golden/order_limit_buy_v2.hex");
    std::string hex;
    in >> hex;
    auto bytes = ParseHex(hex, "golden");
    if (!bytes.ok()) std::abort();
    auto order = order::EncryptedOrder::Parse(*bytes);
    if (!order.ok()) std::abort();
    order::PairFields f = order::FindBuiltinPair("SOL/USDC", "pair").value().fields();
    f.max_order_size = 1'000'000;  // tests/order/order_fixture.h
    return Golden{std::move(order).value(), order::PairSpec::Create(f).value()};
  }();
  return golden;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Golden& g = LoadGolden();
  auto opened = order::CheckOrderOpening(g.order, g.pair, {data, size});
  if (opened.ok()) {
    if (opened->size < g.pair.min_order_size() || opened->size > g.pair.max_order_size() ||
        opened->min_fill > opened->size || !opened->price || !g.pair.IsValidPrice(*opened->price)) {
      std::abort();
    }
  }
  return 0;
}
