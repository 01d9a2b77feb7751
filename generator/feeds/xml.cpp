#include "feeds/xml.hpp"

#include <cstdint>
#include <stdexcept>
#include <vector>


#include "base/text.hpp"

namespace mb::feeds {

namespace {

bool is_xml_char(std::uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

// Decodes one UTF-8 sequence at `i`; returns its length, or 0 when invalid
// (overlong, surrogate, past U+10FFFF, truncated).
std::size_t decode(std::string_view s, std::size_t i, std::uint32_t& cp) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  unsigned char c = p[i];
  std::size_t len;
  if (c < 0x80) { cp = c; return 1; }
  if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
  else return 0;
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((p[i + k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i + k] & 0x3F);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return 0;
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

}  // namespace

bool is_xml_text(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < s.size();) {
    if (p[i] >= 0x20 && p[i] < 0x80) {  // printable ASCII, most of the text: no decoding
      ++i;
      continue;
    }
    std::uint32_t cp;
    std::size_t len = decode(s, i, cp);
    if (len == 0 || !is_xml_char(cp)) return false;
    i += len;
  }
  return true;
}

std::string clean_text(std::string_view s) {
  // the usual case, in one pass: printable ASCII, and characters that are XML
  // text and NFC whatever surrounds them
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  bool plain = true;
  for (std::size_t i = 0; i < s.size();) {
    if (p[i] >= 0x20 && p[i] < 0x80) {
      ++i;
      continue;
    }
    std::uint32_t cp;
    std::size_t len = decode(s, i, cp);
    if (len == 0 || !is_xml_char(cp) || !text::nfc_stable(cp)) {
      plain = false;
      break;
    }
    i += len;
  }
  if (plain) return std::string(s);
  if (is_xml_text(s)) return text::is_nfc(s, true) ? std::string(s) : text::nfc(s, true);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp;
    std::size_t len = decode(s, i, cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for one invalid byte
      ++i;
      continue;
    }
    if (is_xml_char(cp)) out.append(s.substr(i, len));
    i += len;
  }
  return text::is_nfc(out, true) ? out : text::nfc(out, true);  // `out` is well-formed by construction
}

// The writer produces, byte for byte, what libxml2's xmlTextWriter gives with
// indentation on (two spaces) for the same calls: tests/unit/feeds/
// xml_writer_test.cpp compares the two on random documents. It writes into
// one string: libxml2's writer spent about 5,000 instructions per element,
// which made it a tenth of a news site's build.
struct XmlWriter::Impl {
  enum class State { name, text };  // start tag still open (attributes may follow), or closed
  struct Open {
    std::string name;
    State state;
  };
  std::string out;
  std::vector<Open> open;
  bool indent_end = true;  // libxml2's doindent: indent the next end tag (no text written since)
  bool finished = false;

  void indent() { out.append(2 * (open.size() - 1), ' '); }
  // the element just opened gets its '>' when content follows
  void close_start_tag(bool newline) {
    if (open.empty() || open.back().state != State::name) return;
    out += '>';
    if (newline) out += '\n';
    open.back().state = State::text;
  }
};

namespace {

// Text content as libxml2's xmlEncodeSpecialChars escapes it (< > & " and
// CR); an attribute value (`attribute`) also with TAB and LF as references,
// as libxml2's writer does.
void append_escaped(std::string& out, std::string_view s, bool attribute) {
  std::size_t from = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char* rep;
    switch (s[i]) {
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '&': rep = "&amp;"; break;
      case '"': rep = "&quot;"; break;
      case '\r': rep = "&#13;"; break;
      case '\n': if (!attribute) continue; rep = "&#10;"; break;
      case '\t': if (!attribute) continue; rep = "&#9;"; break;
      default: continue;
    }
    out.append(s, from, i - from);
    out += rep;
    from = i + 1;
  }
  out.append(s, from, std::string_view::npos);
}

}  // namespace

XmlWriter::XmlWriter() : impl_(std::make_unique<Impl>()) {
  impl_->out.reserve(4096);
  impl_->out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
}

XmlWriter::~XmlWriter() = default;

void XmlWriter::start(std::string_view name) {
  Impl& m = *impl_;
  m.close_start_tag(true);
  m.open.push_back({std::string(name), Impl::State::name});
  m.indent();
  m.out += '<';
  m.out += name;
}

void XmlWriter::attr(std::string_view name, std::string_view value, bool clean) {
  Impl& m = *impl_;
  if (m.open.empty() || m.open.back().state != Impl::State::name)
    throw std::runtime_error("XML writer: attribute outside a start tag");
  m.out += ' ';
  m.out += name;
  m.out += "=\"";
  append_escaped(m.out, clean ? value : std::string_view(clean_text(value)), true);
  m.out += '"';
}

void XmlWriter::text(std::string_view s, bool clean) {
  Impl& m = *impl_;
  // (libxml2 writes text outside every element unescaped: refused here)
  if (m.open.empty()) throw std::runtime_error("XML writer: text outside an element");
  m.close_start_tag(false);
  m.indent_end = false;
  append_escaped(m.out, clean ? s : std::string_view(clean_text(s)), false);
}

void XmlWriter::end() {
  Impl& m = *impl_;
  if (m.open.empty()) throw std::runtime_error("XML writer: end() without start()");
  Impl::Open& e = m.open.back();
  if (e.state == Impl::State::name) {
    m.out += "/>";
  } else {
    if (m.indent_end) m.indent();
    m.out += "</";
    m.out += e.name;
    m.out += '>';
  }
  m.indent_end = true;
  m.out += '\n';
  m.open.pop_back();
}

void XmlWriter::element(std::string_view name, std::string_view value, bool clean) {
  start(name);
  if (!value.empty()) text(value, clean);
  end();
}

std::string XmlWriter::finish() {
  Impl& m = *impl_;
  if (m.finished) throw std::runtime_error("XML writer: finish() called twice");
  while (!m.open.empty()) end();
  m.finished = true;
  return std::move(m.out);
}

}  // namespace mb::feeds
