// Precompressed copies of text outputs (.gz with zlib, .br with Debian's
// libbrotli) for nginx's gzip_static and brotli_static.
#pragma once

#include <string>
#include <string_view>

namespace mb::output {

/// Whether an output of this name gets .gz and .br copies with
/// `--precompress`: HTML, CSS, JS, SVG, XML, JSON and CSV (and .txt, .webmanifest).
bool compressible(std::string_view rel);

/// gzip (RFC 1952) of `data`; no name and a zero time in the header, so the
/// same input always gives the same bytes.
std::string gzip(std::string_view data, int level = 9);

/// Brotli (RFC 7932) of `data`, text mode.
std::string brotli(std::string_view data, int quality = 9);

}  // namespace mb::output
