#include "openapi.h"

#include <cctype>

#include "phantompool/auction/auction_result.h"

namespace phantompool::server {
namespace {

using api::json;

// "name:type" with type integer|string|boolean|object|array|number, a trailing '?' for a
// value that may be null. Every listed property is required; no other is allowed.
json Object(std::initializer_list<std::string_view> fields) {
  json props = json::object();
  json required = json::array();
  for (std::string_view f : fields) {
    const size_t colon = f.find(':');
    std::string name(f.substr(0, colon));
    std::string type(f.substr(colon + 1));
    const bool nullable = !type.empty() && type.back() == '?';
    if (nullable) type.pop_back();
    props[name] = nullable ? json{{"type", json::array({type, "null"})}} : json{{"type", type}};
    required.push_back(name);
  }
  return {{"type", "object"},
          {"properties", props},
          {"required", required},
          {"additionalProperties", false}};
}

json ArrayOf(const std::string& component) {
  return {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/" + component}}}};
}

json Components() {
  json s = json::object();
  s["Error"] = {
      {"type", "object"},
      {"properties", {{"error", Object({"code:string", "message:string", "field:string"})}}},
      {"required", {"error"}},
      {"additionalProperties", false}};
  s["Health"] = Object({"status:string", "live:boolean", "ready:boolean", "database:string",
                        "pairs:integer?", "stream_last_event_id:integer", "stream_sockets:integer",
                        "key_epoch:integer", "uptime_s:integer"});
  s["Keys"] = Object({"key_epoch:integer", "joint_public_key:string", "public_key_set:string",
                      "threshold:integer", "participants:integer"});
  s["Pair"] = Object({"id:integer",
                      "symbol:string",
                      "base_token:string",
                      "quote_token:string",
                      "base_token_name:string",
                      "quote_token_name:string",
                      "base_decimals:integer",
                      "quote_decimals:integer",
                      "base_lot:integer",
                      "quote_per_tick:integer",
                      "tick_size:integer",
                      "min_price:integer",
                      "max_price:integer",
                      "market_sell_collar:integer",
                      "market_buy_collar:integer",
                      "min_order_size:integer",
                      "max_order_size:integer",
                      "fee_bps:integer",
                      "batch_period_ms:integer",
                      "batch_max_orders:integer",
                      "is_active:boolean"});
  s["PairList"] = ArrayOf("Pair");
  s["Market"] = Object({"trading_pair_id:integer", "symbol:string", "last_price:integer?",
                        "high_24h:integer?", "low_24h:integer?", "volume_24h:integer",
                        "quote_volume_24h:integer", "sessions_24h:integer",
                        "active_buy_orders:integer", "active_sell_orders:integer"});
  s["MarketList"] = ArrayOf("Market");
  s["User"] =
      Object({"id:integer", "wallet_address:string", "public_key:string", "username:string?",
              "kyc_status:string", "trading_tier:string", "max_order_size:integer",
              "daily_volume_limit:integer", "is_active:boolean", "created_at:integer"});
  s["NewUser"] = Object({"wallet_address:string", "public_key:string", "username:string?"});
  s["NewUser"]["required"] = json::array({"wallet_address", "public_key"});
  s["Balance"] =
      Object({"token:string", "balance:integer", "available_commitment:string",
              "locked_commitment:string", "open_obligations:integer", "updated_at:integer"});
  s["BalanceList"] = ArrayOf("Balance");
  s["Transfer"] = Object({"id:integer", "token:string", "kind:string", "reference:string",
                          "amount:integer", "balance_after:integer", "created_at:integer"});
  s["Deposit"] = Object({"token:string", "amount:integer", "reference:string"});
  s["Withdrawal"] = Object({"token:string", "amount:integer", "reference:string",
                            "available_commitment:string", "proof:string"});
  s["Order"] =
      Object({"id:integer", "user_id:integer", "pair:string", "side:string", "order_type:string",
              "validity:string", "status:string", "expires_at:integer?", "min_fill_amount:integer?",
              "filled_amount:integer?", "remaining_amount:integer?", "matching_session_id:integer?",
              "obligation_token:string", "obligation_commitment:string", "encrypted_order:string",
              "created_at:integer", "updated_at:integer"});
  s["OrderList"] = ArrayOf("Order");
  s["OrderSubmission"] = Object({"order:object", "available_commitment:string"});
  s["Trade"] = Object({"id:integer", "matching_session_id:integer", "pair:string",
                       "buy_order_id:integer", "sell_order_id:integer", "side:string",
                       "amount:integer", "price:integer", "total_value:integer",
                       "buyer_fee:integer", "seller_fee:integer", "created_at:integer"});
  s["TradeList"] = ArrayOf("Trade");
  s["Session"] =
      Object({"id:integer", "trading_pair_id:integer", "pair:string", "session_number:integer",
              "status:string", "buy_orders_count:integer", "sell_orders_count:integer",
              "clearing_price:integer?", "total_volume:integer?", "total_quote_volume:integer?",
              "price_rule:string?", "vrf_seed:string", "vrf_output:string", "vrf_proof:string",
              "executor_node_ids:array", "failure_reason:string?", "created_at:integer",
              "settled_at:integer?", "failed_at:integer?"});
  // Which rule of the auction set the price (docs/auction.md): null until settled.
  json rules = json::array();
  for (auction::PriceRule r : auction::kPriceRules) rules.push_back(auction::PriceRuleName(r));
  rules.push_back(nullptr);
  s["Session"]["properties"]["price_rule"]["enum"] = rules;
  s["SessionList"] = ArrayOf("Session");
  s["SessionBatch"] = s["Session"];
  s["SessionBatch"]["properties"]["orders"] = {
      {"type", "array"},
      {"items", Object({"order_id:integer", "side:string", "order_type:string", "validity:string",
                        "ciphertext_hash:string"})}};
  s["SessionBatch"]["required"].push_back("orders");
  s["Executor"] =
      Object({"node_index:integer", "status:string", "endpoint_url:string", "key_epoch:integer",
              "last_heartbeat:integer?", "heartbeat_age_ms:integer?", "valid_responses:integer",
              "invalid_responses:integer", "missed_responses:integer",
              "unchecked_responses:integer", "reputation:integer"});
  // docs/executor.md, "Reputation": derived from the counts, 500 with none.
  s["Executor"]["properties"]["reputation"]["minimum"] = 0;
  s["Executor"]["properties"]["reputation"]["maximum"] = 1000;
  s["Executor"]["properties"]["recent_invalid_answers"] = {
      {"type", "array"},
      {"items",
       Object({"session_id:integer", "attempt:integer", "reason:string", "created_at:integer"})}};
  s["Executor"]["required"].push_back("recent_invalid_answers");
  s["ExecutorList"] = ArrayOf("Executor");
  s["SessionAudit"] = s["Session"];
  s["SessionAudit"]["properties"]["draw"] =
      Object({"key_epoch:integer", "batch_digest:string", "previous_vrf_output:string",
              "vrf_seed:string", "public_key_set:string"});
  s["SessionAudit"]["properties"]["responses"] = {
      {"type", "array"},
      {"items",
       Object({"attempt:integer", "node_index:integer", "asked:boolean", "valid:boolean",
               "combined:boolean", "reason:string", "latency_ms:integer", "response:string?"})}};
  s["SessionAudit"]["properties"]["excluded"] = {
      {"type", "array"},
      {"items", Object({"order_id:integer", "reason:string", "shared_point:string?"})}};
  s["SessionAudit"]["properties"]["opened_orders"] = {
      {"type", "array"},
      {"items", Object({"order_id:integer", "owner:string", "side:string", "order_type:string",
                        "validity:string", "size:integer", "size_in_session:integer",
                        "limit_price:integer?", "min_fill:integer", "expiry:integer?",
                        "opened_in_session:integer", "ciphertext_hash:string"})}};
  s["SessionAudit"]["properties"]["trades"] = {
      {"type", "array"},
      {"items", Object({"buy_order_id:integer", "sell_order_id:integer", "amount:integer",
                        "price:integer"})}};
  for (const char* k : {"draw", "responses", "excluded", "opened_orders", "trades"}) {
    s["SessionAudit"]["required"].push_back(k);
  }
  s["Event"] = Object({"id:integer", "topic:string", "event_type:string",
                       "trading_pair_id:integer?", "payload:object", "created_at:integer"});
  return s;
}

const char* kSignatureHeaders[] = {"X-PP-User", "X-PP-Timestamp", "X-PP-Nonce", "X-PP-Signature"};

}  // namespace

json OpenApiDocument(const Router& router) {
  json paths = json::object();
  for (const Route& r : router.routes()) {
    json op = {{"summary", r.summary}, {"operationId", r.method + " " + r.pattern}};
    json params = json::array();
    for (size_t i = 0; (i = r.pattern.find('{', i)) != std::string::npos; ++i) {
      const size_t end = r.pattern.find('}', i);
      params.push_back({{"name", r.pattern.substr(i + 1, end - i - 1)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "integer"}, {"minimum", 1}}}});
    }
    for (const std::string& q : r.query) {
      params.push_back(
          {{"name", q},
           {"in", "query"},
           {"required", q == "pair" && r.pattern == "/v1/sessions"},
           {"schema", {{"type", q == "pair" || q == "status" ? "string" : "integer"}}}});
    }
    if (r.access != Access::kPublic) {
      for (const char* h : kSignatureHeaders) {
        params.push_back(
            {{"name", h}, {"in", "header"}, {"required", true}, {"schema", {{"type", "string"}}}});
      }
    }
    if (!params.empty()) op["parameters"] = params;
    if (!r.request_schema.empty()) {
      op["requestBody"] = {
          {"required", true},
          {"content",
           {{"application/json",
             {{"schema", {{"$ref", "#/components/schemas/" + r.request_schema}}}}}}}};
    }
    const std::string ok =
        r.method == "POST" && r.pattern.find("cancel") == std::string::npos ? "201" : "200";
    json responses = json::object();
    if (r.response_schema.empty()) {
      responses[ok] = {{"description", "OK"}, {"content", {{"text/plain", json::object()}}}};
    } else {
      responses[ok] = {{"description", "OK"},
                       {"content",
                        {{"application/json",
                          {{"schema", {{"$ref", "#/components/schemas/" + r.response_schema}}}}}}}};
    }
    if (r.pattern == "/health") responses["503"] = responses[ok];  // not ready: same body
    if (r.method == "POST" && r.pattern == "/v1/orders") {
      responses["200"] = responses[ok];  // a repeat of an order already held
      responses["200"]["description"] = "The order already held (a resent submission)";
    }
    responses["default"] = {
        {"description", "An error: code, message and the field it concerns"},
        {"content",
         {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
    op["responses"] = responses;
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[r.pattern][method] = op;
  }
  paths["/v1/stream"]["get"] = {
      {"summary",
       "WebSocket: events after `after_id`, in order (public ones, and the caller's own when "
       "signed with pp_user, pp_ts, pp_nonce, pp_sig query parameters); each frame is an Event"},
      {"operationId", "GET /v1/stream"},
      {"parameters", json::array({{{"name", "after_id"},
                                   {"in", "query"},
                                   {"required", false},
                                   {"schema", {{"type", "integer"}}}}})},
      {"responses",
       {{"101", {{"description", "Switching protocols; frames follow the Event schema"}}}}}};
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "PhantomPool API"},
            {"version", "1"},
            {"description",
             "A sealed-bid dark pool. Amounts are integers (lots, ticks, ledger units); "
             "binary values are lower-case hex; times are microseconds since the epoch."}}},
          {"paths", paths},
          {"components", {{"schemas", Components()}}}};
}

}  // namespace phantompool::server
