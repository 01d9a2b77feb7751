#include "opendata/datapackage.hpp"

#include <algorithm>
#include <set>

#include "feeds/json_writer.hpp"
#include "opendata/hash.hpp"
#include "opendata/json_download.hpp"

namespace mb::opendata {

using ojson = nlohmann::ordered_json;

namespace {

Resource make_resource(std::string name, std::string path, const Table& table, std::string_view content,
                       std::string_view sha256) {
  Resource r;
  r.name = std::move(name);
  r.path = std::move(path);
  r.bytes = content.size();
  r.hash = "sha256:" + (sha256.empty() ? sha256_hex(content) : std::string(sha256));
  r.fields = table.columns;
  return r;
}

bool is_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

bool is_relative_path(std::string_view p) {
  if (p.empty() || p.front() == '/' || p.find("://") != std::string_view::npos || p.find('\\') != std::string_view::npos)
    return false;
  std::size_t start = 0;
  while (start <= p.size()) {
    std::size_t end = p.find('/', start);
    if (end == std::string_view::npos) end = p.size();
    std::string_view seg = p.substr(start, end - start);
    if (seg.empty() || seg == "." || seg == "..") return false;
    start = end + 1;
  }
  return true;
}

// A member whose value is "" is left out.
void put(feeds::JsonWriter& w, const char* key, const std::string& v) {
  if (v.empty()) return;
  w.key(key);
  w.string(v);
}

void put_strings(feeds::JsonWriter& w, const char* key, const std::vector<std::string>& list) {
  w.key(key);
  w.begin_array();
  for (const auto& v : list) w.string(v);
  w.end_array();
}

void write_field(feeds::JsonWriter& w, const Column& c) {
  w.begin_object();
  w.key("name");
  w.string(c.name);
  put(w, "title", c.title);
  w.key("type");
  w.string(to_string(c.type));
  if (c.type == FieldType::number) put(w, "decimalChar", ".");
  put(w, "description", c.description);
  put(w, "unit", c.unit);  // not in Table Schema v1 itself: an extension property
  w.end_object();
}

void write_resource(feeds::JsonWriter& w, const Resource& r) {
  w.begin_object();
  w.key("name");
  w.string(r.name);
  w.key("path");
  w.string(r.path);
  bool tabular = !r.fields.empty() && r.format == "csv";
  put(w, "profile", tabular ? "tabular-data-resource" : "data-resource");
  put(w, "title", r.title);
  put(w, "description", r.description);
  put(w, "format", r.format);
  put(w, "mediatype", r.mediatype);
  put(w, "encoding", r.encoding);
  w.key("bytes");
  w.integer(static_cast<std::int64_t>(r.bytes));
  put(w, "hash", r.hash);
  if (!r.fields.empty()) {
    w.key("schema");
    w.begin_object();
    w.key("fields");
    w.begin_array();
    for (const auto& c : r.fields) write_field(w, c);
    w.end_array();
    put_strings(w, "missingValues", r.missing_values);
    if (!r.primary_key.empty()) put_strings(w, "primaryKey", r.primary_key);
    w.end_object();
  }
  if (tabular) {  // RFC 4180 as write_csv produces it
    w.key("dialect");
    w.begin_object();
    put(w, "delimiter", ",");
    put(w, "lineTerminator", "\r\n");
    put(w, "quoteChar", "\"");
    w.key("doubleQuote");
    w.boolean(true);
    w.key("header");
    w.boolean(true);
    w.end_object();
  }
  w.end_object();
}

}  // namespace

Resource csv_resource(std::string name, std::string path, const Table& table, std::string_view content,
                       std::string_view sha256) {
  Resource r = make_resource(std::move(name), std::move(path), table, content, sha256);
  r.format = "csv";
  r.mediatype = "text/csv";
  return r;
}

Resource json_resource(std::string name, std::string path, const Table& table, std::string_view content,
                       std::string_view sha256) {
  Resource r = make_resource(std::move(name), std::move(path), table, content, sha256);
  r.format = "json";
  r.mediatype = "application/json";
  return r;
}

std::vector<std::string> check_datapackage(const DataPackage& p) {
  std::vector<std::string> out;
  if (!is_name(p.name))
    out.push_back("package name '" + p.name + "' must be lowercase letters, digits, '.', '_' or '-'");
  if (p.resources.empty()) out.push_back("package has no resources");
  std::set<std::string> names, paths;
  for (std::size_t i = 0; i < p.resources.size(); ++i) {
    const Resource& r = p.resources[i];
    std::string where = "resource " + std::to_string(i + 1);
    if (!is_name(r.name))
      out.push_back(where + " name '" + r.name + "' must be lowercase letters, digits, '.', '_' or '-'");
    else if (!names.insert(r.name).second) out.push_back(where + ": duplicate name '" + r.name + "'");
    if (!is_relative_path(r.path)) out.push_back(where + " '" + r.name + "': path '" + r.path + "' is not a relative path");
    else if (!paths.insert(r.path).second) out.push_back(where + " '" + r.name + "': duplicate path '" + r.path + "'");
    if (!r.hash.empty() && (r.hash.rfind("sha256:", 0) != 0 || !is_sha256_hex(std::string_view(r.hash).substr(7))))
      out.push_back(where + " '" + r.name + "': hash '" + r.hash + "' is not sha256:<64 hex digits>");
    std::set<std::string> fields;
    for (const auto& f : r.fields) {
      if (f.name.empty()) out.push_back(where + " '" + r.name + "': a field has no name");
      else if (!fields.insert(f.name).second) out.push_back(where + " '" + r.name + "': duplicate field '" + f.name + "'");
    }
    for (const auto& k : r.primary_key)
      if (!fields.count(k)) out.push_back(where + " '" + r.name + "': primary key '" + k + "' is not a field");
  }
  return out;
}

std::string write_datapackage(const DataPackage& p) {
  std::string out;
  feeds::JsonWriter w(out);
  w.begin_object();
  put(w, "profile", "data-package");
  w.key("name");
  w.string(p.name);
  put(w, "title", p.title);
  put(w, "description", p.description);
  put(w, "homepage", p.homepage);
  put(w, "version", p.version);
  if (!p.licenses.empty()) {
    w.key("licenses");
    w.begin_array();
    for (const auto& l : p.licenses) {
      w.begin_object();
      put(w, "name", l.name);
      put(w, "path", l.path);
      put(w, "title", l.title);
      w.end_object();
    }
    w.end_array();
  }
  std::vector<const Resource*> sorted;
  for (const auto& r : p.resources) sorted.push_back(&r);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Resource* a, const Resource* b) {
    return a->path != b->path ? a->path < b->path : a->name < b->name;
  });
  w.key("resources");
  w.begin_array();
  for (const Resource* r : sorted) write_resource(w, *r);
  w.end_array();
  w.end_object();
  out += '\n';
  return out;
}

ojson datapackage_json(const DataPackage& p) { return ojson::parse(write_datapackage(p)); }

}  // namespace mb::opendata
