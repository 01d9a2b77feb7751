// The publication record: what was published (files with SHA-256 and size),
// from which source data (SHA-256), and every published figure's value. Kept
// in the public site as /du-lieu/manifest.json; the next build compares
// against it to list what changed (new results, corrected figures old → new).
//
// Deterministic: keys sorted, no timestamps, so an unchanged site gives a
// byte-identical manifest.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mb::opendata {

/// "minhbach-manifest/1": the `format` member of manifest.json.
inline constexpr const char* kManifestFormat = "minhbach-manifest/1";

struct FileEntry {
  std::string sha256;  ///< lowercase hex
  std::uint64_t bytes = 0;
  friend bool operator==(const FileEntry&, const FileEntry&) = default;
};

/// SHA-256 and size of `content`.
FileEntry file_entry(std::string_view content);

struct Manifest {
  /// Published files, path relative to the site root ("du-lieu/xep-hang/par-index-2025.csv").
  std::map<std::string, FileEntry> files;
  /// Source data files, path relative to the project ("data/rankings/par-index-2025.yaml") → sha256.
  std::map<std::string, std::string> sources;
  /// Published figures: a stable key naming what the figure is about → the
  /// value exactly as published. Keys are '/'-separated, most general first:
  /// "ranking/par-index/2025/so-tu-phap/score" → "88.5",
  /// "kpi/tthc-truc-tuyen/2026-q1/value" → "72". Write values in one
  /// canonical form (the CSV text): "88.5" and "88.50" count as a change.
  std::map<std::string, std::string> values;

  friend bool operator==(const Manifest&, const Manifest&) = default;
};

/// Figures as (key, value), sorted by key, each key once: what
/// Manifest::values holds, as a flat list (a national site publishes a
/// million figures, and a map of them costs half as much again).
using ValueList = std::vector<std::pair<std::string, std::string>>;

/// manifest.json text: {"format", "files": {path: {"bytes", "sha256"}},
/// "sources": {path: sha256}, "values": {key: value}}, keys sorted, two-space
/// indent, final newline. With `values` (sorted, each key once: see
/// sort_values), the figures are those instead of manifest.values, which must
/// then be empty: the same text, without a map of them.
std::string write_manifest(const Manifest& manifest, const ValueList* values = nullptr);

/// Sorts `list` by key; of a key given twice, the last value stays (as
/// assigning each in turn to a map would).
void sort_values(ValueList& list);

/// Reads manifest.json. nullopt, with `error` set ("files.a.csv.sha256 is not
/// a SHA-256 hex digest"), when the text is not a manifest of this format.
/// With `values`, the figures go there (sorted, see sort_values) and the
/// manifest's own `values` stays empty.
std::optional<Manifest> parse_manifest(std::string_view json, std::string* error = nullptr,
                                       ValueList* values = nullptr);

/// path → sha256 of every published file, for write_sha256sums.
std::map<std::string, std::string> sha256_by_path(const Manifest& manifest);

enum class ManifestSection { files, sources, values };
enum class ChangeKind { added, removed, changed };

const char* to_string(ManifestSection s);  ///< "files", "sources", "values"
const char* to_string(ChangeKind k);       ///< "added", "removed", "changed"

/// One difference. old_value / new_value are the value (values), the sha256
/// (files, sources) or "" for the side that does not exist. A `changed`
/// entry in `values` is a correction: old_value → new_value.
struct Change {
  ManifestSection section = ManifestSection::values;
  ChangeKind kind = ChangeKind::changed;
  std::string key;
  std::string old_value;
  std::string new_value;
  friend bool operator==(const Change&, const Change&) = default;
};

/// Every difference between two key → value maps, sorted by key.
std::vector<Change> diff_maps(ManifestSection section, const std::map<std::string, std::string>& previous,
                              const std::map<std::string, std::string>& current);

/// Every difference from `previous` to `current`: values first, then sources,
/// then files; by key within each. The first publication compares with an
/// empty Manifest (everything `added`). Files compare by sha256.
std::vector<Change> diff_manifests(const Manifest& previous, const Manifest& current);

/// The changes whose key starts with `prefix` in `section` (e.g. all
/// corrections of one ranking: values, "ranking/par-index/2025/").
std::vector<Change> changes_under(const std::vector<Change>& changes, ManifestSection section,
                                  std::string_view prefix);

}  // namespace mb::opendata
