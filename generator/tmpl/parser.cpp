// Lexer and parser: template source → Template (AST). Follows Jinja2's
// lexer.py and parser.py so that the same text means the same thing.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <set>

#include "base/text.hpp"
#include "tmpl/render.hpp"
#include "tmpl/strings.hpp"

namespace mb::tmpl {

SourcePos Template::position(std::uint32_t offset) const { return position_of(source, offset); }

std::vector<std::string> Registry::filter_names() const {
  std::vector<std::string> v;
  for (const auto& [k, _] : filters) v.push_back(k);
  for (const auto& [k, _] : user_filters) v.push_back(k);
  return v;
}
std::vector<std::string> Registry::test_names() const {
  std::vector<std::string> v;
  for (const auto& [k, _] : tests) v.push_back(k);
  return v;
}

namespace {

enum class T : std::uint8_t { data, var_begin, var_end, block_begin, block_end, name, string, integer, floating, op, eof };

struct Token {
  T type;
  std::uint32_t pos;
  std::string text;  // data text, name, operator, decoded string literal
  std::int64_t ival = 0;
  double fval = 0;
};

struct SyntaxError {
  std::uint32_t pos;
  std::string message;
};

constexpr int kMaxNesting = 200;  // expression and statement nesting (also chains like a + b + c)

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string normalize_newlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

class Lexer {
 public:
  explicit Lexer(std::string_view src) : s_(src) {}

  std::vector<Token> run() {
    std::size_t pos = 0, n = s_.size();
    bool lstrip = false;
    while (pos < n) {
      std::size_t k = find_tag(pos);
      std::string_view data = s_.substr(pos, k - pos);
      if (lstrip) {
        std::size_t i = 0;
        while (i < data.size() && is_space(data[i])) ++i;
        data.remove_prefix(i);
        lstrip = false;
      }
      if (k < n && k + 2 < n && s_[k + 2] == '-') {
        while (!data.empty() && is_space(data.back())) data.remove_suffix(1);
      }
      if (!data.empty()) push(T::data, static_cast<std::uint32_t>(k - data.size()), normalize_newlines(data));
      if (k >= n) break;
      char kind = s_[k + 1];
      if (kind == '#') {
        std::size_t e = s_.find("#}", k + 2);
        if (e == std::string_view::npos) throw SyntaxError{static_cast<std::uint32_t>(k), "missing end of comment tag"};
        if (e > k + 2 && s_[e - 1] == '-') lstrip = true;
        pos = e + 2;
        continue;
      }
      if (kind == '%' && lex_raw(k, pos, lstrip)) continue;
      bool var = kind == '{';
      std::size_t p = k + 2;
      if (p < n && (s_[p] == '-' || (!var && s_[p] == '+'))) ++p;
      push(var ? T::var_begin : T::block_begin, static_cast<std::uint32_t>(k), "");
      pos = lex_inside(p, var, lstrip, static_cast<std::uint32_t>(k));
    }
    // like Jinja2, the end of the template is reported where the last token starts
    push(T::eof, toks_.empty() ? 0 : toks_.back().pos, "");
    return std::move(toks_);
  }

 private:
  std::string_view s_;
  std::vector<Token> toks_;

  void push(T t, std::uint32_t pos, std::string text) { toks_.push_back(Token{t, pos, std::move(text)}); }

  std::size_t find_tag(std::size_t from) const {
    std::size_t n = s_.size();
    for (std::size_t i = from; i + 1 < n; ++i) {
      if (s_[i] == '{' && (s_[i + 1] == '{' || s_[i + 1] == '%' || s_[i + 1] == '#')) return i;
    }
    return n;
  }

  // Matches `{%[-+]? *name *[-+]?%}` at p; sets `end` after it and the strip flags.
  bool match_tag(std::size_t p, std::string_view word, std::size_t& end, bool& strip_before, bool& strip_after) const {
    std::size_t n = s_.size();
    if (s_.compare(p, 2, "{%") != 0) return false;
    p += 2;
    strip_before = p < n && s_[p] == '-';
    if (p < n && (s_[p] == '-' || s_[p] == '+')) ++p;
    while (p < n && is_space(s_[p])) ++p;
    if (s_.compare(p, word.size(), word) != 0) return false;
    p += word.size();
    if (p < n && is_name_char(s_[p])) return false;
    while (p < n && is_space(s_[p])) ++p;
    strip_after = p < n && s_[p] == '-';
    if (p < n && (s_[p] == '-' || s_[p] == '+')) ++p;
    if (s_.compare(p, 2, "%}") != 0) return false;
    end = p + 2;
    return true;
  }

  bool lex_raw(std::size_t k, std::size_t& pos, bool& lstrip) {
    std::size_t end;
    bool sb, sa;
    if (!match_tag(k, "raw", end, sb, sa)) return false;
    std::size_t p = end;
    for (;;) {
      std::size_t q = s_.find("{%", p);
      if (q == std::string_view::npos) throw SyntaxError{static_cast<std::uint32_t>(k), "missing end of raw directive"};
      std::size_t e2;
      bool sb2, sa2;
      if (match_tag(q, "endraw", e2, sb2, sa2)) {
        std::string_view data = s_.substr(end, q - end);
        if (sa)
          while (!data.empty() && is_space(data.front())) data.remove_prefix(1);
        if (sb2)
          while (!data.empty() && is_space(data.back())) data.remove_suffix(1);
        if (!data.empty()) push(T::data, static_cast<std::uint32_t>(end), normalize_newlines(data));
        lstrip = sa2;
        pos = e2;
        return true;
      }
      p = q + 2;
    }
  }

