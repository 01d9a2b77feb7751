mkdir -p "$1/content" && python3 -c "import sys; sys.stdout.write('---\ntitle: x\nx: ' + '['*100000 + ']'*100000 + '\n---\n')" > "$1/content/a.md"
