// Micro-benchmark: renders a list page over 50,000 items and prints the time.
// Build with -DMB_BENCH=ON (target bench_tmpl); run: bench_tmpl [items] [runs] [threads]
// With threads > 1 it also renders the page once per thread at the same time
// from one const Environment and prints the wall time of that round.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <iostream>
#include <thread>
#include <vector>

#include "tmpl/tmpl.hpp"

using namespace mb;

static const char* kTemplate = R"({% macro badge(n) %}<span class="badge">{{ n|number }}</span>{% endmacro -%}
<ul class="items">
{%- for item in items %}
  <li class="{{ loop.cycle('odd', 'even') }}{% if loop.first %} first{% endif %}">
    <a href="{{ item.url }}">{{ item.title }}</a> {{ item.date|date }} {{ badge(item.n) }}
    {%- if item.tags %} <small>{{ item.tags|join(', ') }}</small>{% endif %}
    {{ item.score|round(1) }} {{ item.summary|truncate(40) }}
  </li>
{%- endfor %}
</ul>
{{ items|length }} items, total {{ items|sum(attribute='n')|number }}
)";

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 50000;
  int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  Value items = Value::list();
  items.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    Value it = Value::dict();
    it.set("title", "Thủ tục hành chính số " + std::to_string(i) + " <cấp tỉnh>");
    it.set("url", "/thu-tuc/" + std::to_string(i) + "/");
    it.set("date", "2025-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10));
    it.set("n", i * 7);
    it.set("score", i / 3.0);
    it.set("summary", "Hồ sơ gồm đơn đề nghị, bản sao giấy tờ và các tài liệu liên quan khác");
    Value tags = Value::list();
    if (i % 3) {
      tags.push("đất đai");
      tags.push("xây dựng");
    }
    it.set("tags", tags);
    items.push(std::move(it));
  }
  Value ctx = Value::dict();
  ctx.set("items", items);

  tmpl::Environment env({});
  double best = 1e9;
  std::size_t size = 0;
  for (int r = 0; r < runs; ++r) {
    std::string out;
    Diagnostics diags;
    auto t0 = std::chrono::steady_clock::now();
    if (!env.render_string(kTemplate, "list.html", ctx, out, diags)) {
      diags.print(std::cerr);
      return 1;
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    best = std::min(best, ms);
    size = out.size();
  }
  std::printf("bench_tmpl: %d items, %zu bytes of output, best of %d: %.1f ms (%.2f us/item)\n", n, size, runs, best,
              best * 1000.0 / n);
  int threads = argc > 3 ? std::atoi(argv[3]) : 1;
  if (threads > 1) {
    const tmpl::Environment& cenv = env;
    std::vector<std::thread> pool;
    std::vector<std::size_t> sizes(static_cast<std::size_t>(threads));
    auto t0 = std::chrono::steady_clock::now();
    for (int k = 0; k < threads; ++k)
      pool.emplace_back([&, k] {
        std::string out;
        Diagnostics diags;
        cenv.render_string(kTemplate, "list.html", ctx, out, diags);
        sizes[static_cast<std::size_t>(k)] = out.size();
      });
    for (auto& th : pool) th.join();
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    for (auto sz : sizes)
      if (sz != size) {
        std::printf("bench_tmpl: thread output differs\n");
        return 1;
      }
    std::printf("bench_tmpl: %d renders on %d threads at once: %.1f ms\n", threads, threads, ms);
  }
  return 0;
}