  std::size_t lex_inside(std::size_t p, bool var, bool& lstrip, std::uint32_t start) {
    std::size_t n = s_.size();
    std::vector<char> balance;
    for (;;) {
      while (p < n && is_space(s_[p])) ++p;
      if (p >= n) return n;  // unclosed tag: the parser reports the first token it cannot use
      if (balance.empty()) {
        const char* endtok = var ? "}}" : "%}";
        if (s_[p] == '-' && s_.compare(p + 1, 2, endtok) == 0) {
          push(var ? T::var_end : T::block_end, static_cast<std::uint32_t>(p), "");
          lstrip = true;
          return p + 3;
        }
        if (!var && s_[p] == '+' && s_.compare(p + 1, 2, endtok) == 0) {
          push(T::block_end, static_cast<std::uint32_t>(p), "");
          return p + 3;
        }
        if (s_.compare(p, 2, endtok) == 0) {
          push(var ? T::var_end : T::block_end, static_cast<std::uint32_t>(p), "");
          return p + 2;
        }
      }
      char c = s_[p];
      auto at = static_cast<std::uint32_t>(p);
      if (is_name_start(c)) {
        std::size_t q = p;
        while (q < n && is_name_char(s_[q])) ++q;
        push(T::name, at, std::string(s_.substr(p, q - p)));
        p = q;
      } else if (is_digit(c)) {
        p = lex_number(p);
      } else if (c == '\'' || c == '"') {
        p = lex_string(p);
      } else {
        static const char* two[] = {"//", "**", "==", "!=", ">=", "<="};
        std::string op;
        for (const char* t : two)
          if (s_.compare(p, 2, t) == 0) op = t;
        if (op.empty()) {
          if (!std::strchr("+-*/%~()[]{},.:|=<>;", c) || c == '\0') {
            std::string shown = (static_cast<unsigned char>(c) < 0x80) ? std::string(1, c) : "non-ASCII character";
            throw SyntaxError{at, "unexpected character '" + shown + "'"};
          }
          op = std::string(1, c);
        }
        if (op == "(" || op == "[" || op == "{") {
          if (balance.size() >= kMaxNesting) throw SyntaxError{at, "brackets nested too deeply"};
          balance.push_back(op[0]);
        } else if (op == ")" || op == "]" || op == "}") {
          char want = op == ")" ? '(' : op == "]" ? '[' : '{';
          if (balance.empty() || balance.back() != want) throw SyntaxError{at, "unexpected '" + op + "'"};
          balance.pop_back();
        }
        push(T::op, at, op);
        p += op.size();
      }
    }
  }

  std::size_t lex_number(std::size_t p) {
    std::size_t n = s_.size(), start = p;
    auto at = static_cast<std::uint32_t>(p);
    auto digits = [&](std::size_t q, auto pred) {
      std::string out;
      while (q < n && (pred(s_[q]) || (s_[q] == '_' && q + 1 < n && pred(s_[q + 1])))) {
        if (s_[q] != '_') out += s_[q];
        ++q;
      }
      return std::make_pair(out, q);
    };
    if (s_[p] == '0' && p + 1 < n && std::strchr("xXoObB", s_[p + 1]) && s_[p + 1] != '\0') {
      char b = static_cast<char>(s_[p + 1] | 0x20);
      int base = b == 'x' ? 16 : b == 'o' ? 8 : 2;
      auto pred = [base](char c) {
        if (base == 16) return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        return c >= '0' && c < '0' + base;
      };
      std::size_t q = p + 2;
      if (q < n && s_[q] == '_') ++q;
      auto [ds, e] = digits(q, pred);
      if (ds.empty()) throw SyntaxError{at, "invalid number literal"};
      Token t{T::integer, at, std::string(s_.substr(start, e - start))};
      auto r = std::from_chars(ds.data(), ds.data() + ds.size(), t.ival, base);
      if (r.ec != std::errc()) throw SyntaxError{at, "integer literal too large"};
      toks_.push_back(std::move(t));
      return e;
    }
    auto [ip, q] = digits(p, is_digit);
    std::string num = ip;
    bool is_float = false;
    // `a.0.1` is a[0][1]: after a dot only an integer is lexed (Jinja2's lookbehind).
    bool after_dot = p > 0 && s_[p - 1] == '.';
    if (!after_dot) {
      if (q + 1 < n && s_[q] == '.' && is_digit(s_[q + 1])) {
        auto [fp, q2] = digits(q + 1, is_digit);
        num += "." + fp;
        q = q2;
        is_float = true;
      }
      if (q < n && (s_[q] == 'e' || s_[q] == 'E')) {
        std::size_t q3 = q + 1;
        std::string sign;
        if (q3 < n && (s_[q3] == '+' || s_[q3] == '-')) sign = s_[q3++];
        if (q3 < n && is_digit(s_[q3])) {
          auto [ep, q4] = digits(q3, is_digit);
          num += "e" + sign + ep;
          q = q4;
          is_float = true;
        }
      }
    }
    Token t{is_float ? T::floating : T::integer, at, num};
    if (is_float) {
      t.fval = std::strtod(num.c_str(), nullptr);
    } else {
      auto r = std::from_chars(num.data(), num.data() + num.size(), t.ival);
      if (r.ec != std::errc()) throw SyntaxError{at, "integer literal too large"};
    }
    toks_.push_back(std::move(t));
    return q;
  }

