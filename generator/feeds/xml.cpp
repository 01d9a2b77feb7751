#include "feeds/xml.hpp"

#include <cstdint>
#include <stdexcept>

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

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

const xmlChar* x(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }

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

struct XmlWriter::Impl {
  xmlBufferPtr buf = nullptr;
  xmlTextWriterPtr w = nullptr;
  int depth = 0;
  bool finished = false;
};

namespace {
void check(int rc, const char* what) {
  if (rc < 0) throw std::runtime_error(std::string("libxml2 writer failed: ") + what);
}
}  // namespace

XmlWriter::XmlWriter() : impl_(std::make_unique<Impl>()) {
  // libxml2 sets up its global state lazily, racing when the first uses come
  // from several threads at once (feeds are written in parallel; found by
  // TSan): initialise it once, here, under C++'s thread-safe static init.
  static const bool ready = (xmlInitParser(), true);
  (void)ready;
  impl_->buf = xmlBufferCreate();
  if (!impl_->buf) throw std::runtime_error("libxml2 writer failed: xmlBufferCreate");
  impl_->w = xmlNewTextWriterMemory(impl_->buf, 0);
  if (!impl_->w) {
    xmlBufferFree(impl_->buf);
    throw std::runtime_error("libxml2 writer failed: xmlNewTextWriterMemory");
  }
  check(xmlTextWriterSetIndent(impl_->w, 1), "indent");
  check(xmlTextWriterSetIndentString(impl_->w, reinterpret_cast<const xmlChar*>("  ")), "indent string");
  check(xmlTextWriterStartDocument(impl_->w, "1.0", "UTF-8", nullptr), "start document");
}

XmlWriter::~XmlWriter() {
  if (impl_->w) xmlFreeTextWriter(impl_->w);
  if (impl_->buf) xmlBufferFree(impl_->buf);
}

void XmlWriter::start(std::string_view name) {
  check(xmlTextWriterStartElement(impl_->w, x(std::string(name))), "start element");
  ++impl_->depth;
}

void XmlWriter::attr(std::string_view name, std::string_view value, bool clean) {
  check(xmlTextWriterWriteAttribute(impl_->w, x(std::string(name)), x(clean ? std::string(value) : clean_text(value))),
        "attribute");
}

void XmlWriter::text(std::string_view s, bool clean) {
  check(xmlTextWriterWriteString(impl_->w, x(clean ? std::string(s) : clean_text(s))), "text");
}

void XmlWriter::end() {
  if (impl_->depth == 0) throw std::runtime_error("libxml2 writer failed: end() without start()");
  check(xmlTextWriterEndElement(impl_->w), "end element");
  --impl_->depth;
}

void XmlWriter::element(std::string_view name, std::string_view value, bool clean) {
  start(name);
  if (!value.empty()) text(value, clean);
  end();
}

std::string XmlWriter::finish() {
  if (impl_->finished) throw std::runtime_error("libxml2 writer failed: finish() called twice");
  check(xmlTextWriterEndDocument(impl_->w), "end document");  // closes open elements
  check(xmlTextWriterFlush(impl_->w), "flush");
  impl_->finished = true;
  impl_->depth = 0;
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(impl_->buf)),
                     static_cast<std::size_t>(xmlBufferLength(impl_->buf)));
}

}  // namespace mb::feeds
