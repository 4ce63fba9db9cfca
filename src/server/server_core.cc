#include "server_core.h"

#include <charconv>

namespace phantompool::server {
namespace {
constexpr size_t kVerifyBatch = 64;
constexpr size_t kStreamRing = 10'000;
}  // namespace

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

ServerCore::ServerCore(const ServerConfig& c, store::Store& s,
                       std::unique_ptr<executor::Coordinator> co)
    : config(c),
      store(s),
      coordinator(std::move(co)),
      auth(s, NowMs),
      limiter(c.rate_per_second, c.rate_burst),
      verifier(static_cast<size_t>(c.verify_threads), kVerifyBatch),
      hub(s, kStreamRing),
      started_at_ms(NowMs()) {}

Status ServerCore::LoadPairs() {
  PP_ASSIGN_OR_RETURN(auto pairs, store.ListPairs(store::Principal::Service()));
  pairs_ = std::move(pairs);
  return Status::Ok();
}

Result<store::TradingPair> ServerCore::Pair(std::string_view symbol) {
  std::lock_guard lock(pairs_mu_);
  for (int attempt = 0; attempt < 2; ++attempt) {
    for (const auto& p : pairs_) {
      if (p.spec.symbol() == symbol) return p;
    }
    if (attempt == 0) PP_RETURN_IF_ERROR(LoadPairs());  // an operator may have added it
  }
  return Status::NotFound("pair", "no such trading pair: " + std::string(symbol));
}

Result<store::TradingPair> ServerCore::PairById(int64_t id) {
  std::lock_guard lock(pairs_mu_);
  for (int attempt = 0; attempt < 2; ++attempt) {
    for (const auto& p : pairs_) {
      if (p.id == id) return p;
    }
    if (attempt == 0) PP_RETURN_IF_ERROR(LoadPairs());
  }
  return Status::NotFound("trading_pair_id", "no such trading pair");
}

Reply Json(int status, const api::json& j) {
  return Reply{status, j.dump()};
}

Result<api::json> BodyObject(const net::HttpRequest& request) {
  PP_ASSIGN_OR_RETURN(api::json j, api::ParseJsonStrict(request.body, "body"));
  if (!j.is_object()) return Status::InvalidArgument("body", "must be a JSON object");
  return j;
}

namespace {
Result<int64_t> ParseDecimal(std::string_view text, std::string_view field) {
  int64_t v = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || (text.size() > 1 && text[0] == '0')) {
    return Status::InvalidArgument(std::string(field), "must be a decimal integer");
  }
  return v;
}
}  // namespace

Result<int64_t> PathId(const Call& call, const std::string& name) {
  auto it = call.params.find(name);
  if (it == call.params.end()) return Status::Internal(name, "route has no such parameter");
  PP_ASSIGN_OR_RETURN(int64_t v, ParseDecimal(it->second, name));
  if (v < 1) return Status::InvalidArgument(name, "must be a positive id");
  return v;
}

Result<int64_t> QueryInt(const net::HttpRequest& request, std::string_view name, int64_t fallback,
                         int64_t lo, int64_t hi) {
  auto v = net::QueryParam(request.query, name);
  if (!v) return fallback;
  PP_ASSIGN_OR_RETURN(int64_t x, ParseDecimal(*v, name));
  if (x < lo || x > hi) {
    return Status::InvalidArgument(std::string(name),
                                   "must be in " + std::to_string(lo) + ".." + std::to_string(hi));
  }
  return x;
}

}  // namespace phantompool::server
