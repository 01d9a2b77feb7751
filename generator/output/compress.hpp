// Precompressed copies of text outputs (.gz with Debian's libdeflate, .br
// with Debian's libbrotli) for nginx's gzip_static and brotli_static.
// libdeflate writes the same gzip format as zlib, in half zlib's time at
// level 1 and a few percent smaller (10,000 news pages, 48 MB of HTML:
// 0.19 s and 25.7% of the bytes against zlib's 0.38 s and 26.7%).
#pragma once

#include <string>
#include <string_view>

namespace mb::output {

/// Whether an output of this name gets .gz and .br copies with
/// `--precompress`: HTML, CSS, JS, SVG, XML, JSON and CSV (and .txt, .webmanifest).
bool compressible(std::string_view rel);

/// gzip (RFC 1952) of `data` at `level` (1 to 12; libdeflate's levels 1 to 9
/// match zlib's); no name and a zero time in the header, so the same input
/// always gives the same bytes.
std::string gzip(std::string_view data, int level = 9);

/// Brotli (RFC 7932) of `data`, text mode, with the smallest window that
/// holds the whole file (brotli_window): the same ratio, less memory for the
/// encoder and for the reader's browser.
std::string brotli(std::string_view data, int quality = 9);

/// The window (log2 bytes, 10 to 22) brotli() uses for `size` bytes.
int brotli_window(std::size_t size);

/// Levels of `--precompress`, chosen by the size of the file. Below
/// kSmallFile (pages, feeds of a few items): gzip 1 and brotli 1, the levels
/// nginx itself uses on the fly (gzip_comp_level 1). On such a file a higher
/// level saves a few hundred bytes, less than one TCP packet, for two to four
/// times the CPU time: on the 10,000 pages under 64 KiB of the news bench
/// (35.5 MB), gzip 1 + brotli 1 give 32.5% and 34.1% of the bytes in 0.16 +
/// 0.19 CPU-s, gzip 6 + brotli 5 give 31.7% and 29.3% in 0.34 + 0.70 CPU-s.
/// From kSmallFile up (open data downloads, long tables) the bytes matter
/// on a slow connection: gzip 6 and brotli 5. Quality 9 and up cost ten times more for 0.4%.
inline constexpr std::size_t kSmallFile = 64u << 10;
inline constexpr int gzip_level_for(std::size_t size) { return size < kSmallFile ? 1 : 6; }
inline constexpr int brotli_quality_for(std::size_t size) { return size < kSmallFile ? 1 : 5; }

}  // namespace mb::output
