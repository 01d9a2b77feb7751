#!/usr/bin/env bash
# `minhbach publish --to DIR`: copies only what changed (unchanged files keep
# their inode and modification time), refuses broken links, and survives an
# interruption: DIR stays the previous complete publication.
. "$(dirname "$0")/lib.sh"
cd "$tmp"
"$mb" new site s >/dev/null || { echo "FAIL: new site"; exit 1; }
cd s
snap() { (cd "$1" && find . -type f ! -name .minhbach-output -printf '%i %T@ %p\n' | sort -k3); }

expect 0 "first publication" -- "$mb" publish --to ../www --verbose
n=$(find public -type f ! -name .minhbach-output | wc -l)  # pages, feeds, downloads, checksums
has out "published public/ to ../www: $n files ($n added, 0 changed, 0 removed, 0 unchanged)" "first summary"
has out "+ added   tin-tuc/khai-truong/index.html" "added listed"
[ "$(grep -c '^  + added   ' "$tmp/out")" = "$n" ] || { echo "FAIL: --verbose does not list every file"; fail=1; }
[ -f ../www/.minhbach-output ] || { echo "FAIL: no marker in the deployment folder"; fail=1; }
snap ../www > ../s1
sleep 1.1
expect 0 "nothing changed" -- "$mb" publish --to ../www
has out "$n files (0 added, 0 changed, 0 removed, $n unchanged)" "second summary"
snap ../www > ../s2
cmp -s ../s1 ../s2 || { echo "FAIL: unchanged files were rewritten"; diff ../s1 ../s2; fail=1; }

# one news item: its page is added, lists change, the rest keeps inode and mtime
"$mb" new news "Tin thứ hai" --date 2026-01-02 >/dev/null
sed -i 's/^draft: true$/draft: false/' content/tin-tuc/tin-thu-hai.md
sleep 1.1
expect 0 "a news item" -- "$mb" publish --to ../www --verbose
has out "+ added   tin-tuc/tin-thu-hai/index.html" "new page"
has out "~ changed tin-tuc/index.html" "list changed"
lacks out "css/site.css" "unchanged file listed"
snap ../www > ../s3
for f in ./css/site.css ./gioi-thieu/index.html ./404.html; do
  [ "$(grep " $f\$" ../s1)" = "$(grep " $f\$" ../s3)" ] || { echo "FAIL: unchanged $f was copied"; fail=1; }
done
[ "$(grep ' ./tin-tuc/index.html$' ../s1 | cut -d' ' -f1)" != "$(grep ' ./tin-tuc/index.html$' ../s3 | cut -d' ' -f1)" ] ||
  { echo "FAIL: changed tin-tuc/index.html kept its inode"; fail=1; }

# interrupted: killed after 2 files; the deployment folder is the previous one
cp -a ../www ../www.before
"$mb" new news "Tin thứ ba" --date 2026-01-03 >/dev/null
sed -i 's/^draft: true$/draft: false/' content/tin-tuc/tin-thu-ba.md
MINHBACH_TEST_PAUSE_AFTER=2 "$mb" publish --to ../www >../p.out 2>../p.err &
pid=$!
for _ in $(seq 1 200); do grep -q "paused after 2 files" ../p.err 2>/dev/null && break; sleep 0.05; done
grep -q "paused after 2 files" ../p.err || { echo "FAIL: publish did not reach the pause"; cat ../p.out ../p.err; fail=1; }
kill -9 $pid; wait $pid 2>/dev/null
ls -a .. | grep -q '^\.www\.staging-' || { echo "FAIL: no half-built staging folder (was it killed mid-way?)"; fail=1; }
diff -r ../www.before ../www || { echo "FAIL: an interrupted publish changed the deployment folder"; fail=1; }
expect 0 "publish after the interruption" -- "$mb" publish --to ../www --verbose
has out "+ added   tin-tuc/tin-thu-ba/index.html" "completed next time"
! ls -a .. | grep -q '^\.www\.\(staging\|old\)-' || { echo "FAIL: leftovers of the killed publish remain"; ls -a ..; fail=1; }

# a broken link stops publishing before the deployment folder is touched
cp -a ../www ../www.ok
printf '\nXem [trang cũ](/khong-co/).\n' >> content/tin-tuc/tin-thu-ba.md
expect 1 "broken link" -- "$mb" publish --to ../www
has err "public/tin-tuc/tin-thu-ba/index.html:" "broken link page"
has err "error: broken link /khong-co/" "broken link"
has err "minhbach publish: 1 error; the deployment folder was not changed" "summary"
expect 1 "broken link, in Vietnamese" -- "$mb" publish --to ../www --lang vi
has err "error: liên kết hỏng /khong-co/" "vi"
has err "1 lỗi; thư mục xuất bản vẫn giữ nguyên bản trước" "vi summary"
diff -r ../www.ok ../www >/dev/null || { echo "FAIL: a refused publish changed the deployment folder"; fail=1; }

# a folder minhbach did not write is refused
sed -i 's|(/khong-co/)|(/tin-tuc/)|' content/tin-tuc/tin-thu-ba.md
mkdir -p ../foreign && echo keep > ../foreign/important.txt
expect 1 "foreign deployment folder" -- "$mb" publish --to ../foreign
has err "no .minhbach-output marker" "refusal"
[ -f ../foreign/important.txt ] || { echo "FAIL: foreign file removed"; fail=1; }
expect 2 "no --to" -- "$mb" publish
exit $fail
