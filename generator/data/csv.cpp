#include "data/csv.hpp"

namespace mb::data::csv {

std::vector<Row> parse(std::string_view t, std::vector<Error>& errors) {
  std::vector<Row> rows;
  std::size_t i = t.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  auto at_line_end = [&](std::size_t k) { return k >= t.size() || t[k] == '\n' || (t[k] == '\r' && k + 1 < t.size() && t[k + 1] == '\n'); };
  auto skip_line_end = [&](std::size_t k) {
    if (k < t.size() && t[k] == '\r') ++k;
    if (k < t.size() && t[k] == '\n') ++k;
    return k;
  };
  auto skip_to_next_line = [&](std::size_t k) {
    while (k < t.size() && t[k] != '\n') ++k;
    return k < t.size() ? k + 1 : k;
  };
  while (i < t.size()) {
    if (at_line_end(i)) {  // empty line
      i = skip_line_end(i);
      continue;
    }
    Row row;
    row.offset = i;
    bool bad = false;
    while (true) {
      Field f;
      f.offset = i;
      if (i < t.size() && t[i] == '"') {
        std::size_t k = i + 1;
        bool closed = false;
        while (k < t.size()) {
          if (t[k] == '"') {
            if (k + 1 < t.size() && t[k + 1] == '"') {
              f.value += '"';
              k += 2;
              continue;
            }
            closed = true;
            ++k;
            break;
          }
          f.value += t[k++];
        }
        if (!closed) {
          errors.push_back({i, "unterminated quoted field"});
          return rows;
        }
        if (!at_line_end(k) && t[k] != ',') {
          errors.push_back({k, "unexpected character after a quoted field (expected ',' or the end of the line)"});
          bad = true;
          i = skip_to_next_line(k);
          break;
        }
        i = k;
      } else {
        std::size_t k = i;
        while (!at_line_end(k) && t[k] != ',') {
          if (t[k] == '"') {
            errors.push_back({k, "quote inside an unquoted field (quote the whole field and double the quote)"});
            bad = true;
            break;
          }
          ++k;
        }
        if (bad) {
          i = skip_to_next_line(k);
          break;
        }
        f.value.assign(t.substr(i, k - i));
        i = k;
      }
      row.fields.push_back(std::move(f));
      if (i < t.size() && t[i] == ',') {
        ++i;
        continue;
      }
      i = skip_line_end(i);
      break;
    }
    if (!bad) rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace mb::data::csv
