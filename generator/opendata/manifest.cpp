#include "opendata/manifest.hpp"

#include <nlohmann/json.hpp>

#include "opendata/hash.hpp"

namespace mb::opendata {

using json = nlohmann::json;  // std::map objects: keys come out sorted

FileEntry file_entry(std::string_view content) { return FileEntry{sha256_hex(content), content.size()}; }

namespace {

// A JSON string as nlohmann's dump writes it (escapes, invalid UTF-8 replaced).
void append_string(std::string& out, const std::string& s) {
  out += json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

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

std::string write_manifest(const Manifest& m) {
  // written member by member, byte for byte what json::dump(2) gives, without
  // a JSON tree of every published figure (millions at national scale)
  std::size_t size = 128;
  for (const auto& [k, e] : m.files) size += k.size() + e.sha256.size() + 72;
  for (const auto& [k, v] : m.sources) size += k.size() + v.size() + 12;
  for (const auto& [k, v] : m.values) size += k.size() + v.size() + 12;
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
  append_object(out, "values", m.values, [&](const std::string& v) { append_string(out, v); });
  out += "\n}\n";
  return out;
}

std::optional<Manifest> parse_manifest(std::string_view text, std::string* error) {
  auto fail = [&](std::string msg) -> std::optional<Manifest> {
    if (error) *error = std::move(msg);
    return std::nullopt;
  };
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return fail("manifest is not valid JSON");
  if (!j.is_object()) return fail("manifest is not a JSON object");
  if (!j.contains("format") || j["format"] != kManifestFormat)
    return fail(std::string("manifest format is not '") + kManifestFormat + "'");
  Manifest m;
  for (const char* section : {"files", "sources", "values"}) {
    if (!j.contains(section)) continue;
    if (!j[section].is_object()) return fail(std::string(section) + " is not an object");
  }
  if (j.contains("files")) {
    for (const auto& [path, e] : j["files"].items()) {
      std::string where = "files." + path;
      if (!e.is_object() || !e.contains("sha256") || !e["sha256"].is_string() || !e.contains("bytes") ||
          !e["bytes"].is_number_unsigned())
        return fail(where + " needs a sha256 string and a bytes count");
      std::string hash = e["sha256"].get<std::string>();
      if (!is_sha256_hex(hash)) return fail(where + ".sha256 is not a SHA-256 hex digest");
      m.files[path] = FileEntry{hash, e["bytes"].get<std::uint64_t>()};
    }
  }
  if (j.contains("sources")) {
    for (const auto& [path, h] : j["sources"].items()) {
      if (!h.is_string() || !is_sha256_hex(h.get<std::string>()))
        return fail("sources." + path + " is not a SHA-256 hex digest");
      m.sources[path] = h.get<std::string>();
    }
  }
  if (j.contains("values")) {
    for (const auto& [key, v] : j["values"].items()) {
      if (!v.is_string()) return fail("values." + key + " is not a string");
      m.values[key] = v.get<std::string>();
    }
  }
  return m;
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
