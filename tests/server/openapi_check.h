// Checks a response against the OpenAPI document the server publishes: the status's schema
// (or "default"), types, enums, numeric bounds, required properties, no unknown ones, array
// items, $refs.
#pragma once

#include <string>

#include "phantompool/api/json.h"

namespace phantompool::server::testing {

inline std::string CheckValue(const api::json& doc, const api::json& schema, const api::json& v,
                              const std::string& at) {
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    const std::string name = ref.substr(ref.rfind('/') + 1);
    if (!doc["components"]["schemas"].contains(name)) return at + ": unknown $ref " + ref;
    return CheckValue(doc, doc["components"]["schemas"][name], v, at);
  }
  if (schema.contains("type")) {
    std::vector<std::string> types;
    if (schema["type"].is_array()) {
      for (const auto& t : schema["type"]) types.push_back(t);
    } else {
      types.push_back(schema["type"]);
    }
    bool ok = false;
    for (const std::string& t : types) {
      ok |= (t == "object" && v.is_object()) || (t == "array" && v.is_array()) ||
            (t == "string" && v.is_string()) || (t == "integer" && v.is_number_integer()) ||
            (t == "number" && v.is_number()) || (t == "boolean" && v.is_boolean()) ||
            (t == "null" && v.is_null());
    }
    if (!ok) return at + ": " + v.dump() + " is not " + schema["type"].dump();
  }
  if (schema.contains("enum")) {
    bool listed = false;
    for (const auto& e : schema["enum"]) listed |= e == v;
    if (!listed) return at + ": " + v.dump() + " is not one of " + schema["enum"].dump();
  }
  if (v.is_number() && schema.contains("minimum") && v < schema["minimum"]) {
    return at + ": " + v.dump() + " is below " + schema["minimum"].dump();
  }
  if (v.is_number() && schema.contains("maximum") && v > schema["maximum"]) {
    return at + ": " + v.dump() + " is above " + schema["maximum"].dump();
  }
  if (v.is_object() && schema.contains("properties")) {
    for (const auto& r : schema.value("required", api::json::array())) {
      if (!v.contains(r.get<std::string>())) return at + ": missing " + r.get<std::string>();
    }
    for (const auto& [k, x] : v.items()) {
      if (!schema["properties"].contains(k)) {
        if (schema.value("additionalProperties", true) == false) return at + ": unknown " + k;
        continue;
      }
      std::string e = CheckValue(doc, schema["properties"][k], x, at + "." + k);
      if (!e.empty()) return e;
    }
  }
  if (v.is_array() && schema.contains("items")) {
    for (size_t i = 0; i < v.size(); ++i) {
      std::string e = CheckValue(doc, schema["items"], v[i], at + "[" + std::to_string(i) + "]");
      if (!e.empty()) return e;
    }
  }
  return "";
}

// "" when `body` with `status` is what the document says `method path` answers.
inline std::string CheckResponse(const api::json& doc, const std::string& method,
                                 const std::string& path, int status, const std::string& body) {
  if (!doc["paths"].contains(path) || !doc["paths"][path].contains(method)) {
    return "undocumented: " + method + " " + path;
  }
  const api::json& responses = doc["paths"][path][method]["responses"];
  const std::string code = std::to_string(status);
  const api::json& r = responses.contains(code) ? responses[code] : responses["default"];
  if (!responses.contains(code) && status < 400) return "undocumented status " + code;
  if (!r.contains("content") || !r["content"].contains("application/json")) return "";
  const api::json parsed = api::json::parse(body, nullptr, false);
  if (parsed.is_discarded()) return "not JSON: " + body.substr(0, 200);
  return CheckValue(doc, r["content"]["application/json"]["schema"], parsed, "body");
}

}  // namespace phantompool::server::testing
