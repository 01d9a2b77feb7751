mkdir -p "$1/content/tin-tuc"
for i in $(seq 1 30); do printf -- '---\ntitle: t%s\n---\n' "$i" > "$1/content/tin-tuc/p$i.md"; done
printf 'title: "T"\nbase_url: "https://example.gov.vn/"\nas_of: "2026-06-30"\nlimits:\n  pages: 20\npaths:\n  themes: "@SRC@/themes"\n' > "$1/site.yaml"
