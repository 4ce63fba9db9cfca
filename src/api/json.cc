#include "phantompool/api/json.h"

#include <vector>

namespace phantompool::api {
namespace {

// A SAX handler that builds the DOM while refusing duplicate keys and deep nesting.
class StrictBuilder : public nlohmann::json_sax<json> {
 public:
  explicit StrictBuilder(size_t max_depth) : max_depth_(max_depth) {}

  bool null() override { return Put(json(nullptr)); }
  bool boolean(bool v) override { return Put(json(v)); }
  bool number_integer(number_integer_t v) override { return Put(json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Put(json(v)); }
  bool number_float(number_float_t v, const string_t&) override { return Put(json(v)); }
  bool string(string_t& v) override { return Put(json(std::move(v))); }
  bool binary(binary_t&) override { return Fail("binary values are not JSON"); }
  bool start_object(std::size_t) override { return Open(json::object()); }
  bool key(string_t& k) override {
    json& obj = *stack_.back().value;
    if (obj.contains(k)) return Fail("duplicate key '" + k.substr(0, 64) + "'");
    stack_.back().key = std::move(k);
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(json::array()); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t pos, const std::string&,
                   const nlohmann::detail::exception&) override {
    return Fail("not valid JSON (at byte " + std::to_string(pos) + ")");
  }

  json root;
  std::string error;

 private:
  struct Frame {
    json* value;
    std::string key;
  };

  bool Fail(std::string why) {
    if (error.empty()) error = std::move(why);
    return false;
  }
  json* Slot(json v) {
    if (stack_.empty()) {
      root = std::move(v);
      return &root;
    }
    Frame& top = stack_.back();
    if (top.value->is_array()) {
      top.value->push_back(std::move(v));
      return &top.value->back();
    }
    json& slot = (*top.value)[top.key];
    slot = std::move(v);
    return &slot;
  }
  bool Put(json v) {
    Slot(std::move(v));
    return true;
  }
  bool Open(json container) {
    if (stack_.size() >= max_depth_) return Fail("nested too deeply");
    json* slot = Slot(std::move(container));
    stack_.push_back({slot, {}});
    return true;
  }
  bool Close() {
    stack_.pop_back();
    return true;
  }

  size_t max_depth_;
  std::vector<Frame> stack_;
};

}  // namespace

Result<json> ParseJsonStrict(std::string_view text, std::string_view field, size_t max_depth) {
  StrictBuilder builder(max_depth);
  const bool ok = json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json,
                                  /*strict=*/true);
  if (!ok) {
    return Status::InvalidArgument(std::string(field),
                                   builder.error.empty() ? "not valid JSON" : builder.error);
  }
  return std::move(builder.root);
}

std::string ErrorJson(const Status& status) {
  nlohmann::ordered_json error;
  error["code"] = StatusCodeName(status.code());
  error["message"] = status.message();
  error["field"] = status.field();
  nlohmann::ordered_json out;
  out["error"] = std::move(error);
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Status StatusFromErrorJson(int http_status, std::string_view body) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object() && j.contains("error") && j["error"].is_object()) {
    const json& e = j["error"];
    if (e.contains("code") && e["code"].is_string()) {
      const auto code = ParseStatusCode(e["code"].get<std::string>());
      const std::string field = e.contains("field") && e["field"].is_string()
                                    ? e["field"].get<std::string>()
                                    : std::string();
      const std::string message = e.contains("message") && e["message"].is_string()
                                      ? e["message"].get<std::string>()
                                      : std::string();
      if (code) return Status::FromCode(*code, field, message);
    }
  }
  return Status::Internal("http", "HTTP " + std::to_string(http_status) + " without an error body");
}

Status ObjectReader::Keys(const std::set<std::string>& required,
                          const std::set<std::string>& optional) {
  if (!object_.is_object()) return Status::InvalidArgument(path_, "must be a JSON object");
  for (const auto& [k, _] : object_.items()) {
    if (!required.count(k) && !optional.count(k)) {
      return Status::InvalidArgument(Field(k.substr(0, 64)), "unknown field");
    }
  }
  for (const auto& k : required) {
    if (!object_.contains(k)) return Status::InvalidArgument(Field(k), "missing");
  }
  return Status::Ok();
}

std::string ObjectReader::Field(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

Result<std::string> ObjectReader::String(const std::string& key, size_t max_len) const {
  const json& v = object_.at(key);
  if (!v.is_string()) return Status::InvalidArgument(Field(key), "must be a string");
  const auto& s = v.get_ref<const std::string&>();
  if (s.size() > max_len) {
    return Status::InvalidArgument(Field(key), "longer than " + std::to_string(max_len));
  }
  return s;
}

Result<uint64_t> ObjectReader::Unsigned(const std::string& key) const {
  const json& v = object_.at(key);
  if (!v.is_number_unsigned()) {
    return Status::InvalidArgument(Field(key), "must be a non-negative integer");
  }
  return v.get<uint64_t>();
}

Result<int64_t> ObjectReader::Int(const std::string& key) const {
  const json& v = object_.at(key);
  if (!v.is_number_integer()) return Status::InvalidArgument(Field(key), "must be an integer");
  if (v.is_number_unsigned() && v.get<uint64_t>() > INT64_MAX) {
    return Status::InvalidArgument(Field(key), "out of range");
  }
  return v.get<int64_t>();
}

Result<bool> ObjectReader::Bool(const std::string& key) const {
  const json& v = object_.at(key);
  if (!v.is_boolean()) return Status::InvalidArgument(Field(key), "must be true or false");
  return v.get<bool>();
}

}  // namespace phantompool::api
