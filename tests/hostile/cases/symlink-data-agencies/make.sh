mkdir -p "$1/data" && printf '[]' > "$2/agencies.json" && ln -s "$2/agencies.json" "$1/data/agencies.json"
