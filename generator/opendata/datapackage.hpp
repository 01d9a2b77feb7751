// datapackage.json: a Frictionless Data Package (v1) describing every
// download, with a Table Schema per table (field names, types, units,
// missing values), size and SHA-256, so a reuser can check and load the
// files without reading our pages.
// https://specs.frictionlessdata.io/data-package/
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "opendata/table.hpp"

namespace mb::opendata {

struct Resource {
  std::string name;         ///< unique, [a-z0-9._-]: "par-index-2025-csv"
  std::string path;         ///< relative to datapackage.json, '/' separated: "xep-hang/par-index-2025.csv"
  std::string title;
  std::string description;
  std::string format;       ///< "csv" or "json"
  std::string mediatype;    ///< "text/csv", "application/json"
  std::string encoding = "utf-8";  ///< our CSVs start with a BOM: read them as "utf-8-sig" in Python
  std::uint64_t bytes = 0;
  std::string hash;         ///< "sha256:<hex>"
  std::vector<Column> fields;  ///< the Table Schema; empty = no schema
  std::vector<std::string> missing_values = {""};
  std::vector<std::string> primary_key;  ///< field names, optional
};

/// A CSV resource for `table` written as `content`: format, mediatype,
/// bytes, hash and schema filled in. `sha256` is the content's SHA-256 in
/// lowercase hex when the caller has it already ("" = computed here).
Resource csv_resource(std::string name, std::string path, const Table& table, std::string_view content,
                      std::string_view sha256 = {});
/// A JSON resource (write_table_json of `table`) written as `content`.
Resource json_resource(std::string name, std::string path, const Table& table, std::string_view content,
                       std::string_view sha256 = {});

struct License {
  std::string name;   ///< SPDX/Open Definition id: "CC-BY-4.0"
  std::string path;   ///< URL of the licence text
  std::string title;  ///< "Creative Commons Attribution 4.0"
};

struct DataPackage {
  std::string name;  ///< [a-z0-9._-]: "cchc-tuyen-quang"
  std::string title;
  std::string description;
  std::string homepage;  ///< the open-data directory page
  std::string version;   ///< optional, from the data (never the build time)
  std::vector<License> licenses;
  std::vector<Resource> resources;
};

/// Problems ("resource 2 name 'Par 2025' must be lowercase letters, digits,
/// '.', '_' or '-'", duplicate names/paths, absolute or '..' paths, a hash not
/// "sha256:<64 hex>", a primary key naming no field), empty when fine.
std::vector<std::string> check_datapackage(const DataPackage& package);

/// The descriptor as text (two-space indent, final newline), written
/// straight from the package (feeds::JsonWriter). Resources are sorted by
/// path; members in a fixed order; empty texts left out; tabular CSV
/// resources get profile "tabular-data-resource".
std::string write_datapackage(const DataPackage& package);

/// write_datapackage read back as a tree, for code that inspects it.
nlohmann::ordered_json datapackage_json(const DataPackage& package);

}  // namespace mb::opendata
