mkdir -p "$1/content" && printf -- '---\ntitle: x\n---\nS\xe1\xbb' > "$1/content/a.md"