  std::size_t lex_string(std::size_t p) {
    std::size_t n = s_.size();
    char quote = s_[p];
    auto at = static_cast<std::uint32_t>(p);
    std::string raw;
    std::size_t q = p + 1;
    for (;; ++q) {
      if (q >= n) throw SyntaxError{at, "unterminated string"};
      if (s_[q] == '\\' && q + 1 < n) {
        raw += s_[q];
        raw += s_[++q];
        continue;
      }
      if (s_[q] == quote) break;
      raw += s_[q];
    }
    raw = normalize_newlines(raw);
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      char c = raw[i];
      if (c != '\\' || i + 1 >= raw.size()) {
        out += c;
        continue;
      }
      char e = raw[++i];
      auto hex = [&](int len) -> bool {
        std::uint32_t cp = 0;
        for (int j = 1; j <= len; ++j) {
          if (i + j >= raw.size()) return false;
          char h = raw[i + j];
          int d = is_digit(h) ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10 : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
          if (d < 0) return false;
          cp = cp * 16 + static_cast<std::uint32_t>(d);
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        append_utf8(out, cp);
        i += len;
        return true;
      };
      switch (e) {
        case '\n': break;
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case 'x':
          if (!hex(2)) throw SyntaxError{at, "invalid \\x escape in string"};
          break;
        case 'u':
          if (!hex(4)) throw SyntaxError{at, "invalid \\u escape in string"};
          break;
        case 'U':
          if (!hex(8)) throw SyntaxError{at, "invalid \\U escape in string"};
          break;
        default:
          if (e >= '0' && e <= '7') {
            std::uint32_t cp = static_cast<std::uint32_t>(e - '0');
            for (int j = 0; j < 2 && i + 1 < raw.size() && raw[i + 1] >= '0' && raw[i + 1] <= '7'; ++j)
              cp = cp * 8 + static_cast<std::uint32_t>(raw[++i] - '0');
            append_utf8(out, cp);
          } else {
            out += '\\';
            out += e;
          }
      }
    }
    push(T::string, at, std::move(out));
    return q + 1;
  }
};

// ---------------------------------------------------------------------------

class Parser {
 public:
  Parser(Template& t, std::vector<Token> toks, const Registry& reg, Diagnostics& diags)
      : t_(t), toks_(std::move(toks)), reg_(reg), diags_(diags) {}

  void run() {
    t_.body = parse_body({});
    if (cur().type != T::eof) fail(cur().pos, "unexpected '" + describe(cur()) + "'");
    for (auto& u : unknowns_) {
      if (!u.soft) {
        error(u.pos, u.message, u.note);
        continue;
      }
      auto p = t_.position(u.pos);
      Diagnostic d{Severity::warning, t_.path, p.line, p.col, u.message + " (fails only if this branch runs)", {},
                   line_of(t_.source, p.line)};
      if (!u.note.empty()) d.notes.push_back(u.note);
      t_.warnings.push_back(std::move(d));
    }
  }
  bool semantic_errors() const { return semantic_errors_; }

 private:
  Template& t_;
  std::vector<Token> toks_;
  const Registry& reg_;
  Diagnostics& diags_;
  std::size_t i_ = 0;
  int depth_ = 0;
  bool semantic_errors_ = false;
  std::vector<std::pair<std::string, std::uint32_t>> open_;  // open block tags for messages
  bool in_macro_ = false;
  bool saw_varargs_ = false, saw_kwargs_ = false, saw_caller_ = false;
  // Unknown filters/tests: errors, except inside {% if %} and `x if c else y`
  // where Jinja2 only fails when they run (warnings then).
  struct Unknown {
    std::uint32_t pos;
    std::string message, note;
    bool soft;
  };
  std::vector<Unknown> unknowns_;
  bool soft_ = false;
  struct SoftGuard {
    bool& flag;
    bool saved;
    SoftGuard(bool& f, bool value) : flag(f), saved(f) { flag = value; }
    ~SoftGuard() { flag = saved; }
  };

  // Left-associative chains (a + b + c, x|f|g, a.b.c) nest the tree without
  // recursing in the parser: each link counts as one level of nesting.
  struct ChainGuard {
    Parser& p;
    int n = 0;
    explicit ChainGuard(Parser& pp) : p(pp) {}
    void step(std::uint32_t pos) {
      ++n;
      if (++p.depth_ > kMaxNesting) throw SyntaxError{pos, "expression too deeply nested or too long"};
    }
    ~ChainGuard() { p.depth_ -= n; }
  };

  struct DepthGuard {
    Parser& p;
    DepthGuard(Parser& pp, std::uint32_t pos) : p(pp) {
      if (++p.depth_ > kMaxNesting) throw SyntaxError{pos, "template too deeply nested"};
    }
    ~DepthGuard() { --p.depth_; }
  };

  [[noreturn]] void fail(std::uint32_t pos, std::string msg) { throw SyntaxError{pos, std::move(msg)}; }

  void error(std::uint32_t pos, std::string msg, std::string note = "") {
    auto p = t_.position(pos);
    Diagnostic d;
    d.path = t_.path;
    d.line = p.line;
    d.col = p.col;
    d.message = std::move(msg);
    d.source_line = line_of(t_.source, p.line);
    if (!note.empty()) d.notes.push_back(std::move(note));
    diags_.add(std::move(d));
    semantic_errors_ = true;
  }

  const Token& cur() const { return toks_[i_]; }
  const Token& peek(std::size_t k = 1) const { return toks_[std::min(i_ + k, toks_.size() - 1)]; }
  void next() {
    if (i_ + 1 < toks_.size()) ++i_;
  }
  static std::string describe(const Token& t) {
    switch (t.type) {
      case T::data: return "template data";
      case T::var_begin: return "{{";
      case T::var_end: return "}}";
      case T::block_begin: return "{%";
      case T::block_end: return "end of statement block";
      case T::eof: return "end of template";
      case T::string: return "string";
      case T::integer: return "integer";
      case T::floating: return "float";
      default: return t.text;
    }
  }
  bool is_op(const char* op) const { return cur().type == T::op && cur().text == op; }
  bool is_name(const char* n) const { return cur().type == T::name && cur().text == n; }
  bool skip_op(const char* op) {
    if (!is_op(op)) return false;
    next();
    return true;
  }
  bool skip_name(const char* n) {
    if (!is_name(n)) return false;
    next();
    return true;
  }
  void expect_op(const char* op) {
    if (!skip_op(op)) fail(cur().pos, std::string("expected '") + op + "', got '" + describe(cur()) + "'");
  }
  std::string expect_name() {
    if (cur().type != T::name) fail(cur().pos, "expected a name, got '" + describe(cur()) + "'");
    std::string n = cur().text;
    next();
    return n;
  }
  void expect_block_end() {
    if (cur().type != T::block_end) fail(cur().pos, "expected end of statement block, got '" + describe(cur()) + "'");
    next();
  }

  // ---- statements ---------------------------------------------------------

