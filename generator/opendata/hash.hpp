// SHA-256 (OpenSSL EVP) and SHA256SUMS files that `sha256sum -c` verifies.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace mb::opendata {

/// Lowercase hex SHA-256 of `data` (64 characters).
std::string sha256_hex(std::string_view data);

/// SHA-256 of a file, read in blocks. nullopt (and `error` set) when it
/// cannot be read.
std::optional<std::string> sha256_file(const std::filesystem::path& path, std::string* error = nullptr);

/// True for 64 lowercase hex digits.
bool is_sha256_hex(std::string_view s);

/// GNU sha256sum text: one "HASH  PATH\n" line per file, sorted by path
/// (bytewise; std::map order), so `sha256sum -c SHA256SUMS` run in the folder
/// the paths are relative to checks every file. A path holding '\\' or a
/// newline is written the way sha256sum writes it (line starts with '\\',
/// "\\\\" and "\\n" escapes). Throws std::invalid_argument for a hash that is
/// not 64 hex digits or an empty path.
std::string write_sha256sums(const std::map<std::string, std::string>& sha256_by_path);

}  // namespace mb::opendata
