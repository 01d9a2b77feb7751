mkdir -p "$1/data/plans" && { printf '{"id": "'; head -c 100000000 /dev/zero | tr '\0' 'a'; printf '"}'; } > "$1/data/plans/big.json"
