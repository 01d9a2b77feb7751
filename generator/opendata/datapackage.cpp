#include "opendata/datapackage.hpp"

#include <algorithm>
#include <set>

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

void put(ojson& o, const char* key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}

ojson field_json(const Column& c) {
  ojson f;
  f["name"] = c.name;
  put(f, "title", c.title);
  f["type"] = to_string(c.type);
  if (c.type == FieldType::number) f["decimalChar"] = ".";
  put(f, "description", c.description);
  put(f, "unit", c.unit);  // not in Table Schema v1 itself: an extension property
  return f;
}

ojson resource_json(const Resource& r) {
  ojson o;
  o["name"] = r.name;
  o["path"] = r.path;
  bool tabular = !r.fields.empty() && r.format == "csv";
  o["profile"] = tabular ? "tabular-data-resource" : "data-resource";
  put(o, "title", r.title);
  put(o, "description", r.description);
  put(o, "format", r.format);
  put(o, "mediatype", r.mediatype);
  put(o, "encoding", r.encoding);
  o["bytes"] = r.bytes;
  put(o, "hash", r.hash);
  if (!r.fields.empty()) {
    ojson schema;
    ojson fields = ojson::array();
    for (const auto& c : r.fields) fields.push_back(field_json(c));
    schema["fields"] = std::move(fields);
    schema["missingValues"] = r.missing_values;
    if (!r.primary_key.empty()) schema["primaryKey"] = r.primary_key;
    o["schema"] = std::move(schema);
  }
  if (tabular) {
    // RFC 4180 as write_csv produces it
    o["dialect"] = ojson{{"delimiter", ","}, {"lineTerminator", "\r\n"}, {"quoteChar", "\""}, {"doubleQuote", true},
                         {"header", true}};
  }
  return o;
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

ojson datapackage_json(const DataPackage& p) {
  ojson o;
  o["profile"] = "data-package";
  o["name"] = p.name;
  put(o, "title", p.title);
  put(o, "description", p.description);
  put(o, "homepage", p.homepage);
  put(o, "version", p.version);
  if (!p.licenses.empty()) {
    ojson ls = ojson::array();
    for (const auto& l : p.licenses) {
      ojson lj;
      put(lj, "name", l.name);
      put(lj, "path", l.path);
      put(lj, "title", l.title);
      ls.push_back(std::move(lj));
    }
    o["licenses"] = std::move(ls);
  }
  std::vector<const Resource*> sorted;
  for (const auto& r : p.resources) sorted.push_back(&r);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Resource* a, const Resource* b) {
    return a->path != b->path ? a->path < b->path : a->name < b->name;
  });
  ojson rs = ojson::array();
  for (const Resource* r : sorted) rs.push_back(resource_json(*r));
  o["resources"] = std::move(rs);
  return o;
}

std::string write_datapackage(const DataPackage& p) { return write_json(datapackage_json(p)); }

}  // namespace mb::opendata
