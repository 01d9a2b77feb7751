#!/usr/bin/env bash
# Rebuilds and job counts, on the example site (repository root):
#  - --jobs 1 and --jobs 2 give byte-identical output trees;
#  - a rebuild with nothing changed writes no file: every file keeps its
#    inode and modification time, the output folder itself included;
#  - --precompress writes .gz and .br copies, and a rebuild keeps them too.
# usage: run.sh MINHBACH SOURCE_DIR
set -u
mb="$1"; src="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }
build() { "$mb" build --site "$src" --quiet "$@" >"$tmp/log" 2>&1 || { cat "$tmp/log"; die "build $*"; }; }
snapshot() { (cd "$1" && find . -printf '%P %i %T@ %s\n' | LC_ALL=C sort); }

build --out "$tmp/j1" --jobs 1
build --out "$tmp/j2" --jobs 2
diff -r "$tmp/j1" "$tmp/j2" >"$tmp/diff" || { head -20 "$tmp/diff"; die "--jobs 1 and --jobs 2 outputs differ"; }
[ "$(find "$tmp/j1" -type f | wc -l)" -gt 20 ] || die "example site built too few files"

snapshot "$tmp/j1" >"$tmp/before"
stat -c '%i %Y' "$tmp/j1" >"$tmp/folder-before"
sleep 0.05
"$mb" build --site "$src" --out "$tmp/j1" >"$tmp/log" 2>&1 || { cat "$tmp/log"; die "rebuild"; }
grep -q "(0 written, [0-9]* unchanged, 0 removed)" "$tmp/log" || { cat "$tmp/log"; die "rebuild reports writes"; }
snapshot "$tmp/j1" >"$tmp/after"
diff "$tmp/before" "$tmp/after" >"$tmp/diff" || { head -20 "$tmp/diff"; die "rebuild with nothing changed rewrote files"; }
cmp -s "$tmp/folder-before" <(stat -c '%i %Y' "$tmp/j1") || die "rebuild replaced the output folder"

# the stamp: a second rebuild stops early; a touched source rebuilds (and still
# writes nothing); a file removed from the output comes back
grep -q "time: up to date" <("$mb" build --site "$src" --out "$tmp/j1") || die "rebuild with nothing changed did not stop early"
mkdir -p "$tmp/site" && cp -r "$src/content" "$src/data" "$src/site.yaml" "$tmp/site/" && ln -s "$src/themes" "$tmp/site/themes"
"$mb" build --site "$tmp/site" --out "$tmp/st" --quiet || die "build copy"
touch "$tmp/site/content/_index.md"
out=$("$mb" build --site "$tmp/site" --out "$tmp/st")
grep -q "up to date" <<<"$out" && die "a touched source did not rebuild"
grep -q "(0 written," <<<"$out" || { echo "$out"; die "a touched source rewrote files"; }
rm "$tmp/st/index.html"
out=$("$mb" build --site "$tmp/site" --out "$tmp/st")
grep -q "(1 written," <<<"$out" && [ -f "$tmp/st/index.html" ] || { echo "$out"; die "a removed output file did not come back"; }

# a linked site.yaml counts with its target; inputs edited in the last two
# seconds never make a stamp (a second edit could keep the same time and size)
mv "$tmp/site/site.yaml" "$tmp/site/real.yaml" && ln -s real.yaml "$tmp/site/site.yaml"
echo "# linked" >>"$tmp/site/real.yaml"
"$mb" build --site "$tmp/site" --out "$tmp/st" --quiet || die "build with a linked site.yaml"
grep -q "up to date" <("$mb" build --site "$tmp/site" --out "$tmp/st") && die "a just-edited input made a stamp"
sleep 2.1
"$mb" build --site "$tmp/site" --out "$tmp/st" --quiet || die "build after the racy window"
grep -q "up to date" <("$mb" build --site "$tmp/site" --out "$tmp/st") || die "no early stop after the racy window"
echo "# edited" >>"$tmp/site/real.yaml"
grep -q "up to date" <("$mb" build --site "$tmp/site" --out "$tmp/st") && die "an edit to the target of a linked site.yaml did not rebuild"

# the stamp stats inputs relative to their folders, and by path past its first
# 256 folders: an edit in the first folder or in the 300th is seen
mkdir -p "$tmp/many/content" && cp -r "$src/data" "$src/site.yaml" "$tmp/many/" && ln -s "$src/themes" "$tmp/many/themes"
for i in $(seq -w 1 300); do
  mkdir "$tmp/many/content/m$i"
  printf -- '---\ntitle: "Trang %s"\ndate: 2025-01-01\n---\nNội dung.\n' "$i" >"$tmp/many/content/m$i/p.md"
done
sleep 2.1
"$mb" build --site "$tmp/many" --out "$tmp/mo" --quiet || die "build of 300 folders"
grep -q "up to date" <("$mb" build --site "$tmp/many" --out "$tmp/mo") || die "300 folders: no early stop"
for f in m300 m001; do
  sed -i 's/Nội dung/Nội dưng/' "$tmp/many/content/$f/p.md"
  grep -q "up to date" <("$mb" build --site "$tmp/many" --out "$tmp/mo") && die "an edit in content/$f was not seen"
  sleep 2.1
  "$mb" build --site "$tmp/many" --out "$tmp/mo" --quiet || die "build after the edit in $f"
  grep -q "up to date" <("$mb" build --site "$tmp/many" --out "$tmp/mo") || die "no early stop after the edit in $f"
done

build --out "$tmp/pc" --precompress
for f in index.html sitemap.xml feed.xml css/site.css; do
  [ -f "$tmp/pc/$f.gz" ] && [ -f "$tmp/pc/$f.br" ] || die "--precompress wrote no .gz/.br for $f"
done
[ -f "$tmp/pc/$f.gz" ] && cmp -s <(gzip -dc "$tmp/pc/index.html.gz") "$tmp/pc/index.html" || die "index.html.gz does not decompress to index.html"
[ -z "$(find "$tmp/pc" -name '*.png.gz' -o -name '*.gz.gz' -o -name '*.br.gz')" ] || die "compressed a binary or compressed file"
snapshot "$tmp/pc" >"$tmp/before"
build --out "$tmp/pc" --precompress
snapshot "$tmp/pc" >"$tmp/after"
diff "$tmp/before" "$tmp/after" >"$tmp/diff" || { head -20 "$tmp/diff"; die "--precompress rebuild rewrote files"; }
# the same tree but for the copies
diff <(cd "$tmp/pc" && find . -type f ! -name '*.gz' ! -name '*.br' | LC_ALL=C sort) \
     <(cd "$tmp/j2" && find . -type f | LC_ALL=C sort) >/dev/null || die "--precompress changed the set of files"

[ "$fail" = 0 ] && echo "rebuild: all checks passed"
exit "$fail"
