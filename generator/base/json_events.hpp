// Reading large JSON documents without a tree: nlohmann::json::sax_parse with
// a handler that sees each value once, with its depth, and can skip whole
// containers it has no use for. The previous publication's manifest.json and
// change log are read this way: at national scale a tree of them costs
// hundreds of megabytes more than the maps they are read into.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mb::json_events {

enum class Kind { null, boolean, integer, unsigned_integer, floating, string, object, array };

/// One scalar value. `text` is set for strings (the handler may move from
/// it); `unsigned_value` for unsigned integers.
struct Scalar {
  Kind kind = Kind::null;
  std::string* text = nullptr;
  std::uint64_t unsigned_value = 0;
};

/// Adapts a Handler to nlohmann's SAX interface. The handler provides
///   void key(int depth, std::string& key);          // a member's key, at the member's depth
///   void value(int depth, const Scalar& value);     // a scalar
///   bool open(int depth, bool object);              // a container; false skips its contents
///   void close(int depth);                          // end of a container open() accepted
/// The root value has depth 0, its members or elements depth 1, and so on.
template <class Handler>
class Reader {
 public:
  explicit Reader(Handler& handler) : h_(handler) {}

  bool null() { return scalar(Scalar{Kind::null}); }
  bool boolean(bool) { return scalar(Scalar{Kind::boolean}); }
  bool number_integer(std::int64_t) { return scalar(Scalar{Kind::integer}); }
  bool number_unsigned(std::uint64_t v) { return scalar(Scalar{Kind::unsigned_integer, nullptr, v}); }
  bool number_float(double, const std::string&) { return scalar(Scalar{Kind::floating}); }
  bool string(std::string& s) { return scalar(Scalar{Kind::string, &s}); }
  bool binary(nlohmann::json::binary_t&) { return scalar(Scalar{Kind::null}); }
  bool start_object(std::size_t) { return open(true); }
  bool start_array(std::size_t) { return open(false); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string& k) {
    if (skipped_ == 0) h_.key(depth_, k);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  bool scalar(const Scalar& s) {
    if (skipped_ == 0) h_.value(depth_, s);
    return true;
  }
  bool open(bool object) {
    if (skipped_ > 0 || !h_.open(depth_, object)) ++skipped_;
    else ++depth_;
    return true;
  }
  bool close() {
    if (skipped_ > 0) {
      --skipped_;
    } else {
      --depth_;
      h_.close(depth_);
    }
    return true;
  }

  Handler& h_;
  int depth_ = 0;
  std::size_t skipped_ = 0;  // containers open inside one the handler skipped
};

/// Parses `text` with `handler`; false when it is not valid JSON (the
/// handler may then hold part of the document).
template <class Handler>
bool parse(std::string_view text, Handler& handler) {
  Reader<Handler> reader(handler);
  return nlohmann::json::sax_parse(text, &reader, nlohmann::json::input_format_t::json, true);
}

}  // namespace mb::json_events