  // Parses nodes until a `{% name %}` with name in `ends` (left unconsumed:
  // cur() is that name) or the end of the template.
  Body parse_body(const std::vector<const char*>& ends) {
    Body body;
    for (;;) {
      const Token& t = cur();
      if (t.type == T::eof) {
        if (!ends.empty()) {
          std::string want;
          for (std::size_t k = 0; k < ends.size(); ++k) want += (k ? " or '" : "'") + std::string(ends[k]) + "'";
          auto& [tag, pos] = open_.back();
          auto p = t_.position(pos);
          fail(t.pos, "unexpected end of template, expected " + want + " (the innermost open block is '" + tag +
                          "' at line " + std::to_string(p.line) + ")");
        }
        return body;
      }
      if (t.type == T::data) {
        auto n = std::make_unique<Node>(NK::data, t.pos);
        n->text = t.text;
        body.push_back(std::move(n));
        next();
      } else if (t.type == T::var_begin) {
        next();
        auto n = std::make_unique<Node>(NK::output, cur().pos);
        n->expr = parse_tuple(true);
        if (cur().type != T::var_end) fail(cur().pos, "expected '}}', got '" + describe(cur()) + "'");
        next();
        body.push_back(std::move(n));
      } else if (t.type == T::block_begin) {
        next();
        if (cur().type != T::name) fail(cur().pos, "expected a statement name, got '" + describe(cur()) + "'");
        for (const char* e : ends)
          if (cur().text == e) return body;
        body.push_back(parse_statement());
      } else {
        fail(t.pos, "unexpected '" + describe(t) + "'");
      }
    }
  }

  NodePtr parse_statement() {
    const Token& t = cur();
    DepthGuard g(*this, t.pos);
    const std::string& w = t.text;
    if (w == "if") return parse_if();
    if (w == "for") return parse_for();
    if (w == "set") return parse_set();
    if (w == "block") return parse_block();
    if (w == "extends") return parse_extends();
    if (w == "include") return parse_include();
    if (w == "import") return parse_import();
    if (w == "from") return parse_from();
    if (w == "macro") return parse_macro();
    if (w == "filter") return parse_filter_block();
    if (w == "with") return parse_with();
    if (w == "autoescape") return parse_autoescape();
    static const std::set<std::string> known_ends = {"endif", "endfor", "endset", "endblock", "endmacro", "endfilter",
                                                      "endwith", "else", "elif", "endraw", "endcall", "endautoescape"};
    if (known_ends.count(w)) {
      std::string msg = "unexpected '" + w + "'";
      if (!open_.empty()) msg += " (the innermost open block is '" + open_.back().first + "')";
      fail(t.pos, msg);
    }
    if (w == "call") return parse_call_block();
    if (w == "do" || w == "break" || w == "continue" || w == "trans")
      fail(t.pos, "the '" + w + "' tag is not supported");
    fail(t.pos, "unknown tag '" + w + "'");
  }

  void open(const std::string& tag, std::uint32_t pos) { open_.emplace_back(tag, pos); }
  void close() { open_.pop_back(); }

  // Consumes `{% endNAME [name] %}` (cur() is at endNAME).
  void end_tag(const char* word, const std::string& label = "") {
    next();
    if (!label.empty() && cur().type == T::name) {
      if (cur().text != label) fail(cur().pos, "mismatched end tag: expected '" + label + "', got '" + cur().text + "'");
      next();
    }
    expect_block_end();
    close();
  }

  NodePtr parse_if() {
    auto n = std::make_unique<Node>(NK::if_, cur().pos);
    open("if", cur().pos);
    next();
    SoftGuard soft(soft_, true);
    for (;;) {
      ExprPtr cond = parse_tuple(false);
      expect_block_end();
      Body body = parse_body({"elif", "else", "endif"});
      n->branches.emplace_back(std::move(cond), std::move(body));
      if (skip_name("elif")) continue;
      if (skip_name("else")) {
        expect_block_end();
        n->else_body = parse_body({"endif"});
      }
      break;
    }
    end_tag("endif");
    return n;
  }

  // Assignment target: `x`, `a, b`, `(a, b)`; with `allow_attr`, `ns.x`.
  void parse_target(Node& n, bool allow_attr) {
    bool paren = skip_op("(");
    for (;;) {
      std::uint32_t p = cur().pos;
      std::string name = expect_name();
      if (name == "true" || name == "false" || name == "none" || name == "True" || name == "False" || name == "None")
        fail(p, "cannot assign to '" + name + "'");
      if (allow_attr && !paren && n.targets.empty() && skip_op(".")) {
        n.attr = expect_name();
        n.targets.push_back(name);
        return;
      }
      n.targets.push_back(name);
      if (!skip_op(",")) break;
      n.unpack = true;
      if (cur().type != T::name) break;  // trailing comma
    }
    if (paren) {
      expect_op(")");
      n.unpack = true;
    }
  }

  NodePtr parse_for() {
    auto n = std::make_unique<Node>(NK::for_, cur().pos);
    open("for", cur().pos);
    next();
    parse_target(*n, false);
    if (!skip_name("in")) fail(cur().pos, "expected 'in', got '" + describe(cur()) + "'");
    n->expr = parse_tuple(false, false, "recursive");
    if (skip_name("if")) n->cond = parse_expression();
    if (skip_name("recursive")) n->flag = true;
    expect_block_end();
    SoftGuard hard(soft_, false);
    n->body = parse_body({"endfor", "else"});
    if (skip_name("else")) {
      expect_block_end();
      n->else_body = parse_body({"endfor"});
    }
    end_tag("endfor");
    return n;
  }

  NodePtr parse_set() {
    std::uint32_t pos = cur().pos;
    next();
    auto n = std::make_unique<Node>(NK::set, pos);
    parse_target(*n, true);
    if (skip_op("=")) {
      n->expr = parse_tuple(true);
      expect_block_end();
      return n;
    }
    if (n->unpack || !n->attr.empty()) fail(cur().pos, "a block set takes a single name");
    n->kind = NK::set_block;
    if (is_op("|")) n->expr = parse_filter_chain(nullptr);
    expect_block_end();
    open("set", pos);
    SoftGuard hard(soft_, false);
    n->body = parse_body({"endset"});
    end_tag("endset");
    return n;
  }

