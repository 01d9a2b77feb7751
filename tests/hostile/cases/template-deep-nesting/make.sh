mkdir -p "$1/layouts/_default" "$1/content" && printf -- '---\ntitle: a\n---\n' > "$1/content/a.md"
python3 -c "import sys; sys.stdout.write('{% if 1 %}'*100000 + 'x' + '{% endif %}'*100000)" > "$1/layouts/_default/single.html"
