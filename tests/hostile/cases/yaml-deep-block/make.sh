mkdir -p "$1/content" && python3 -c "
import sys
out = ['---', 'title: x']
for i in range(3000):
    out.append(' ' * i + 'k%d:' % i)
out.append(' ' * 3000 + 'v: 1')
out.append('---')
sys.stdout.write('\n'.join(out) + '\n')" > "$1/content/a.md"
