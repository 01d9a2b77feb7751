mkdir -p "$1/content" "$1/data" && : > "$1/content/a.md" && printf -- '---\n---\n' > "$1/content/b.md" && : > "$1/data/agencies.json"