  NodePtr parse_block() {
    auto n = std::make_unique<Node>(NK::block, cur().pos);
    next();
    std::uint32_t name_pos = cur().pos;
    n->text = expect_name();
    open("block", n->pos);
    for (;;) {
      if (skip_name("scoped")) n->flag = true;
      else if (skip_name("required")) {
      } else break;
    }
    expect_block_end();
    SoftGuard hard(soft_, false);
    n->body = parse_body({"endblock"});
    end_tag("endblock", n->text);
    if (t_.blocks.count(n->text)) error(name_pos, "block '" + n->text + "' defined twice");
    else t_.blocks[n->text] = n.get();
    return n;
  }

  void literal_ref(const Expr& e, bool optional) {
    if (e.kind == EK::constant && e.value.is_string()) t_.refs.push_back({e.pos, e.value.as_string(), optional});
    if (e.kind == EK::list || e.kind == EK::tuple) {
      for (std::size_t k = 0; k < e.args.size(); ++k) {
        // a list of names: only the last one must exist (unless optional)
        if (e.args[k]->kind == EK::constant && e.args[k]->value.is_string())
          t_.refs.push_back({e.args[k]->pos, e.args[k]->value.as_string(), optional || k + 1 < e.args.size()});
      }
    }
  }

  NodePtr parse_extends() {
    auto n = std::make_unique<Node>(NK::extends, cur().pos);
    next();
    n->expr = parse_expression();
    literal_ref(*n->expr, false);
    expect_block_end();
    return n;
  }

  void parse_context_modifier(Node& n, bool dflt) {
    n.context = dflt;
    if ((is_name("with") || is_name("without")) && peek().type == T::name && peek().text == "context") {
      n.context = cur().text == "with";
      next();
      next();
    }
  }

  NodePtr parse_include() {
    auto n = std::make_unique<Node>(NK::include, cur().pos);
    next();
    n->expr = parse_expression();
    if (is_name("ignore") && peek().type == T::name && peek().text == "missing") {
      n->flag = true;
      next();
      next();
    }
    literal_ref(*n->expr, n->flag);
    parse_context_modifier(*n, true);
    expect_block_end();
    return n;
  }

  NodePtr parse_import() {
    auto n = std::make_unique<Node>(NK::import, cur().pos);
    next();
    n->expr = parse_expression();
    literal_ref(*n->expr, false);
    if (!skip_name("as")) fail(cur().pos, "expected 'as', got '" + describe(cur()) + "'");
    n->text = expect_name();
    parse_context_modifier(*n, false);
    expect_block_end();
    return n;
  }

  NodePtr parse_from() {
    auto n = std::make_unique<Node>(NK::from_import, cur().pos);
    next();
    n->expr = parse_expression();
    literal_ref(*n->expr, false);
    if (!skip_name("import")) fail(cur().pos, "expected 'import', got '" + describe(cur()) + "'");
    for (;;) {
      if (!n->targets.empty()) {
        if (!skip_op(",")) break;
      }
      if ((is_name("with") || is_name("without")) && peek().type == T::name && peek().text == "context") break;
      if (cur().type != T::name) {
        if (n->targets.empty()) fail(cur().pos, "expected a name, got '" + describe(cur()) + "'");
        break;
      }
      std::uint32_t p = cur().pos;
      std::string name = expect_name();
      if (name[0] == '_') fail(p, "names starting with an underscore cannot be imported");
      std::string alias = name;
      if (skip_name("as")) alias = expect_name();
      n->targets.push_back(name);
      n->aliases.push_back(alias);
    }
    parse_context_modifier(*n, false);
    expect_block_end();
    return n;
  }

  // `(a, b=1)` parameter lists of macros and call blocks.
  void parse_params(Node& n) {
    expect_op("(");
    bool seen_default = false;
    while (!is_op(")")) {
      if (!n.targets.empty()) {
        expect_op(",");
        if (is_op(")")) break;
      }
      std::uint32_t p = cur().pos;
      n.targets.push_back(expect_name());
      if (skip_op("=")) {
        n.exprs.push_back(parse_expression());
        seen_default = true;
      } else {
        if (seen_default) fail(p, "non-default argument follows default argument");
        n.exprs.push_back(nullptr);
      }
    }
    expect_op(")");
  }

  // A macro-like body: notes which of varargs, kwargs and caller it uses.
  void parse_macro_body(Node& n, const char* end) {
    bool was_in = in_macro_, sv = saw_varargs_, sk = saw_kwargs_, sc = saw_caller_;
    in_macro_ = true;
    saw_varargs_ = saw_kwargs_ = saw_caller_ = false;
    SoftGuard hard(soft_, false);
    n.body = parse_body({end});
    n.uses_varargs = saw_varargs_;
    n.uses_kwargs = saw_kwargs_;
    n.uses_caller = saw_caller_;
    in_macro_ = was_in;
    saw_varargs_ = sv;
    saw_kwargs_ = sk;
    saw_caller_ = sc;
  }

  NodePtr parse_macro() {
    auto n = std::make_unique<Node>(NK::macro, cur().pos);
    next();
    n->text = expect_name();
    open("macro", n->pos);
    parse_params(*n);
    expect_block_end();
    parse_macro_body(*n, "endmacro");
    end_tag("endmacro", n->text);
    return n;
  }

  // {% call(params) macro(args) %}body{% endcall %}: the body is `caller`.
  NodePtr parse_call_block() {
    auto n = std::make_unique<Node>(NK::call_block, cur().pos);
    next();
    n->text = "caller";
    open("call", n->pos);
    if (is_op("(")) parse_params(*n);
    std::uint32_t p = cur().pos;
    n->expr = parse_expression();
    if (n->expr->kind != EK::call) fail(p, "expected a macro call after 'call'");
    expect_block_end();
    parse_macro_body(*n, "endcall");
    end_tag("endcall");
    return n;
  }

