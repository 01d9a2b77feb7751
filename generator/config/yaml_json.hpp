// YAML → JSON with source positions, shared by site.yaml and front matter.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/diag.hpp"

namespace mb::config {

/// A YAML document as JSON plus the position of every value, keyed by JSON
/// pointer ("/title", "/tags/0"). Positions are relative to the YAML text;
/// `line_offset` is added (front matter starts after the opening `---`).
struct YamlDoc {
  nlohmann::ordered_json value;
  std::map<std::string, SourcePos> positions;
  SourcePos pos(const std::string& pointer) const;
};

/// Parses YAML text. Plain scalars are typed as YAML 1.2 core schema does
/// (null, true/false, integers, floats); quoted scalars stay strings.
/// Duplicate keys, anchors/aliases and non-string keys are errors.
/// Returns false and adds diagnostics (with `path`) on error.
/// Nesting deeper than `max_depth` is an error.
bool parse_yaml(std::string_view text, const std::string& path, int line_offset, YamlDoc& out,
                Diagnostics& diags, int max_depth = 100);

/// The fast path parse_yaml takes for the flat front matter most pages have:
/// one `key: value` per line (keys of ASCII letters, digits, '_' and '-'),
/// values plain, "double-quoted" without backslashes, 'single-quoted'
/// without '' or a one-line [flow, list] of such scalars; comments and blank
/// lines. Gives exactly what yaml-cpp gives (values, types, positions).
/// Returns false, leaving `out` unspecified, for anything else (parse_yaml
/// then uses yaml-cpp, which also reports the errors). Exposed for tests.
bool parse_simple_yaml(std::string_view text, int line_offset, YamlDoc& out);

/// parse_yaml without the fast path (yaml-cpp only). For tests.
bool parse_yaml_general(std::string_view text, const std::string& path, int line_offset, YamlDoc& out,
                        Diagnostics& diags);

}  // namespace mb::config
