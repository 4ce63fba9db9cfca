// ParseReplayInput: one pass over the text (json_reader.h), building the orders as the
// events arrive. No document tree is built, and every event costs O(1) (a key is looked up
// in a table of at most 19 names; duplicates are a bit in a mask), so parsing is linear in
// the input whatever its shape; the first problem in document order stops it.
#include "auction/json_reader.h"
#include "auction/replay_builder.h"
#include "phantompool/auction/replay_json.h"
#include "phantompool/common/check.h"

namespace phantompool::auction {
namespace {

using internal::Ctx;
using internal::FieldSpec;

class ReplayHandler {
 public:
  // The SAX events of json_reader.h (nlohmann's interface).
  bool null() {
    return Scalar([&](Ctx c, int f) { return builder_.Null(c, f); });
  }
  bool boolean(bool) { return TypeError(); }
  bool number_integer(int64_t) { return TypeError(); }  // negative
  bool number_float(double, const std::string&) { return TypeError(); }
  bool number_unsigned(uint64_t v) {
    return Scalar([&](Ctx c, int f) { return builder_.Unsigned(c, f, v); });
  }
  bool string(std::string& s) {
    return Scalar([&](Ctx c, int f) { return builder_.Text(c, f, s); });
  }
  bool start_object(std::size_t) {
    if (stack_.empty()) return Push(Ctx::kTop);
    const FieldSpec* f = Target();
    if (f == nullptr || (f->kind != internal::Kind::kObject && f->kind != internal::Kind::kPair)) {
      return TypeError();
    }
    builder_.StartObject(f->child);
    return Push(f->child);
  }
  bool start_array(std::size_t) {
    const FieldSpec* f = stack_.empty() ? nullptr : Target();
    if (f == nullptr || f->kind != internal::Kind::kArray) return TypeError();
    return Push(f->child);
  }
  bool key(std::string& k) {
    internal::Frame& top = stack_.back();
    const int field = internal::FindField(top.ctx, k);
    if (field < 0) {
      return Fail(
          Status::InvalidArgument(internal::KeyPath(stack_, k.substr(0, 64)), "unknown field"));
    }
    if (top.seen & (1u << field)) {
      return Fail(Status::InvalidArgument(internal::KeyPath(stack_, k), "duplicate key"));
    }
    top.seen |= 1u << field;
    top.field = field;
    return true;
  }
  bool end_object() {
    const internal::Frame& top = stack_.back();
    const auto fields = internal::FieldsOf(top.ctx);
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].required && !(top.seen & (1u << i))) {
        return Fail(Status::InvalidArgument(internal::KeyPath(stack_, fields[i].name), "required"));
      }
    }
    Status s = builder_.EndObject(top.ctx);
    if (!s.ok()) return Fail(Named(std::move(s), internal::ValuePath(stack_, stack_.size() - 1)));
    return Pop();
  }
  bool end_array() { return Pop(); }
  bool parse_error(std::size_t position, const std::string&, const std::string& what) {
    if (error_.ok()) {
      error_ = Status::InvalidArgument(
          "input", "not valid JSON at byte " + std::to_string(position) + ": " + what);
    }
    return false;
  }

  Status error() const { return error_; }
  void ExpectOrders(size_t count) { builder_.ExpectOrders(count); }
  Result<ReplayInput> Take() { return builder_.Build(); }

 private:
  // The field the next value belongs to: the pending key of an object, or the element of
  // an array (described by the array field's spec, with the element kind).
  const FieldSpec* Target() const {
    const internal::Frame& top = stack_.back();
    if (internal::IsArray(top.ctx)) return &internal::ElementOf(top.ctx);
    return top.field < 0 ? nullptr : &internal::FieldsOf(top.ctx)[top.field];
  }
  std::string Where() const { return internal::ValuePath(stack_, stack_.size()); }

  template <typename F>
  bool Scalar(F&& store) {
    if (stack_.empty() || Target() == nullptr) return TypeError();
    const internal::Frame& top = stack_.back();
    Status s = store(top.ctx, internal::IsArray(top.ctx) ? -1 : top.field);
    if (!s.ok()) return Fail(Named(std::move(s), Where()));
    ValueDone();
    return true;
  }
  // An error about the value being read has no field yet: it gets the value's path.
  static Status Named(Status s, const std::string& path) {
    return s.field().empty() ? s.WithFieldPrefix(path) : s;
  }
  bool TypeError() {
    if (stack_.empty()) return Fail(Status::InvalidArgument("input", "must be a JSON object"));
    const FieldSpec* f = Target();
    PP_CHECK(f != nullptr);  // a value without a key is a syntax error the reader reports
    return Fail(internal::TypeErrorFor(Where(), *f));
  }
  bool Push(Ctx ctx) {
    stack_.push_back({ctx, -1, 0, 0});
    return true;
  }
  bool Pop() {
    stack_.pop_back();
    if (!stack_.empty()) ValueDone();
    return true;
  }
  void ValueDone() {
    internal::Frame& top = stack_.back();
    if (internal::IsArray(top.ctx)) {
      ++top.index;
    } else {
      top.field = -1;
    }
  }
  bool Fail(Status s) {
    if (error_.ok()) error_ = std::move(s);
    return false;
  }

  std::vector<internal::Frame> stack_;
  internal::ReplayBuilder builder_;
  Status error_;
};

}  // namespace

Result<ReplayInput> ParseReplayInput(std::string_view text) {
  ReplayHandler handler;
  // An order takes 150 bytes or more in any layout: reserve for that many, at most.
  handler.ExpectOrders(text.size() / 150);
  internal::JsonReader reader(text);
  const bool ok = reader.Read(handler);
  if (!ok || !handler.error().ok()) {
    Status s = handler.error();
    if (s.ok()) s = Status::InvalidArgument("input", "not valid JSON");
    return s;
  }
  return handler.Take();
}

}  // namespace phantompool::auction
