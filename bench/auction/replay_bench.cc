// The auditor's replay at scale: a session file of 100,000 and of 1,000,000 random orders
// (the clearing benchmark's) through `phantompool auction --input FILE`, from reading and
// parsing to the last byte of output (to /dev/null), as a process. Target: replay_1m_ms
// <= 5,000 (docs/auction.md, section 11).
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "harness.h"
#include "phantompool/auction/session_draw.h"
#include "phantompool/common/hex.h"
#include "random_orders.h"
#include "vrf_executors.h"

extern char** environ;

namespace phantompool::bench {
namespace {

using auction::Digest32;

// A deterministic stand-in for each order's ciphertext hash (the replay only hashes it
// into the batch digest).
Digest32 CiphertextHash(size_t i) {
  Digest32 h;
  uint64_t x = i * 0x9E3779B97F4A7C15ull + 1;
  for (size_t k = 0; k < h.size(); k += 8) {
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 29;
    for (size_t j = 0; j < 8; ++j) h[k + j] = static_cast<uint8_t>(x >> (8 * j));
  }
  return h;
}

void WritePair(std::FILE* out, const order::PairSpec& pair) {
  const order::PairFields& f = pair.fields();
  std::fprintf(out,
               "{\"symbol\": \"%s\", \"base_token\": \"%s\", \"quote_token\": \"%s\", "
               "\"base_token_name\": \"%s\", \"quote_token_name\": \"%s\", \"base_decimals\": %u, "
               "\"quote_decimals\": %u, \"base_lot\": %llu, \"quote_per_tick\": %llu, "
               "\"tick_size\": %llu, \"min_price\": %llu, \"max_price\": %llu, "
               "\"market_sell_collar\": %llu, \"market_buy_collar\": %llu, "
               "\"min_order_size\": %llu, \"max_order_size\": %llu, \"fee_bps\": %u, "
               "\"batch_period_ms\": %u, \"batch_max_orders\": %u}",
               f.symbol.c_str(), f.base_token.c_str(), f.quote_token.c_str(),
               f.base_token_name.c_str(), f.quote_token_name.c_str(), f.base_decimals,
               f.quote_decimals, static_cast<unsigned long long>(f.base_lot),
               static_cast<unsigned long long>(f.quote_per_tick),
               static_cast<unsigned long long>(f.tick_size),
               static_cast<unsigned long long>(f.min_price),
               static_cast<unsigned long long>(f.max_price),
               static_cast<unsigned long long>(f.market_sell_collar),
               static_cast<unsigned long long>(f.market_buy_collar),
               static_cast<unsigned long long>(f.min_order_size),
               static_cast<unsigned long long>(f.max_order_size), f.fee_bps, f.batch_period_ms,
               f.batch_max_orders);
}

// The session file: session 2 of the pair, reference price from session 1, the batch
// digest, seed and VRF material computed as the executors would (the test executors of
// tests/auction/tools/vrf_executors.h).
void WriteSession(const std::string& path, const std::vector<Order>& orders,
                  const order::PairSpec& pair) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) {
    std::printf("cannot write %s\n", path.c_str());
    std::exit(1);
  }
  auction::BatchDigest digest;
  for (size_t i = 0; i < orders.size(); ++i) digest.Add(orders[i].id, CiphertextHash(i));
  Digest32 previous;
  previous.fill(0x42);
  const Digest32 batch = digest.Finish();
  const Digest32 seed = auction::VrfSeed(pair.symbol(), 2, previous, batch);
  // Real material: three executors' shares on the seed and their combined output, which
  // the binary verifies before clearing.
  const auto material = auction::testing::VrfExecutors::Shared().Draw(seed);
  std::string shares;
  for (const auto& s : material.shares)
    shares += (shares.empty() ? "\"" : ", \"") + ToHex(s) + "\"";
  std::fprintf(out, "{\"version\": 2, \"pair\": ");
  WritePair(out, pair);
  std::fprintf(out,
               ", \"session\": {\"number\": 2, \"now\": 1000000, \"reference_price\": 10000, "
               "\"reference_from_session\": 1}, \"vrf\": {\"previous_output\": \"%s\", "
               "\"batch_digest\": \"%s\", \"seed\": \"%s\", \"public_key_set\": \"%s\", "
               "\"shares\": [%s], \"output\": \"%s\"},\n\"orders\": [\n",
               ToHex(previous).c_str(), ToHex(batch).c_str(), ToHex(seed).c_str(),
               ToHex(material.key_set).c_str(), shares.c_str(), ToHex(material.output).c_str());
  for (size_t i = 0; i < orders.size(); ++i) {
    const Order& o = orders[i];
    std::fprintf(out, "%s{\"id\": \"%s\", \"owner\": \"%s\", \"ciphertext_hash\": \"%s\", ",
                 i ? ",\n" : "", o.id.c_str(), o.owner.c_str(), ToHex(CiphertextHash(i)).c_str());
    std::fprintf(out, "\"side\": \"%s\", \"type\": \"%s\", ", o.side == Side::kBuy ? "buy" : "sell",
                 o.type == OrderType::kLimit ? "limit" : "market");
    if (o.price) std::fprintf(out, "\"price\": %llu, ", static_cast<unsigned long long>(*o.price));
    std::fprintf(out, "\"size\": %llu, \"min_fill\": %llu, \"validity\": \"%s\"",
                 static_cast<unsigned long long>(o.size),
                 static_cast<unsigned long long>(o.min_fill),
                 o.validity == Validity::kGtc   ? "gtc"
                 : o.validity == Validity::kGtt ? "gtt"
                                                : "ioc");
    if (o.expiry)
      std::fprintf(out, ", \"expiry\": %llu", static_cast<unsigned long long>(*o.expiry));
    std::fprintf(out, "}");
  }
  std::fprintf(out, "\n]}\n");
  if (std::fclose(out) != 0) {
    std::printf("cannot write %s\n", path.c_str());
    std::exit(1);
  }
}

