// The OpenAPI 3.1 document of the API, built from the router's table (every route, its
// access, parameters, request and response schema) and the component schemas below, which
// describe exactly what api/resources.cc writes. tests/server checks every route is in it
// and every response the end-to-end test receives against its schema.
#pragma once

#include "phantompool/api/json.h"
#include "router.h"

namespace phantompool::server {

api::json OpenApiDocument(const Router& router);

}  // namespace phantompool::server
