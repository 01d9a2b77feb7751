mkdir -p "$1/layouts/_default" "$1/content" && printf -- '---\ntitle: a\n---\n' > "$1/content/a.md"
python3 -c "import sys; sys.stdout.write('{{ ' + '('*100000 + '1' + ')'*100000 + ' }}{{ ' + '['*100000 + ']'*100000 + ' }}{{ ' + '-'*100000 + '1 }}{{ x' + '|e'*100000 + ' }}')" > "$1/layouts/_default/single.html"