// Runs the binary on `path` with stdout to /dev/null; the wall time in ms. Exits on failure.
double RunReplayMs(const std::string& path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  const std::string bin = PP_PHANTOMPOOL_BIN;
  std::vector<char*> argv = {const_cast<char*>(bin.c_str()), const_cast<char*>("auction"),
                             const_cast<char*>("--input"), const_cast<char*>(path.c_str()),
                             nullptr};
  const auto start = std::chrono::steady_clock::now();
  pid_t pid;
  if (posix_spawn(&pid, bin.c_str(), &actions, nullptr, argv.data(), environ) != 0) {
    std::printf("cannot start %s\n", bin.c_str());
    std::exit(1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  posix_spawn_file_actions_destroy(&actions);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::printf("phantompool auction failed on %s (status %d)\n", path.c_str(), status);
    std::exit(1);
  }
  return ms;
}

void ReplayThroughTheBinary(Figures& f) {
  const order::PairSpec pair = BenchPair();
  for (const auto& [name, n] : {std::pair<const char*, size_t>{"100k", 100'000},
                                std::pair<const char*, size_t>{"1m", 1'000'000}}) {
    const std::string path = (std::filesystem::temp_directory_path() /
                              Text("pp_replay_bench_%d_%s.json", static_cast<int>(getpid()), name))
                                 .string();
    WriteSession(path, RandomOrders(n, n), pair);
    f.Add(Text("replay_%s_input_mb", name),
          static_cast<double>(std::filesystem::file_size(path)) / 1e6, "MB");
    std::vector<double> runs;
    for (int k = 0; k < 3; ++k) runs.push_back(RunReplayMs(path));
    std::sort(runs.begin(), runs.end());
    f.Add(Text("replay_%s_ms", name), runs[1], "ms (median of 3, parse to output)");
    std::filesystem::remove(path);
  }
}

PP_BENCH_PART("auction", "10_replay", ReplayThroughTheBinary);

}  // namespace
}  // namespace phantompool::bench
