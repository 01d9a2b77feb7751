#!/usr/bin/env bash
# `minhbach new`: a site skeleton that checks and builds at once, files from
# templates that pass `check`, nothing ever overwritten.
. "$(dirname "$0")/lib.sh"
cd "$tmp"
expect 0 "new site" -- "$mb" new site moi --title "Cổng CCHC xã Thử"
has out "created a new site in moi" "new site summary"
expect 0 "skeleton checks" -- "$mb" check --site moi
expect 0 "skeleton builds" -- "$mb" build --site moi --quiet
[ -f moi/public/index.html ] && [ -f moi/public/tin-tuc/khai-truong/index.html ] || { echo "FAIL: skeleton pages missing"; fail=1; }
has moi/public/index.html "Cổng CCHC xã Thử" "site title in the home page"
[ -f moi/themes/default/layouts/base.html ] || { echo "FAIL: theme not copied"; fail=1; }
[ -f moi/data/README.md ] && [ -f moi/data/rankings/README.md ] || { echo "FAIL: data READMEs missing"; fail=1; }
expect 1 "new site into a non-empty folder" -- "$mb" new site moi
has err "refusing to create a site in a folder that is not empty" "non-empty refusal"

cd moi
expect 0 "new news" -- "$mb" new news "Sở Nội vụ họp về cải cách hành chính"
has out "created content/tin-tuc/so-noi-vu-hop-ve-cai-cach-hanh-chinh.md" "news path from the title"
f=content/tin-tuc/so-noi-vu-hop-ve-cai-cach-hanh-chinh.md
has $f 'title: "Sở Nội vụ họp về cải cách hành chính"' "news title"
grep -Eq '^date: [0-9]{4}-[0-9]{2}-[0-9]{2}$' $f || { echo "FAIL: news has no date"; cat $f; fail=1; }
has $f "draft: true" "news is a draft"
expect 1 "new news twice" -- "$mb" new news "Sở Nội vụ họp về cải cách hành chính"
has err "refusing to overwrite" "no overwrite"
expect 0 "new news with a date" -- "$mb" new news "Tin cũ" --date 20/10/2026
has content/tin-tuc/tin-cu.md "date: 2026-10-20" "--date day first"
expect 0 "new plan" -- "$mb" new plan ke-hoach-cchc-2027 --title "Kế hoạch CCHC năm 2027" --from 2027 --to 2027
has out "created data/plans/ke-hoach-cchc-2027.json" "plan path"
expect 1 "new plan bad id" -- "$mb" new plan "Kế hoạch"
has err "did you mean 'ke-hoach'?" "slug suggestion"
expect 1 "new ranking without an index" -- "$mb" new ranking cchc-xa 2026
has err "unknown index 'cchc-xa'" "unknown index"
expect 0 "everything still checks" -- "$mb" check --drafts
expect 0 "and builds" -- "$mb" build --quiet
cd ..

# on the example site: a ranking from the index's earlier rankings
example_copy ex
expect 0 "new ranking on the example" -- "$mb" new ranking cchc-xa 2026 --site ex
has out "created ex/data/rankings/cchc-xa/2026.json" "ranking path"
has ex/data/rankings/cchc-xa/2026.json '"scope": "communes"' "scope from 2024/2025"
expect 0 "example checks with the empty ranking" -- "$mb" check --site ex
expect 1 "new ranking of a misspelt index" -- "$mb" new ranking cchc-xaa 2026 --site ex
has err "did you mean 'cchc-xa'?" "index suggestion"
exit $fail
