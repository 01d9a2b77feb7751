// Ranking rules (docs/computations.md, "Rankings").
#include <catch2/catch.hpp>

#include "data/compute.hpp"

using namespace mb::data;

namespace {
RankingEntry entry(const char* agency, std::optional<double> score, int rank) {
  RankingEntry e;
  e.agency = agency;
  e.score = score;
  e.rank = rank;
  return e;
}
Ranking ranking(const char* index, int year, Scope scope, std::vector<RankingEntry> entries) {
  Ranking r;
  r.index = index;
  r.year = year;
  r.scope = scope;
  r.entries = std::move(entries);
  return r;
}
}  // namespace

TEST_CASE("standard competition ranking with ties", "[data][ranking]") {
  CHECK(competition_ranks({90, 80, 80, 70}, true) == std::vector<int>{1, 2, 2, 4});
  CHECK(competition_ranks({70, 80, 90, 80}, true) == std::vector<int>{4, 2, 1, 2});
  CHECK(competition_ranks({5, 5, 5}, true) == std::vector<int>{1, 1, 1});
  CHECK(competition_ranks({}, true).empty());
  CHECK(competition_ranks({42}, true) == std::vector<int>{1});
  // lower is better
  CHECK(competition_ranks({90, 80, 80, 70}, false) == std::vector<int>{4, 2, 2, 1});
  CHECK(competition_ranks({1, 1, 2, 3, 3, 4}, false) == std::vector<int>{1, 1, 3, 4, 4, 6});
}

TEST_CASE("groups from thresholds, best first", "[data][ranking]") {
  Index ix;
  ix.groups = {{"A", "Nhóm A", 90, std::nullopt}, {"B", "Nhóm B", 80, std::nullopt}, {"C", "Nhóm C", std::nullopt, std::nullopt}};
  CHECK(group_for(ix, 95)->id == "A");
  CHECK(group_for(ix, 90)->id == "A");
  CHECK(group_for(ix, 89.99)->id == "B");
  CHECK(group_for(ix, 80)->id == "B");
  CHECK(group_for(ix, 79) == nullptr);  // group C has no threshold: given per entry
  // lower is better: max thresholds
  Index low;
  low.higher_is_better = false;
  low.groups = {{"1", "", std::nullopt, 10}, {"2", "", std::nullopt, 20}};
  CHECK(group_for(low, 5)->id == "1");
  CHECK(group_for(low, 15)->id == "2");
  CHECK(group_for(low, 25) == nullptr);
  // per-entry groups only (as PAPI): no thresholds at all
  Index papi;
  papi.groups = {{"cao-nhat", "", std::nullopt, std::nullopt}};
  CHECK(group_for(papi, 50) == nullptr);
}

TEST_CASE("change against the previous year of the same index and scope", "[data][ranking]") {
  Dataset ds;
  ds.rankings.push_back(ranking("par-index", 2018, Scope::provinces, {entry("a", 80, 1), entry("b", 70, 2), entry("c", 60, 3)}));
  ds.rankings.push_back(ranking("par-index", 2019, Scope::provinces,
                                {entry("b", 85, 1), entry("a", 75, 2), entry("c", 60, 3), entry("d", 50, 4)}));
  // another scope and another index are not "the previous year"
  ds.rankings.push_back(ranking("par-index", 2018, Scope::departments, {entry("x", 10, 1)}));
  ds.rankings.push_back(ranking("sipas", 2018, Scope::provinces, {entry("a", 1, 1)}));
  ds.finish();
  const Ranking* r2019 = ds.ranking("par-index", 2019);
  REQUIRE(r2019);
  const Ranking* prev = previous_ranking(ds, *r2019);
  REQUIRE(prev);
  CHECK(prev->year == 2018);
  CHECK(prev->scope == Scope::provinces);

  RankChange b = rank_change(*r2019->entry("b"), prev);
  CHECK(b.trend == Trend::up);
  CHECK(b.previous_year == 2018);
  CHECK(b.previous_units == 3);
  CHECK(*b.previous_rank == 2);
  CHECK(*b.rank_delta == 1);
  CHECK(*b.score_delta == Approx(15));
  RankChange a = rank_change(*r2019->entry("a"), prev);
  CHECK(a.trend == Trend::down);
  CHECK(*a.rank_delta == -1);
  CHECK(*a.score_delta == Approx(-5));
  RankChange c = rank_change(*r2019->entry("c"), prev);
  CHECK(c.trend == Trend::same);
  CHECK(*c.rank_delta == 0);
  CHECK(*c.score_delta == Approx(0));
  RankChange d = rank_change(*r2019->entry("d"), prev);
  CHECK(d.trend == Trend::new_entry);
  CHECK_FALSE(d.previous_rank);
  CHECK(std::string(to_string(d.trend)) == "new");

  // the first year has no previous ranking
  const Ranking* r2018 = ds.ranking("par-index", 2018);
  CHECK(previous_ranking(ds, *r2018) == nullptr);
  RankChange first = rank_change(*r2018->entry("a"), nullptr);
  CHECK(first.trend == Trend::unknown);
  CHECK(first.previous_year == 0);
}

