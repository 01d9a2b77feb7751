// XML output (feeds, sitemaps) through one writer that escapes every text
// and attribute value, and the text cleaning every feed field goes through.
// The writer gives exactly the bytes libxml2's xmlTextWriter gives for the
// same calls (tests/unit/feeds/xml_writer_test.cpp holds libxml2's writer as
// the reference), in a tenth of the time.
//
// Used by the feed writers and by `opendata` (sitemaps).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace mb::feeds {

/// Makes `s` safe to put in an XML 1.0 document (and identical in every feed
/// format): invalid UTF-8 sequences become U+FFFD, characters that XML 1.0
/// forbids (C0 controls other than TAB, LF, CR; U+FFFE, U+FFFF) are removed,
/// and the result is in Unicode NFC. Markup characters are left alone: the
/// writer escapes them.
std::string clean_text(std::string_view s);

/// True when `s` is valid UTF-8 made only of XML 1.0 characters.
bool is_xml_text(std::string_view s);

/// A streaming XML document in memory: `<?xml version="1.0" encoding="UTF-8"?>`,
/// elements indented by two spaces, text and attribute values cleaned with
/// `clean_text` and escaped as libxml2 escapes them (in text: < > & " and
/// CR; in attributes also TAB and LF). Throws std::runtime_error on calls
/// out of order.
///
///   XmlWriter w;
///   w.start("urlset"); w.attr("xmlns", "..."); w.element("loc", url); w.end();
///   std::string xml = w.finish();
class XmlWriter {
 public:
  XmlWriter();
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  /// Opens element `name` (a qualified name such as "atom:link" is written as is).
  void start(std::string_view name);
  /// Adds an attribute to the element just opened. The value and texts below
  /// go through clean_text, unless `clean` says they already have.
  void attr(std::string_view name, std::string_view value, bool clean = false);
  /// Writes escaped text content.
  void text(std::string_view s, bool clean = false);
  /// Closes the innermost open element.
  void end();
  /// `<name>text</name>`; `<name/>` when `text` is empty.
  void element(std::string_view name, std::string_view text, bool clean = false);
  /// Closes every open element and returns the document (ends with "\n").
  std::string finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mb::feeds
