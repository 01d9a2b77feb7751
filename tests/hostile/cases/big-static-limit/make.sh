mkdir -p "$1/static" && head -c 2000000 /dev/zero > "$1/static/big.bin"
printf 'title: "T"\nbase_url: "https://example.gov.vn/"\nas_of: "2026-06-30"\nlimits:\n  static_file_mb: 1\npaths:\n  themes: "@SRC@/themes"\n' > "$1/site.yaml"
