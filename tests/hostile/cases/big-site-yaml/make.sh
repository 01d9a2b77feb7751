{ printf 'paths:\n  themes: "@SRC@/themes"\ntitle: "'; head -c 100000000 /dev/zero | tr '\0' 'a'; printf '"\n'; } > "$1/site.yaml"
