mkdir -p "$1/content" && printf -- '---\ntitle: a\n---\n' > "$1/content/a.md" && ln -s "$2" "$1/public"
