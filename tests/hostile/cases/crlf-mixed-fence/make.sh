mkdir -p "$1/content" && printf -- '---\rtitle: x\r---\rbody\r' > "$1/content/a.md"
