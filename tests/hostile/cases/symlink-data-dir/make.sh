mkdir -p "$1/data" "$2/plans" && printf '[]' > "$2/plans/p.json" && ln -s "$2/plans" "$1/data/plans"
