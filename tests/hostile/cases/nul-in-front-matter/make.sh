mkdir -p "$1/content" && printf -- '---\ntitle: a\0b\n---\n' > "$1/content/a.md"
