#include "opendata/manifest.hpp"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "base/json_events.hpp"
#include "feeds/json_writer.hpp"
#include "opendata/hash.hpp"

namespace mb::opendata {

using json = nlohmann::json;  // std::map objects: keys come out sorted

FileEntry file_entry(std::string_view content) { return FileEntry{sha256_hex(content), content.size()}; }

namespace {

// A JSON string as nlohmann's dump writes it (escapes, invalid UTF-8
// replaced), without a json value made and dumped for each of the million
// figures of a national site.
void append_string(std::string& out, const std::string& s) { feeds::append_json_string(out, s); }

// `"name": {` ... `}` at two-space indent level 1, members at level 2, as
// json::dump(2) writes a sorted object; `write` appends one member's value.
template <class Map, class F>
void append_object(std::string& out, const char* name, const Map& map, F&& write) {
  out += "  \"";
  out += name;
  out += "\": ";
  if (map.empty()) {
    out += "{}";
    return;
  }
  out += "{\n";
  bool first = true;
  for (const auto& [key, value] : map) {
    if (!first) out += ",\n";
    first = false;
    out += "    ";
    append_string(out, key);
    out += ": ";
    write(value);
  }
  out += "\n  }";
}

}  // namespace

std::string write_manifest(const Manifest& m, const ValueList* values) {
  if (values && !m.values.empty()) throw std::invalid_argument("write_manifest: figures given twice");
  // written member by member, byte for byte what json::dump(2) gives, without
  // a JSON tree of every published figure (millions at national scale)
  std::size_t size = 128;
  for (const auto& [k, e] : m.files) size += k.size() + e.sha256.size() + 72;
  for (const auto& [k, v] : m.sources) size += k.size() + v.size() + 12;
  for (const auto& [k, v] : m.values) size += k.size() + v.size() + 12;
  if (values)
    for (const auto& [k, v] : *values) size += k.size() + v.size() + 12;
  std::string out;
  out.reserve(size);
  out += "{\n";
  append_object(out, "files", m.files, [&](const FileEntry& e) {
    out += "{\n      \"bytes\": ";
    out += std::to_string(e.bytes);
    out += ",\n      \"sha256\": ";
    append_string(out, e.sha256);
    out += "\n    }";
  });
  out += ",\n  \"format\": ";
  append_string(out, kManifestFormat);
  out += ",\n";
  append_object(out, "sources", m.sources, [&](const std::string& v) { append_string(out, v); });
  out += ",\n";
  if (values) append_object(out, "values", *values, [&](const std::string& v) { append_string(out, v); });
  else append_object(out, "values", m.values, [&](const std::string& v) { append_string(out, v); });
  out += "\n}\n";
  return out;
}

namespace {

// manifest.json read event by event into a Manifest (json_events): the
// previous publication's manifest holds every published figure, and a tree of
// it would cost several times the maps it ends in. The first problem of each
// kind is kept and the most basic one reported, as a check of the whole
// document would: not an object, then the format, then a section that is not
// an object, then files, sources and values entries.
class ManifestHandler {
 public:
  enum Problem { not_object, bad_section, bad_file, bad_source, bad_value, kinds };

  void key(int depth, std::string& k) {
    if (depth == 1) member_ = k;
    else if (depth == 2) entry_ = std::move(k);
    else if (depth == 3) field_ = k;
  }

  void value(int depth, const json_events::Scalar& v) {
    using json_events::Kind;
    if (depth == 0) return problem(not_object, "manifest is not a JSON object");
    if (depth == 1) {
      if (member_ == "format") format_ok_ = v.kind == Kind::string && *v.text == kManifestFormat;
      else if (section_named()) problem(bad_section, member_ + " is not an object");
    } else if (depth == 2) {
      if (member_ == "files") {
        problem(bad_file, "files." + entry_ + " needs a sha256 string and a bytes count");
      } else if (member_ == "sources") {
        if (v.kind == Kind::string && is_sha256_hex(*v.text)) m.sources[entry_] = std::move(*v.text);
        else problem(bad_source, "sources." + entry_ + " is not a SHA-256 hex digest");
      } else if (v.kind == Kind::string) {
        if (list) list->emplace_back(std::move(entry_), std::move(*v.text));
        else m.values[entry_] = std::move(*v.text);
      } else {
        problem(bad_value, "values." + entry_ + " is not a string");
      }
    } else if (depth == 3) {  // a files entry's member
      if (field_ == "bytes") {
        has_bytes_ = v.kind == Kind::unsigned_integer;
        bytes_ = v.unsigned_value;
      } else if (field_ == "sha256") {
        has_hash_ = v.kind == Kind::string;
        if (has_hash_) hash_ = std::move(*v.text);
      }
    }
  }

