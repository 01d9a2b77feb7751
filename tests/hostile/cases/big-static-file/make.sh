mkdir -p "$1/static" && head -c 100000000 /dev/zero > "$1/static/big.bin"
