#include "data/json_source.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <memory>

#include "base/fs.hpp"
#include "base/text.hpp"

namespace mb::json {

namespace {

// A forward iterator over the text that records how many bytes the parser
// has consumed, so each SAX event knows where its token ends.
class CountingIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator() = default;
  CountingIterator(const char* p, const char* base, std::size_t* consumed) : p_(p), base_(base), consumed_(consumed) {}
  reference operator*() const { return *p_; }
  CountingIterator& operator++() {
    ++p_;
    if (consumed_) *consumed_ = static_cast<std::size_t>(p_ - base_);
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const CountingIterator& o) const { return p_ == o.p_; }
  bool operator!=(const CountingIterator& o) const { return p_ != o.p_; }

 private:
  const char* p_ = nullptr;
  const char* base_ = nullptr;
  std::size_t* consumed_ = nullptr;
};

std::string normalised(std::string& s) {
  if (text::is_nfc(s)) return std::move(s);
  return text::nfc(s);
}

class Builder {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  Builder(Document& doc, Diagnostics& diags, const ParseOptions& opt, std::size_t start)
      : doc_(doc), diags_(diags), opt_(opt), cursor_(doc.text), last_end_(start) {}

  std::size_t consumed = 0;  // written by CountingIterator
  bool failed = false;

  bool null() { return scalar(Json(nullptr)); }
  bool boolean(bool b) { return scalar(Json(b)); }
  bool number_integer(number_integer_t v) { return scalar(Json(v)); }
  bool number_unsigned(number_unsigned_t v) { return scalar(Json(v)); }
  bool number_float(number_float_t v, const string_t& s) {
    if (!std::isfinite(v)) {
      SourcePos p = token_start();
      doc_.error_at(diags_, p, "number out of range: " + s);
      failed = true;
      return false;
    }
    return scalar(Json(v));
  }
  bool string(string_t& s) {
    if (!controls_ok(s)) return false;
    return scalar(Json(normalised(s)));
  }
  bool binary(binary_t&) { return scalar(Json(nullptr)); }  // never produced by the JSON lexer

  bool start_object(std::size_t) { return open(Json::object()); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(string_t& k) {
    if (!controls_ok(k)) return false;
    SourcePos p = token_start();
    last_end_ = consumed;
    Frame& f = stack_.back();
    f.key = normalised(k);
    if (f.discarded) return true;
    std::string ptr = pointer_append(f.pointer, f.key);
    if (f.value->contains(f.key)) {
      // keep the first value; the duplicate's value is parsed into scratch
      SourcePos first = doc_.key(ptr);
      doc_.error_at(diags_, p, "duplicate key '" + f.key + "'",
                    {"first defined at line " + std::to_string(first.line) + ", column " + std::to_string(first.col)});
      failed = true;
      f.discard_next = true;
      return true;
    }
    doc_.key_pos.emplace(ptr, p);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::detail::exception& ex) {
    failed = true;
    if (ex.id == 406) {  // out_of_range.406: number overflow
      doc_.error_at(diags_, token_start(), "number out of range: " + last_token);
      return false;
    }
    std::string what = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: <message>"
    std::size_t col = what.find(", column ");
    std::size_t colon = col == std::string::npos ? std::string::npos : what.find(": ", col);
    std::string msg = colon == std::string::npos ? what.substr(what.find("] ") + 2) : what.substr(colon + 2);
    std::size_t offset = position > 0 ? position - 1 : 0;
    doc_.error_at(diags_, position_of(doc_.text, offset), "malformed JSON: " + msg);
    return false;
  }

 private:
  struct Frame {
    Json* value = nullptr;
    std::string pointer;
    bool discarded = false;  // this container is (inside) a duplicate's value
    std::size_t next_index = 0;
    std::string key;
    bool discard_next = false;  // the current member's key was a duplicate
  };

  struct Slot {
    Json* value;
    std::string pointer;
    bool discarded;
  };

  // An escaped control character ("\u0000", "\u001b") is refused: it would
  // reach pages and make feeds ill-formed XML. TAB, LF and CR are text.
  bool controls_ok(const string_t& s) {
    for (char ch : s) {
      unsigned char c = static_cast<unsigned char>(ch);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "U+%04X", c);
        doc_.error_at(diags_, token_start(), std::string("control character ") + buf + " in a string");
        failed = true;
        return false;
      }
    }
    return true;
  }

  // First byte of the current token: skip whitespace and separators after
  // the end of the previous token.
  SourcePos token_start() {
    const std::string& t = doc_.text;
    std::size_t i = last_end_;
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r' || t[i] == ',' || t[i] == ':'))
      ++i;
    return cursor_.at(i);
  }

  // Where the next value goes.
  Slot slot() {
    if (stack_.empty()) return {&doc_.root, "", false};
    Frame& f = stack_.back();
    if (f.value->is_array()) {
      std::string ptr = pointer_append(f.pointer, f.next_index++);
      if (f.discarded) return {scratch(), ptr, true};
      f.value->push_back(Json());
      return {&f.value->back(), ptr, false};
    }
    std::string ptr = pointer_append(f.pointer, f.key);
    if (f.discarded || f.discard_next) {
      f.discard_next = false;
      return {scratch(), ptr, true};
    }
    return {&(*f.value)[f.key], ptr, false};
  }

  Json* scratch() {
    scratch_.push_back(std::make_unique<Json>());
    return scratch_.back().get();
  }

  bool scalar(Json v) {
    SourcePos p = token_start();
    last_end_ = consumed;
    Slot s = slot();
    *s.value = std::move(v);
    if (!s.discarded) doc_.value_pos.emplace(s.pointer, p);
    return true;
  }

