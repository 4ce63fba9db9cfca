// Router: the API's routes as one table — method, path pattern, who may call it, and the
// handler. The same table feeds the OpenAPI document (openapi.cc), so a route cannot exist
// without being documented, and the test checks every response against it.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/net/http.h"

namespace phantompool::server {

enum class Access : uint8_t {
  kPublic,       // anyone; a signature, if present, is still checked
  kTrader,       // a signed request of a registered user
  kRegistering,  // signed with the key in the body (POST /v1/users)
};

// One request as a handler sees it: authenticated, with its path parameters.
struct Call {
  const net::HttpRequest& http;
  std::map<std::string, std::string> params;  // {id} → "42"
  int64_t user_id = 0;                        // the authenticated trader (kTrader)
};

// A handler returns the JSON body and status, or a Status that becomes an error body.
struct Reply {
  int status = 200;
  std::string body;  // JSON
  std::string content_type = "application/json";
};
using Handler = std::function<Result<Reply>(const Call&)>;

struct Route {
  std::string method;
  std::string pattern;  // "/v1/orders/{id}/cancel"
  Access access = Access::kPublic;
  std::string summary;
  std::string response_schema;     // a component of the OpenAPI document ("Order", "OrderList")
  std::string request_schema;      // "" when the route takes no body
  std::vector<std::string> query;  // query parameters it reads
  Handler handler;
};

class Router {
 public:
  void Add(Route route);
  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    bool path_known = false;  // some route has this path (405 rather than 404)
  };
  Match Find(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Reply helpers.
Reply JsonReply(int status, const std::string& body);

}  // namespace phantompool::server
