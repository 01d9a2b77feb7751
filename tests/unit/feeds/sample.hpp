// A small feed shared by the feed unit tests.
#pragma once

#include "feeds/feed.hpp"

namespace mb::feeds::testing {

inline Feed small_feed() {
  Feed f;
  f.id = "tag:tuyenquang.gov.vn,2026:feed";
  f.title = "Cải cách hành chính Tuyên Quang";
  f.subtitle = "Xếp hạng & kết quả";
  f.home_url = "https://tuyenquang.gov.vn/";
  f.self_url = "https://tuyenquang.gov.vn/feed.xml";
  f.author_name = "UBND tỉnh Tuyên Quang";
  f.author_email = "cchc@tuyenquang.gov.vn";
  FeedItem a;
  a.id = "tag:tuyenquang.gov.vn,2026:par-index/2025";
  a.title = "PAR INDEX 2025: Sở Tư pháp hạng 3/20, tăng 2 bậc";
  a.url = "https://tuyenquang.gov.vn/xep-hang/par-index/2025/";
  a.summary = "Sở Tư pháp đạt 88,5 điểm.";
  a.published = "2026-03-01T09:00:00+07:00";
  a.updated = "2026-03-05T08:30:00+07:00";
  a.categories = {"Xếp hạng"};
  FeedItem b;
  b.id = "tag:tuyenquang.gov.vn,2026:kpi/tthc-truc-tuyen/2026-q1";
  b.title = "KPI: hồ sơ trực tuyến quý I/2026";
  b.url = "https://tuyenquang.gov.vn/ke-hoach/2026/tthc-truc-tuyen/";
  b.summary = "Đạt 72% (mục tiêu 80%).";
  b.content_html = "<p>Đạt <strong>72%</strong></p>";
  b.published = "2026-04-02";
  b.author = "Sở Nội vụ";
  f.items = {a, b};
  return f;
}

}  // namespace mb::feeds::testing
