mkdir -p "$1/content" && ln -s "$2/secret.txt" "$1/content/evil.md"
