mkdir -p "$1/data/plans" && printf '[]' > "$2/p.json" && ln -s "$2/p.json" "$1/data/plans/p.json"