  bool open(Json v) {
    SourcePos p = token_start();
    last_end_ = consumed;
    if (stack_.size() >= opt_.max_depth) {
      doc_.error_at(diags_, p, "nesting too deep (more than " + std::to_string(opt_.max_depth) + " levels)");
      failed = true;
      return false;
    }
    Slot s = slot();
    *s.value = std::move(v);
    if (!s.discarded) doc_.value_pos.emplace(s.pointer, p);
    Frame f;
    f.value = s.value;
    f.pointer = std::move(s.pointer);
    f.discarded = s.discarded;
    stack_.push_back(std::move(f));
    return true;
  }

  bool close() {
    last_end_ = consumed;
    stack_.pop_back();
    return true;
  }

  Document& doc_;
  Diagnostics& diags_;
  const ParseOptions& opt_;
  LineCursor cursor_;
  std::size_t last_end_;
  std::vector<Frame> stack_;
  std::vector<std::unique_ptr<Json>> scratch_;
};

}  // namespace

SourcePos LineCursor::at(std::size_t offset) {
  if (offset < offset_) {  // moving backwards: start again
    offset_ = 0;
    pos_ = {1, 1};
  }
  if (offset > text_.size()) offset = text_.size();
  // the position within the slice since the last call, added to the last one
  SourcePos rel = position_of(text_.substr(offset_, offset - offset_), offset - offset_);
  if (rel.line > 1) {
    pos_.line += rel.line - 1;
    pos_.col = rel.col;
  } else {
    pos_.col += rel.col - 1;
  }
  offset_ = offset;
  return pos_;
}

std::string pointer_append(std::string_view pointer, std::string_view token) {
  std::string out(pointer);
  out.reserve(out.size() + token.size() + 1);
  out += '/';
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string pointer_append(std::string_view pointer, std::size_t index) {
  std::string out(pointer);
  out += '/';
  out += std::to_string(index);
  return out;
}

SourcePos Document::pos(std::string_view pointer) const {
  std::string p(pointer);
  while (true) {
    auto it = value_pos.find(p);
    if (it != value_pos.end()) return it->second;
    if (p.empty()) return {1, 1};
    p.erase(p.rfind('/'));
  }
}

SourcePos Document::key(std::string_view pointer) const {
  auto it = key_pos.find(std::string(pointer));
  if (it != key_pos.end()) return it->second;
  return pos(pointer);
}

void Document::error(Diagnostics& diags, std::string_view pointer, std::string message,
                     std::vector<std::string> notes, bool at_key) const {
  error_at(diags, at_key ? key(pointer) : pos(pointer), std::move(message), std::move(notes));
}

void Document::error_at(Diagnostics& diags, SourcePos p, std::string message, std::vector<std::string> notes) const {
  Diagnostic d;
  d.path = path;
  d.line = p.line;
  d.col = p.col;
  d.message = std::move(message);
  d.notes = std::move(notes);
  if (p.line > 0) d.source_line = line_of(text, p.line);
  diags.add(std::move(d));
}

bool parse(std::string text, const std::string& path, Document& out, Diagnostics& diags, const ParseOptions& options) {
  out.path = path;
  out.text = std::move(text);
  out.root = Json();
  out.value_pos.clear();
  out.key_pos.clear();
  const std::string& t = out.text;
  std::size_t bad = text::invalid_utf8_offset(t);
  if (bad != text::npos) {
    out.error_at(diags, position_of(t, bad),
                 t[bad] == '\0' ? "NUL byte in text" : "invalid UTF-8 byte sequence");
    return false;
  }
  std::size_t start = text::starts_with(t, "\xEF\xBB\xBF") ? 3 : 0;  // BOM
  Builder b(out, diags, options, start);
  const char* base = t.data();
  CountingIterator first(base + start, base, &b.consumed), last(base + t.size(), base, nullptr);
  b.consumed = start;
  bool ok = Json::sax_parse(first, last, &b, nlohmann::json::input_format_t::json, true, false);
  if (!ok || b.failed) {
    if (!ok && !b.failed) out.error_at(diags, {1, 1}, "malformed JSON");
    return false;
  }
  return true;
}

bool read_capped(const std::filesystem::path& file, const std::string& path, std::size_t max_bytes, std::string& out,
                 Diagnostics& diags) {
  auto too_large = [&](std::uintmax_t size) {
    diags.error(path, 0, 0,
                "file too large (" + std::to_string(size) + " bytes; the limit is " + std::to_string(max_bytes) +
                    " bytes)");
    return false;
  };
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  if (!ec && size > max_bytes) return too_large(size);
  std::string err;
  if (!fs::read_file(file, out, &err)) {
    diags.error(path, 0, 0, err);
    return false;
  }
  if (out.size() > max_bytes) return too_large(out.size());  // grew while reading
  return true;
}

bool load_file(const std::filesystem::path& file, const std::string& path, Document& out, Diagnostics& diags,
               const ParseOptions& options) {
  std::string text;
  if (!read_capped(file, path, options.max_bytes, text, diags)) return false;
  return parse(std::move(text), path, out, diags, options);
}

const char* type_name(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "number";
    case Json::value_t::string: return "string";
    case Json::value_t::array: return "array";
    case Json::value_t::object: return "object";
    default: return "value";
  }
}

std::string describe(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::string: {
      const auto& s = v.get_ref<const std::string&>();
      if (text::length_utf8(s) <= 40) return "a string (\"" + s + "\")";
      return "a string";
    }
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    default: return "a number";
  }
}

std::string format_number(double v) {
  char buf[64];
  for (int prec = 6; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

}  // namespace mb::json
