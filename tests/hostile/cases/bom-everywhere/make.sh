mkdir -p "$1/content/tin-tuc" "$1/data"
printf '\xef\xbb\xbftitle: "T"\nbase_url: "https://example.gov.vn/"\nas_of: "2026-06-30"\npaths:\n  themes: "@SRC@/themes"\n' > "$1/site.yaml"
printf '\xef\xbb\xbf---\ntitle: Tiêu đề\n---\nx\n' > "$1/content/tin-tuc/a.md"
printf '\xef\xbb\xbf[{"id": "tinh", "name": "Tỉnh", "kind": "province"}]' > "$1/data/agencies.json"
