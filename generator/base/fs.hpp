// File-system helpers. Reading is allowed everywhere; writing the site output
// belongs to the `output` module only.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace mb::fs {

namespace stdfs = std::filesystem;

/// Reads a whole file. On failure returns false and sets `error` to a message.
/// A file larger than `max_bytes` is not read ("file is larger than the
/// limit of N MB").
bool read_file(const stdfs::path& path, std::string& out, std::string* error = nullptr,
               std::size_t max_bytes = static_cast<std::size_t>(-1));

/// "the limit of 16 MB" (or bytes when not a whole number of MB), for messages.
std::string describe_limit(std::size_t bytes);

/// Every regular file under `root` (recursively), as paths relative to `root`
/// using '/' separators, sorted bytewise. Hidden entries (".x") are skipped.
/// Symlinks are reported in `symlinks` (relative paths) and not followed.
std::vector<std::string> list_files(const stdfs::path& root, std::vector<std::string>* symlinks = nullptr);

/// Writes `data` to `path` atomically (temporary file + rename), creating
/// parent folders. Returns false and sets `error` on failure.
bool write_file_atomic(const stdfs::path& path, std::string_view data, std::string* error = nullptr);

/// A path relative to `base` for messages ("content/a.md"), or `path` itself.
std::string display_path(const stdfs::path& path, const stdfs::path& base);

}  // namespace mb::fs