  NodePtr parse_filter_block() {
    auto n = std::make_unique<Node>(NK::filter_block, cur().pos);
    next();
    open("filter", n->pos);
    n->expr = parse_filter_chain(nullptr, true);
    expect_block_end();
    SoftGuard hard(soft_, false);
    n->body = parse_body({"endfilter"});
    end_tag("endfilter");
    return n;
  }

  NodePtr parse_autoescape() {
    auto n = std::make_unique<Node>(NK::autoescape, cur().pos);
    next();
    open("autoescape", n->pos);
    n->expr = parse_expression();
    expect_block_end();
    n->body = parse_body({"endautoescape"});
    end_tag("endautoescape");
    return n;
  }

  NodePtr parse_with() {
    auto n = std::make_unique<Node>(NK::with, cur().pos);
    next();
    open("with", n->pos);
    while (cur().type != T::block_end) {
      if (!n->targets.empty()) expect_op(",");
      n->targets.push_back(expect_name());
      expect_op("=");
      n->exprs.push_back(parse_expression());
    }
    expect_block_end();
    SoftGuard hard(soft_, false);
    n->body = parse_body({"endwith"});
    end_tag("endwith");
    return n;
  }

  // ---- expressions --------------------------------------------------------

  ExprPtr make(EK k, std::uint32_t pos) { return std::make_unique<Expr>(k, pos); }

  bool is_tuple_end(const char* extra) const {
    const Token& t = cur();
    if (t.type == T::var_end || t.type == T::block_end || t.type == T::eof) return true;
    if (t.type == T::op && t.text == ")") return true;
    if (extra && t.type == T::name && t.text == extra) return true;
    return false;
  }

  ExprPtr parse_tuple(bool with_condexpr, bool explicit_parens = false, const char* extra_end = nullptr) {
    std::uint32_t pos = cur().pos;
    std::vector<ExprPtr> args;
    bool is_tuple = false;
    for (;;) {
      if (!args.empty()) expect_op(",");
      if (is_tuple_end(extra_end)) break;
      args.push_back(with_condexpr ? parse_expression() : parse_or());
      if (is_op(",")) is_tuple = true;
      else break;
    }
    if (!is_tuple) {
      if (!args.empty()) return std::move(args[0]);
      if (!explicit_parens) fail(cur().pos, "expected an expression, got '" + describe(cur()) + "'");
    }
    auto e = make(EK::tuple, pos);
    e->args = std::move(args);
    return e;
  }

  ExprPtr parse_expression() {
    DepthGuard g(*this, cur().pos);
    std::size_t mark = unknowns_.size();
    ExprPtr e = parse_or();
    while (is_name("if")) {
      SoftGuard soft(soft_, true);
      for (std::size_t k = mark; k < unknowns_.size(); ++k) unknowns_[k].soft = true;
      std::uint32_t pos = cur().pos;
      next();
      auto c = make(EK::cond, pos);
      ExprPtr cond = parse_or();
      ExprPtr other;
      if (skip_name("else")) other = parse_expression();
      c->args.push_back(std::move(e));
      c->args.push_back(std::move(cond));
      c->args.push_back(std::move(other));
      e = std::move(c);
    }
    return e;
  }

  ExprPtr parse_or() {
    ExprPtr left = parse_and();
    ChainGuard chain(*this);
    while (is_name("or")) {
      chain.step(cur().pos);
      auto e = make(EK::or_, cur().pos);
      next();
      e->args.push_back(std::move(left));
      e->args.push_back(parse_and());
      left = std::move(e);
    }
    return left;
  }

  ExprPtr parse_and() {
    ExprPtr left = parse_not();
    ChainGuard chain(*this);
    while (is_name("and")) {
      chain.step(cur().pos);
      auto e = make(EK::and_, cur().pos);
      next();
      e->args.push_back(std::move(left));
      e->args.push_back(parse_not());
      left = std::move(e);
    }
    return left;
  }

  ExprPtr parse_not() {
    if (is_name("not")) {
      DepthGuard g(*this, cur().pos);
      auto e = make(EK::not_, cur().pos);
      next();
      e->args.push_back(parse_not());
      return e;
    }
    return parse_compare();
  }

  ExprPtr parse_compare() {
    std::uint32_t pos = cur().pos;
    ExprPtr left = parse_math1();
    std::vector<Op> ops;
    std::vector<ExprPtr> operands;
    for (;;) {
      Op op;
      if (cur().type == T::op && (cur().text == "==" || cur().text == "!=" || cur().text == "<" || cur().text == "<=" ||
                                  cur().text == ">" || cur().text == ">=")) {
        const std::string& o = cur().text;
        op = o == "==" ? Op::eq : o == "!=" ? Op::ne : o == "<" ? Op::lt : o == "<=" ? Op::le : o == ">" ? Op::gt : Op::ge;
        next();
      } else if (is_name("in")) {
        op = Op::in;
        next();
      } else if (is_name("not") && peek().type == T::name && peek().text == "in") {
        op = Op::notin;
        next();
        next();
      } else {
        break;
      }
      ops.push_back(op);
      operands.push_back(parse_math1());
    }
    if (ops.empty()) return left;
    auto e = make(EK::compare, pos);
    e->args.push_back(std::move(left));
    for (auto& o : operands) e->args.push_back(std::move(o));
    e->ops = std::move(ops);
    return e;
  }

  ExprPtr binop(Op op, std::uint32_t pos, ExprPtr l, ExprPtr r) {
    auto e = make(EK::binop, pos);
    e->op = op;
    e->args.push_back(std::move(l));
    e->args.push_back(std::move(r));
    return e;
  }

  ExprPtr parse_math1() {
    ExprPtr left = parse_concat();
    ChainGuard chain(*this);
    while (is_op("+") || is_op("-")) {
      chain.step(cur().pos);
      Op op = is_op("+") ? Op::add : Op::sub;
      std::uint32_t pos = cur().pos;
      next();
      left = binop(op, pos, std::move(left), parse_concat());
    }
    return left;
  }

