mkdir -p "$1/content/tin-tuc" "$1/data/results"
printf 'title: "T"\r\nbase_url: "https://example.gov.vn/"\r\nas_of: "2026-06-30"\r\npaths:\r\n  themes: "@SRC@/themes"\r\n' > "$1/site.yaml"
printf -- '---\r\ntitle: Tiêu đề\r\ntags: [a, b]\r\n---\r\n\r\n## Mục một\r\n\r\nĐoạn\r\nhai dòng.\r\n' > "$1/content/tin-tuc/a.md"
printf '[\r\n {"id": "tinh", "name": "Tỉnh", "kind": "province"},\r\n {"id": "so-a", "name": "Sở A", "kind": "department"}\r\n]\r\n' > "$1/data/agencies.json"
