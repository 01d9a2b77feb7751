#include "feeds/json_writer.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "base/text.hpp"

namespace mb::feeds {

using ojson = nlohmann::ordered_json;

void append_json_string(std::string& out, std::string_view s) {
  if (text::invalid_utf8_offset(s, false) != text::npos) {
    // rare: nlohmann's replacement of each bad sequence by U+FFFD is the reference
    out += ojson(std::string(s)).dump(-1, ' ', false, ojson::error_handler_t::replace);
    return;
  }
  static const char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

namespace {

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// The literal as nlohmann prints the number it parses to, when that is plain
// to see: an integer of up to 18 digits is itself; a decimal with up to 15
// significant digits (which a double keeps exactly) and a short exponent
// loses its trailing zeros, keeping one (".0"). Anything else: empty.
std::string plain_number(std::string_view lit) {
  std::string_view body = lit;
  bool negative = !body.empty() && body[0] == '-';
  if (negative) body.remove_prefix(1);
  auto dot = body.find('.');
  std::string_view whole = body.substr(0, dot);
  if (!digits(whole) || (whole.size() > 1 && whole[0] == '0')) return {};
  if (dot == std::string_view::npos) {
    if (whole.size() > 18 || (negative && whole == "0")) return {};
    return std::string(lit);
  }
  std::string_view frac = body.substr(dot + 1);
  if (!digits(frac)) return {};
  while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
  std::size_t significant, lead = 0;
  if (whole == "0") {
    while (lead < frac.size() && frac[lead] == '0') ++lead;
    if (lead == frac.size()) return {};  // zero (or minus zero)
    if (lead > 3) return {};             // 0.0000x: nlohmann writes an exponent
    significant = frac.size() - lead;
  } else {
    if (whole.size() > 15) return {};
    significant = whole.size() + frac.size();
  }
  if (significant > 15) return {};
  std::string out(lit.substr(0, (negative ? 1 : 0) + whole.size() + 1));
  if (frac.empty()) out += '0';
  else out += frac;
  return out;
}

}  // namespace

void JsonWriter::indent(std::size_t depth) {
  out_ += '\n';
  out_.append(2 * depth, ' ');
}

void JsonWriter::value_start() {
  if (stack_.empty()) {
    if (wrote_top_) throw std::logic_error("JsonWriter: a second top-level value");
    wrote_top_ = true;
    return;
  }
  Level& l = stack_.back();
  if (l.object) {
    if (!key_pending_) throw std::logic_error("JsonWriter: a value where a key is due");
    key_pending_ = false;
    return;
  }
  out_ += l.empty ? "" : ",";
  l.empty = false;
  indent(stack_.size());
}

void JsonWriter::key(std::string_view k) {
  if (stack_.empty() || !stack_.back().object || key_pending_)
    throw std::logic_error("JsonWriter: a key outside an object");
  Level& l = stack_.back();
  if (!l.empty) out_ += ',';
  l.empty = false;
  indent(stack_.size());
  append_json_string(out_, k);
  out_ += ": ";
  key_pending_ = true;
}

void JsonWriter::open(bool object, char c) {
  value_start();
  out_ += c;
  stack_.push_back(Level{object});
}

void JsonWriter::close(bool object, char c) {
  if (stack_.empty() || stack_.back().object != object || key_pending_)
    throw std::logic_error("JsonWriter: an end without its begin");
  bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) indent(stack_.size());
  out_ += c;
}

void JsonWriter::begin_object() { open(true, '{'); }
void JsonWriter::end_object() { close(true, '}'); }
void JsonWriter::begin_array() { open(false, '['); }
void JsonWriter::end_array() { close(false, ']'); }

void JsonWriter::string(std::string_view s) {
  value_start();
  append_json_string(out_, s);
}

void JsonWriter::null() {
  value_start();
  out_ += "null";
}

void JsonWriter::boolean(bool b) {
  value_start();
  out_ += b ? "true" : "false";
}

void JsonWriter::integer(std::int64_t v) {
  value_start();
  out_ += std::to_string(v);
}

void JsonWriter::number_literal(std::string_view literal) {
  std::string plain = plain_number(literal);
  if (plain.empty()) {  // throws on a non-number, as the tree-built download did
    ojson n = ojson::parse(literal);
    if (!n.is_number()) throw std::invalid_argument("JsonWriter: not a number: " + std::string(literal));
    plain = n.dump();
  }
  value_start();
  out_ += plain;
}

}  // namespace mb::feeds
