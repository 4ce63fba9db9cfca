#include "phantompool/api/request_signature.h"

#include <sodium.h>

#include <charconv>

#include "phantompool/common/hex.h"

namespace phantompool::api {
namespace {

constexpr std::string_view kUser = "x-pp-user";
constexpr std::string_view kTimestamp = "x-pp-timestamp";
constexpr std::string_view kNonce = "x-pp-nonce";
constexpr std::string_view kSignature = "x-pp-signature";
constexpr std::string_view kQueryNames[] = {"pp_user", "pp_ts", "pp_nonce", "pp_sig"};

Status Bad(std::string_view field, std::string why) {
  return Status::Unauthenticated(std::string(field), std::move(why));
}

Result<int64_t> ParseInt(std::string_view text, std::string_view field) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < 0) {
    return Bad(field, "must be a non-negative decimal integer");
  }
  return v;
}

std::string BodyHash(std::string_view body) {
  std::array<uint8_t, crypto_hash_sha256_BYTES> h;
  crypto_hash_sha256(h.data(), reinterpret_cast<const uint8_t*>(body.data()), body.size());
  return ToHex(h);
}

// The query without the pp_* authentication parameters, in the original order.
std::string QueryWithoutAuth(std::string_view query, std::array<std::string, 4>& values,
                             std::array<bool, 4>& found) {
  std::string rest;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    bool is_auth = false;
    for (size_t i = 0; i < 4; ++i) {
      if (name == kQueryNames[i]) {
        is_auth = true;
        found[i] = true;
        values[i] = eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
      }
    }
    if (!is_auth && !pair.empty()) {
      if (!rest.empty()) rest.push_back('&');
      rest.append(pair);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return rest;
}

}  // namespace

std::string RequestSigningString(std::string_view method, std::string_view target,
                                 std::string_view body, const RequestAuth& auth) {
  std::string s = "PP-REQUEST-V1\n";
  s.append(method).append("\n").append(target).append("\n").append(BodyHash(body));
  s.append("\n").append(std::to_string(auth.user_id)).append("\n");
  s.append(std::to_string(auth.timestamp_ms)).append("\n").append(ToHex(auth.nonce));
  return s;
}

std::vector<std::pair<std::string, std::string>> SignRequest(
    const order::TraderKey& key, int64_t user_id, std::string_view method, std::string_view target,
    std::string_view body, int64_t timestamp_ms, crypto::Rng& rng) {
  RequestAuth auth;
  auth.user_id = user_id;
  auth.timestamp_ms = timestamp_ms;
  rng.Fill(auth.nonce);
  const std::string msg = RequestSigningString(method, target, body, auth);
  auth.signature =
      key.Sign(kRequestSignatureDomain, {reinterpret_cast<const uint8_t*>(msg.data()), msg.size()});
  return {{"X-PP-User", std::to_string(user_id)},
          {"X-PP-Timestamp", std::to_string(timestamp_ms)},
          {"X-PP-Nonce", ToHex(auth.nonce)},
          {"X-PP-Signature", ToHex(auth.signature)}};
}

std::string SignedQuery(const order::TraderKey& key, int64_t user_id, std::string_view path,
                        int64_t timestamp_ms, crypto::Rng& rng) {
  const auto headers = SignRequest(key, user_id, "GET", path, "", timestamp_ms, rng);
  return "pp_user=" + headers[0].second + "&pp_ts=" + headers[1].second +
         "&pp_nonce=" + headers[2].second + "&pp_sig=" + headers[3].second;
}

Result<std::optional<RequestAuth>> ParseRequestAuth(const HeaderLookup& header,
                                                    std::string_view path, std::string_view query,
                                                    std::string* signed_target) {
  std::array<std::string, 4> values = {header(kUser), header(kTimestamp), header(kNonce),
                                       header(kSignature)};
  std::array<bool, 4> found{};
  for (size_t i = 0; i < 4; ++i) found[i] = !values[i].empty();
  std::array<std::string, 4> from_query;
  std::array<bool, 4> in_query{};
  const std::string rest = QueryWithoutAuth(query, from_query, in_query);
  const bool any_header = found[0] || found[1] || found[2] || found[3];
  const bool any_query = in_query[0] || in_query[1] || in_query[2] || in_query[3];
  if (!any_header && !any_query) return std::optional<RequestAuth>();
  if (any_header && any_query) {
    return Bad("x-pp-user", "authenticate with headers or with query parameters, not both");
  }
  if (any_query) {
    values = from_query;
    found = in_query;
  }
  const std::string_view names[] = {kUser, kTimestamp, kNonce, kSignature};
  for (size_t i = 0; i < 4; ++i) {
    if (!found[i]) return Bad(names[i], "missing (a signed request carries all four)");
  }
  RequestAuth auth;
  PP_ASSIGN_OR_RETURN(auth.user_id, ParseInt(values[0], kUser));
  PP_ASSIGN_OR_RETURN(auth.timestamp_ms, ParseInt(values[1], kTimestamp));
  auto nonce = ParseHexExact(values[2], kRequestNonceBytes, kNonce);
  if (!nonce.ok()) return Bad(kNonce, "must be 32 hex characters");
  std::copy(nonce->begin(), nonce->end(), auth.nonce.begin());
  auto sig = ParseHexExact(values[3], order::kSignatureBytes, kSignature);
  if (!sig.ok()) return Bad(kSignature, "must be 128 hex characters");
  std::copy(sig->begin(), sig->end(), auth.signature.begin());
  if (signed_target != nullptr) {
    if (any_query) {
      *signed_target = std::string(path) + (rest.empty() ? "" : "?" + rest);
    } else {
      *signed_target = std::string(path) + (query.empty() ? "" : "?" + std::string(query));
    }
  }
  return std::optional<RequestAuth>(auth);
}

Status VerifyRequestSignature(const order::PublicKey& key, std::string_view method,
                              std::string_view signed_target, std::string_view body,
                              const RequestAuth& auth) {
  const std::string msg = RequestSigningString(method, signed_target, body, auth);
  const Status s = order::VerifySignature(
      key, kRequestSignatureDomain, {reinterpret_cast<const uint8_t*>(msg.data()), msg.size()},
      auth.signature);
  if (!s.ok()) return Bad(kSignature, "does not verify for this user, method, target and body");
  return Status::Ok();
}

}  // namespace phantompool::api
