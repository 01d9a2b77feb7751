mkdir -p "$1/data" && python3 -c "import sys; sys.stdout.write('{\"a\":'*300000 + '1' + '}'*300000)" > "$1/data/agencies.json"
