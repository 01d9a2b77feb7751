mkdir -p "$1/content" && printf -- '---\ntitle: ok\n---\nabcd \xff\xfe x\n' > "$1/content/a.md"
