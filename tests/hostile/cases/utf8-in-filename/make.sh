mkdir -p "$1/content" && printf -- '---\ntitle: x\n---\n' > "$1/content/$(printf 'a\xffb').md"