  ExprPtr parse_concat() {
    std::uint32_t pos = cur().pos;
    ExprPtr first = parse_math2();
    if (!is_op("~")) return first;
    auto e = make(EK::concat, pos);
    e->args.push_back(std::move(first));
    while (skip_op("~")) e->args.push_back(parse_math2());
    return e;
  }

  ExprPtr parse_math2() {
    ExprPtr left = parse_pow();
    ChainGuard chain(*this);
    for (;;) {
      chain.step(cur().pos);
      Op op;
      if (is_op("*")) op = Op::mul;
      else if (is_op("/")) op = Op::div;
      else if (is_op("//")) op = Op::floordiv;
      else if (is_op("%")) op = Op::mod;
      else break;
      std::uint32_t pos = cur().pos;
      next();
      left = binop(op, pos, std::move(left), parse_pow());
    }
    return left;
  }

  ExprPtr parse_pow() {
    ExprPtr left = parse_unary(true);
    ChainGuard chain(*this);
    while (is_op("**")) {
      chain.step(cur().pos);
      std::uint32_t pos = cur().pos;
      next();
      left = binop(Op::pow, pos, std::move(left), parse_unary(true));
    }
    return left;
  }

  ExprPtr parse_unary(bool with_filter) {
    DepthGuard g(*this, cur().pos);
    ExprPtr node;
    if (is_op("-") || is_op("+")) {
      auto e = make(is_op("-") ? EK::neg : EK::pos, cur().pos);
      next();
      e->args.push_back(parse_unary(false));
      node = std::move(e);
    } else {
      node = parse_primary();
    }
    node = parse_postfix(std::move(node));
    if (with_filter) node = parse_filter_expr(std::move(node));
    return node;
  }

  ExprPtr parse_primary() {
    const Token& t = cur();
    std::uint32_t pos = t.pos;
    if (t.type == T::name) {
      const std::string& w = t.text;
      ExprPtr e;
      if (w == "true" || w == "True" || w == "false" || w == "False") {
        e = make(EK::constant, pos);
        e->value = Value(w == "true" || w == "True");
      } else if (w == "none" || w == "None") {
        e = make(EK::constant, pos);
        e->value = Value::none();
      } else {
        e = make(EK::name, pos);
        e->name = w;
        if (in_macro_) {
          if (w == "varargs") saw_varargs_ = true;
          if (w == "kwargs") saw_kwargs_ = true;
          if (w == "caller") saw_caller_ = true;
        }
      }
      next();
      return e;
    }
    if (t.type == T::string) {
      std::string s;
      while (cur().type == T::string) {
        s += cur().text;
        next();
      }
      auto e = make(EK::constant, pos);
      e->value = Value(std::move(s));
      return e;
    }
    if (t.type == T::integer || t.type == T::floating) {
      auto e = make(EK::constant, pos);
      e->value = t.type == T::integer ? Value(t.ival) : Value(t.fval);
      next();
      return e;
    }
    if (is_op("(")) {
      next();
      ExprPtr e = parse_tuple(true, true);
      expect_op(")");
      return e;
    }
    if (is_op("[")) {
      next();
      auto e = make(EK::list, pos);
      while (!is_op("]")) {
        if (!e->args.empty()) {
          expect_op(",");
          if (is_op("]")) break;
        }
        e->args.push_back(parse_expression());
      }
      expect_op("]");
      return e;
    }
    if (is_op("{")) {
      next();
      auto e = make(EK::dict, pos);
      while (!is_op("}")) {
        if (!e->args.empty()) {
          expect_op(",");
          if (is_op("}")) break;
        }
        e->args.push_back(parse_expression());
        expect_op(":");
        e->args.push_back(parse_expression());
      }
      expect_op("}");
      return e;
    }
    fail(pos, "unexpected '" + describe(t) + "'");
  }

  ExprPtr parse_postfix(ExprPtr node) {
    ChainGuard chain(*this);
    for (;;) {
      chain.step(cur().pos);
      if (is_op(".")) {
        std::uint32_t pos = cur().pos;
        next();
        if (cur().type == T::name) {
          auto e = make(EK::getattr, cur().pos);  // errors point at the attribute name
          e->name = cur().text;
          e->name_hash = Value::key_hash(e->name);
          // dict methods win over keys (Jinja2's getattr); remember which names are methods
          e->negate = !bound_method(Value::dict(), e->name).is_undefined();
          e->args.push_back(std::move(node));
          node = std::move(e);
        } else if (cur().type == T::integer) {
          auto e = make(EK::getitem, pos);
          auto k = make(EK::constant, cur().pos);
          k->value = Value(cur().ival);
          e->args.push_back(std::move(node));
          e->args.push_back(std::move(k));
          node = std::move(e);
        } else {
          fail(cur().pos, "expected name or number after '.'");
        }
        next();
      } else if (is_op("[")) {
        std::uint32_t pos = cur().pos;
        next();
        std::vector<ExprPtr> subs;
        while (!is_op("]")) {
          if (!subs.empty()) expect_op(",");
          subs.push_back(parse_subscribed());
        }
        expect_op("]");
        if (subs.empty()) fail(pos, "expected a subscript");
        auto e = make(EK::getitem, pos);
        e->args.push_back(std::move(node));
        if (subs.size() == 1) {
          e->args.push_back(std::move(subs[0]));
        } else {
          auto tup = make(EK::tuple, pos);
          tup->args = std::move(subs);
          e->args.push_back(std::move(tup));
        }
        node = std::move(e);
      } else if (is_op("(")) {
        node = parse_call(std::move(node));
      } else {
        return node;
      }
    }
  }

