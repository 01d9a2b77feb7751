mkdir -p "$1/layouts/_default" "$1/content" && printf -- '---\ntitle: a\n---\n' > "$1/content/a.md"
head -c 100000000 /dev/zero | tr '\0' 'x' > "$1/layouts/_default/single.html"
