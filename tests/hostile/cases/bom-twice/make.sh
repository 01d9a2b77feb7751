mkdir -p "$1/content" && printf '\xef\xbb\xbf\xef\xbb\xbf---\ntitle: x\n---\n' > "$1/content/a.md"
