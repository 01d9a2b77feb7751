mkdir -p "$1/content" && printf -- '---\ntitle: x\n---\nab\0cd\n' > "$1/content/a.md"
