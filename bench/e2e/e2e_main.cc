// bench_e2e: the whole system on 127.0.0.1, bounded in count and time (docs/benchmarks.md,
// "e2e").
//
//   bench_e2e [--orders N] [--threads N] [--traders N] [--session-orders N]
//             [--no-cache] [--no-intake] [--no-session] [--no-intake-sessions] [--verify-threads N]
//
// 1. Intake: five executors behind ExecutorServer (real clock), a server::Server with its
//    coordinator over HTTP, on a fresh database; N traders registered with the client, KYC'd,
//    funded; pre-built orders (e2e_orders.h, cached in build/bench-cache/) posted by client
//    threads with signed requests, after one untimed warm-up order per thread.
//    orders_accepted_per_s, p50_ms, p99_ms (steady state).
// 2. Session: 10,000 crossing orders waiting in one batch on a second fresh database,
//    Coordinator::RunSession from close to settled. session_10k_orders_ms.
// 3. scalar_mult_ns: S, the crypto suite's unit, so the figures can be compared across loads.
// The last line is the JSON of every figure.
#include <cstring>

#include "e2e_session.h"
#include "phantompool/common/allocator.h"
#include "phantompool/crypto/point.h"

namespace {

using namespace phantompool;
using namespace phantompool::bench;

[[noreturn]] void Usage() {
  std::fprintf(
      stderr,
      "usage: bench_e2e [--orders N] [--threads N] [--traders N] [--session-orders N] "
      "[--no-cache] [--no-intake] [--no-session] [--no-intake-sessions] [--verify-threads N]\n");
  std::exit(2);
}

e2e::Options Parse(int argc, char** argv) {
  e2e::Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto number = [&]() -> size_t {
      if (i + 1 >= argc) Usage();
      const long long v = std::atoll(argv[++i]);
      if (v <= 0 || v > 1'000'000) Usage();
      return static_cast<size_t>(v);
    };
    if (a == "--orders")
      o.orders = number();
    else if (a == "--threads")
      o.threads = number();
    else if (a == "--traders")
      o.traders = number();
    else if (a == "--session-orders")
      o.session_orders = number();
    else if (a == "--no-cache")
      o.cache = false;
    else if (a == "--no-intake")
      o.intake = false;
    else if (a == "--no-session")
      o.session = false;
    else if (a == "--no-intake-sessions")
      o.intake_sessions = false;
    else if (a == "--verify-threads")
      o.verify_threads = static_cast<int>(std::min<size_t>(number(), 64));
    else
      Usage();
  }
  if (o.threads > o.traders) o.threads = o.traders;
  return o;
}

double MeasureScalarMult() {
  crypto::DeterministicRng rng(42);
  crypto::Scalar k = crypto::Scalar::Random(rng);
  crypto::Point p = crypto::Point::MulBase(crypto::Scalar::Random(rng));
  return MeasureNs(
      [&] {
        p = p * k;
        DoNotOptimize(p);
      },
      0.2);
}

}  // namespace

int main(int argc, char** argv) {
  e2e::Options opt = Parse(argc, argv);
  phantompool::RetainBatchMemory();  // the server runs here, set up as `phantompool serve` is
  // build/bench-cache, beside build/bin where this binary lives.
  opt.cache_dir =
      std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / "bench-cache";
  if (!e2e::HavePostgres()) {
    std::printf(
        "note: PP_TEST_PG_URL is unset: running on SQLite (the targets are PostgreSQL's; "
        "source scripts/lib/pg_cluster.sh; pg_cluster_start)\n");
  }
  Figures f;
  std::vector<double> s{MeasureScalarMult()};
  const e2e::CachedQuorum quorum(opt.cache_dir / "e2e-quorum-v1");
  if (opt.intake) e2e::RunIntake(opt, quorum, f);
  s.push_back(MeasureScalarMult());
  if (opt.session) e2e::RunSession(opt, quorum, f);
  s.push_back(MeasureScalarMult());
  f.FinishReference("S", "scalar_mult_ns", s);
  std::printf("%s\n", f.Json().c_str());
  return 0;
}