  ExprPtr parse_subscribed() {
    std::uint32_t pos = cur().pos;
    std::vector<ExprPtr> parts;
    if (is_op(":")) {
      parts.push_back(nullptr);
    } else {
      ExprPtr e = parse_expression();
      if (!is_op(":")) return e;
      parts.push_back(std::move(e));
    }
    next();  // ':'
    if (is_op("]") || is_op(",")) parts.push_back(nullptr);
    else if (is_op(":")) parts.push_back(nullptr);
    else parts.push_back(parse_expression());
    if (skip_op(":")) {
      if (is_op("]") || is_op(",")) parts.push_back(nullptr);
      else parts.push_back(parse_expression());
    } else {
      parts.push_back(nullptr);
    }
    auto s = make(EK::slice, pos);
    s->args = std::move(parts);
    return s;
  }

  void parse_call_args(Expr& e) {
    expect_op("(");
    while (!is_op(")")) {
      if (e.args.size() > 1 || !e.kwargs.empty()) {
        expect_op(",");
        if (is_op(")")) break;
      }
      if (is_op("*") || is_op("**")) fail(cur().pos, "*args and **kwargs in calls are not supported");
      if (cur().type == T::name && peek().type == T::op && peek().text == "=") {
        std::string key = cur().text;
        next();
        next();
        e.kwargs.emplace_back(std::move(key), parse_expression());
      } else {
        if (!e.kwargs.empty()) fail(cur().pos, "positional argument follows keyword argument");
        e.args.push_back(parse_expression());
      }
    }
    expect_op(")");
  }

  ExprPtr parse_call(ExprPtr callee) {
    auto e = make(EK::call, cur().pos);
    e->args.push_back(std::move(callee));
    parse_call_args(*e);
    return e;
  }

  std::string dotted_name() {
    std::string name = expect_name();
    while (is_op(".") && peek().type == T::name) {
      next();
      name += "." + cur().text;
      next();
    }
    return name;
  }

  ExprPtr parse_one_filter(ExprPtr subject) {
    std::uint32_t pos = cur().pos;
    auto e = make(EK::filter, pos);
    e->name = dotted_name();
    e->args.push_back(std::move(subject));
    if (is_op("(")) parse_call_args(*e);
    if (auto it = reg_.user_filters.find(e->name); it != reg_.user_filters.end()) {
      e->user = &it->second;
    } else if (auto b = reg_.filters.find(e->name); b != reg_.filters.end()) {
      e->builtin = &b->second;
    } else {
      std::string near = nearest(e->name, reg_.filter_names());
      unknowns_.push_back({pos, "no filter named '" + e->name + "'", near.empty() ? "" : "did you mean '" + near + "'?", soft_});
    }
    return e;
  }

  // `| f | g(x)` (cur() at '|' unless `first_without_pipe`).
  ExprPtr parse_filter_chain(ExprPtr subject, bool first_without_pipe = false) {
    if (first_without_pipe) subject = parse_one_filter(std::move(subject));
    ChainGuard chain(*this);
    while (is_op("|")) {
      chain.step(cur().pos);
      next();
      subject = parse_one_filter(std::move(subject));
    }
    return subject;
  }

  ExprPtr parse_filter_expr(ExprPtr node) {
    ChainGuard chain(*this);
    for (;;) {
      chain.step(cur().pos);
      if (is_op("|")) {
        next();
        node = parse_one_filter(std::move(node));
      } else if (is_name("is")) {
        node = parse_test(std::move(node));
      } else if (is_op("(")) {
        node = parse_call(std::move(node));
      } else {
        return node;
      }
    }
  }

  ExprPtr parse_test(ExprPtr subject) {
    next();  // 'is'
    std::uint32_t pos = cur().pos;
    bool negate = skip_name("not");
    pos = cur().pos;
    auto e = make(EK::test, pos);
    e->negate = negate;
    e->name = dotted_name();
    e->args.push_back(std::move(subject));
    if (is_op("(")) {
      parse_call_args(*e);
    } else if ((cur().type == T::name || cur().type == T::string || cur().type == T::integer ||
                cur().type == T::floating || is_op("(") || is_op("[") || is_op("{")) &&
               !is_name("else") && !is_name("or") && !is_name("and")) {
      if (is_name("is")) fail(cur().pos, "you cannot chain multiple tests with 'is'");
      ExprPtr arg = parse_postfix(parse_primary());
      e->args.push_back(std::move(arg));
    }
    if (auto b = reg_.tests.find(e->name); b != reg_.tests.end()) {
      e->builtin = &b->second;
    } else {
      std::string near = nearest(e->name, reg_.test_names());
      unknowns_.push_back({pos, "no test named '" + e->name + "'", near.empty() ? "" : "did you mean '" + near + "'?", soft_});
    }
    return e;
  }
};

void compute_lines(Template& t) {
  t.line_starts.push_back(0);
  for (std::size_t i = 0; i < t.source.size(); ++i)
    if (t.source[i] == '\n') t.line_starts.push_back(static_cast<std::uint32_t>(i + 1));
}

}  // namespace

std::shared_ptr<Template> parse_template(std::string name, std::string path, std::string source,
                                         const Registry& registry, Diagnostics& diags) {
  auto t = std::make_shared<Template>();
  t->name = std::move(name);
  t->path = std::move(path);
  t->source = std::move(source);
  t->autoescape = autoescape_for(t->name);
  compute_lines(*t);
  try {
    if (t->source.size() > 0xFFFFFFF0u) throw SyntaxError{0, "template too large"};
    if (auto bad = text::invalid_utf8_offset(t->source, true); bad != text::npos)
      throw SyntaxError{static_cast<std::uint32_t>(bad), "template is not valid UTF-8 text"};
    Lexer lexer(t->source);
    Parser parser(*t, lexer.run(), registry, diags);
    parser.run();
    if (parser.semantic_errors()) return nullptr;
  } catch (const SyntaxError& e) {
    auto p = t->position(e.pos);
    Diagnostic d;
    d.path = t->path;
    d.line = p.line;
    d.col = p.col;
    d.message = e.message;
    d.source_line = line_of(t->source, p.line);
    diags.add(std::move(d));
    return nullptr;
  }
  return t;
}

}  // namespace mb::tmpl