TEST_CASE("a missing year compares with the latest earlier year", "[data][ranking]") {
  Dataset ds;
  ds.rankings.push_back(ranking("par-index", 2015, Scope::provinces, {entry("tq", 70, 40)}));
  ds.rankings.push_back(ranking("par-index", 2018, Scope::provinces, {entry("tq", 78, 30)}));
  ds.rankings.push_back(ranking("par-index", 2016, Scope::provinces, {entry("tq", 72, 35)}));
  ds.finish();
  const Ranking* r = ds.ranking("par-index", 2018);
  const Ranking* prev = previous_ranking(ds, *r);
  REQUIRE(prev);
  CHECK(prev->year == 2016);  // 2017 is missing
  RankChange c = rank_change(*r->entry("tq"), prev);
  CHECK(c.previous_year == 2016);
  CHECK(c.trend == Trend::up);
  CHECK(*c.rank_delta == 5);
  // rankings_of lists the years in order
  auto all = ds.rankings_of("par-index");
  REQUIRE(all.size() == 3);
  CHECK(all[0]->year == 2015);
  CHECK(all[2]->year == 2018);
}

TEST_CASE("entries without a score or rank compare what is known", "[data][ranking]") {
  Ranking prev = ranking("sipas", 2019, Scope::provinces, {entry("tq", 80, 0)});
  Ranking cur = ranking("sipas", 2020, Scope::provinces, {entry("tq", 85, 0)});
  RankChange c = rank_change(cur.entries[0], &prev);
  CHECK(c.trend == Trend::unknown);  // no ranks: the trend is not known
  CHECK(*c.score_delta == Approx(5));
  CHECK_FALSE(c.rank_delta);
  Ranking prev2 = ranking("par-index", 2019, Scope::provinces, {entry("tq", std::nullopt, 35)});
  Ranking cur2 = ranking("par-index", 2020, Scope::provinces, {entry("tq", 83.81, 35)});
  RankChange c2 = rank_change(cur2.entries[0], &prev2);
  CHECK(c2.trend == Trend::same);
  CHECK_FALSE(c2.score_delta);
}

TEST_CASE("spread: best, worst, median, mean", "[data][ranking]") {
  Ranking r = ranking("x", 2020, Scope::departments,
                      {entry("a", 90, 1), entry("b", 80, 2), entry("c", 80, 2), entry("d", 70, 4), entry("e", std::nullopt, 5)});
  auto s = spread(r, true);
  REQUIRE(s);
  CHECK(s->count == 4);
  CHECK(s->best == 90);
  CHECK(s->worst == 70);
  CHECK(s->median == 80);
  CHECK(s->mean == Approx(80));
  auto low = spread(r, false);
  CHECK(low->best == 70);
  CHECK(low->worst == 90);
  Ranking odd = ranking("x", 2020, Scope::departments, {entry("a", 1, 0), entry("b", 10, 0), entry("c", 4, 0)});
  CHECK(spread(odd, true)->median == 4);
  CHECK(spread(odd, true)->mean == Approx(5));
  Ranking none = ranking("x", 2020, Scope::departments, {entry("a", std::nullopt, 1)});
  CHECK_FALSE(spread(none, true));
}

TEST_CASE("finish sorts entries by rank and indexes rankings", "[data][ranking]") {
  Dataset ds;
  ds.rankings.push_back(ranking("x", 2020, Scope::departments, {entry("c", 1, 0), entry("b", 2, 2), entry("a", 3, 1)}));
  ds.finish();
  const Ranking* r = ds.ranking("x", 2020);
  REQUIRE(r);
  CHECK(r->entries[0].agency == "a");
  CHECK(r->entries[1].agency == "b");
  CHECK(r->entries[2].agency == "c");  // unknown rank last
  CHECK(ds.ranking("x", 2021) == nullptr);
  CHECK(r->units() == 3);
}
