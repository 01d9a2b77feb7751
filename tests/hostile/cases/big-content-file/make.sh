mkdir -p "$1/content" && { printf -- '---\ntitle: big\n---\n'; head -c 100000000 /dev/zero | tr '\0' 'a'; } > "$1/content/big.md"