  bool open(int depth, bool object) {
    if (depth == 0) {
      if (!object) problem(not_object, "manifest is not a JSON object");
      return object;
    }
    if (depth == 1) {
      if (member_ == "format") format_ok_ = false;
      else if (section_named() && !object) problem(bad_section, member_ + " is not an object");
      return object && section_named();
    }
    if (depth == 2) {
      if (member_ == "files" && object) {
        has_bytes_ = has_hash_ = false;
        return true;
      }
      json_events::Scalar none;
      value(depth, none);  // the same problem as a scalar of the wrong kind
      return false;
    }
    if (field_ == "bytes") has_bytes_ = false;
    else if (field_ == "sha256") has_hash_ = false;
    return false;
  }

  void close(int depth) {
    if (depth != 2) return;  // the end of one files entry
    if (!has_bytes_ || !has_hash_) problem(bad_file, "files." + entry_ + " needs a sha256 string and a bytes count");
    else if (!is_sha256_hex(hash_)) problem(bad_file, "files." + entry_ + ".sha256 is not a SHA-256 hex digest");
    else m.files[entry_] = FileEntry{std::move(hash_), bytes_};
  }

  /// The problem to report, or "" when the document is a manifest.
  std::string error() {
    if (!problems_[not_object].empty()) return problems_[not_object];
    if (!format_ok_) return std::string("manifest format is not '") + kManifestFormat + "'";
    for (const auto& p : problems_)
      if (!p.empty()) return p;
    return "";
  }

  Manifest m;
  ValueList* list = nullptr;  // where the figures go, when not to m.values

 private:
  bool section_named() const { return member_ == "files" || member_ == "sources" || member_ == "values"; }
  void problem(Problem kind, std::string message) {
    if (problems_[kind].empty()) problems_[kind] = std::move(message);
  }

  std::string member_, entry_, field_, hash_;
  std::uint64_t bytes_ = 0;
  bool has_bytes_ = false, has_hash_ = false, format_ok_ = false;
  std::string problems_[kinds];
};

}  // namespace

void sort_values(ValueList& list) {
  auto by_key = [](const auto& a, const auto& b) { return a.first < b.first; };
  auto increasing = [](const auto& a, const auto& b) { return a.first >= b.first; };
  if (std::adjacent_find(list.begin(), list.end(), increasing) == list.end()) return;  // as written: sorted, once each
  std::stable_sort(list.begin(), list.end(), by_key);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i + 1 < list.size() && list[i + 1].first == list[i].first) continue;  // a later value of the same key
    if (kept != i) list[kept] = std::move(list[i]);
    ++kept;
  }
  list.resize(kept);
}

std::optional<Manifest> parse_manifest(std::string_view text, std::string* error, ValueList* values) {
  ManifestHandler handler;
  ValueList figures;
  handler.list = values ? &figures : nullptr;
  std::string problem = json_events::parse(text, handler) ? handler.error() : "manifest is not valid JSON";
  if (!problem.empty()) {
    if (error) *error = std::move(problem);
    return std::nullopt;
  }
  if (values) {
    sort_values(figures);
    *values = std::move(figures);
  }
  return std::move(handler.m);
}

std::map<std::string, std::string> sha256_by_path(const Manifest& m) {
  std::map<std::string, std::string> out;
  for (const auto& [path, e] : m.files) out.emplace(path, e.sha256);
  return out;
}

const char* to_string(ManifestSection s) {
  switch (s) {
    case ManifestSection::files: return "files";
    case ManifestSection::sources: return "sources";
    case ManifestSection::values: return "values";
  }
  return "values";
}

const char* to_string(ChangeKind k) {
  switch (k) {
    case ChangeKind::added: return "added";
    case ChangeKind::removed: return "removed";
    case ChangeKind::changed: return "changed";
  }
  return "changed";
}

std::vector<Change> diff_maps(ManifestSection section, const std::map<std::string, std::string>& previous,
                              const std::map<std::string, std::string>& current) {
  std::vector<Change> out;
  auto p = previous.begin();
  auto c = current.begin();
  while (p != previous.end() || c != current.end()) {
    if (c == current.end() || (p != previous.end() && p->first < c->first)) {
      out.push_back({section, ChangeKind::removed, p->first, p->second, ""});
      ++p;
    } else if (p == previous.end() || c->first < p->first) {
      out.push_back({section, ChangeKind::added, c->first, "", c->second});
      ++c;
    } else {
      if (p->second != c->second) out.push_back({section, ChangeKind::changed, c->first, p->second, c->second});
      ++p;
      ++c;
    }
  }
  return out;
}

std::vector<Change> diff_manifests(const Manifest& previous, const Manifest& current) {
  std::vector<Change> out = diff_maps(ManifestSection::values, previous.values, current.values);
  auto sources = diff_maps(ManifestSection::sources, previous.sources, current.sources);
  auto files = diff_maps(ManifestSection::files, sha256_by_path(previous), sha256_by_path(current));
  out.insert(out.end(), sources.begin(), sources.end());
  out.insert(out.end(), files.begin(), files.end());
  return out;
}

std::vector<Change> changes_under(const std::vector<Change>& changes, ManifestSection section,
                                  std::string_view prefix) {
  std::vector<Change> out;
  for (const auto& c : changes)
    if (c.section == section && c.key.compare(0, prefix.size(), prefix) == 0) out.push_back(c);
  return out;
}

}  // namespace mb::opendata
