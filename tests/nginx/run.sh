#!/usr/bin/env bash
# usage: run.sh MINHBACH SOURCE_DIR [PYTHON]   (see tests.cmake)
set -euo pipefail
mb="$1"; src="$2"; py="${3:-/usr/bin/python3}"
nginx_bin="$(command -v nginx || true)"
[ -n "$nginx_bin" ] || nginx_bin=/usr/sbin/nginx
if [ ! -x "$nginx_bin" ]; then
  echo "nginx is not installed (scripts/install-deps installs it)"
  [ -n "${CI:-}" ] && exit 1 || exit 77
fi
tmp=$(mktemp -d); chmod 755 "$tmp"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port/"
site="$src"; [ -f "$site/site.yaml" ] || site="$src/tests/sites/basic"
"$mb" build --site "$site" --out "$tmp/public" --base-url "$base" --quiet
# Until the build writes feeds and downloads (branch records), add one sample
# of each so their content types are checked too.
if [ ! -e "$tmp/public/feed.xml" ]; then
  mkdir -p "$tmp/public/du-lieu"
  printf '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tin</title></channel></rss>\n' > "$tmp/public/feed.xml"
  printf '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Tin</title></feed>\n' > "$tmp/public/atom.xml"
  printf '{"version": "https://jsonfeed.org/version/1.1", "title": "Tin", "items": []}\n' > "$tmp/public/feed.json"
  printf '\xef\xbb\xbfma,ten\r\nso-noi-vu,Sở Nội vụ\r\n' > "$tmp/public/du-lieu/co-quan.csv"
  printf '[{"ma": "so-noi-vu", "ten": "Sở Nội vụ"}]\n' > "$tmp/public/du-lieu/co-quan.json"
  (cd "$tmp/public/du-lieu" && sha256sum co-quan.csv co-quan.json > SHA256SUMS)
  printf '<?xml version="1.0" encoding="utf-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n' > "$tmp/public/sitemap.xml"
fi
# Until `build --precompress` exists, precompress like it would: a .gz beside
# each text file. The checker proves nginx sends these very bytes.
if ! find "$tmp/public" -name '*.gz' | grep -q .; then
  find "$tmp/public" -type f \( -name '*.html' -o -name '*.css' -o -name '*.js' -o -name '*.xml' \
    -o -name '*.json' -o -name '*.csv' -o -name '*.svg' \) -size +200c -exec gzip -k -n -9 {} +
fi
chmod -R a+rX "$tmp/public"

# the configuration: the two blocks of docs/deploy-nginx.md, made local
mkdir -p "$tmp/conf/snippets" "$tmp/conf/sites-available" "$tmp/logs" "$tmp/temp"
"$py" - "$src/docs/deploy-nginx.md" "$tmp/conf" <<'PY'
import re, sys
doc, conf = sys.argv[1], sys.argv[2]
blocks = re.findall(r"```nginx\n# file: (\S+)\n(.*?)```", open(doc, encoding="utf-8").read(), re.S)
assert len(blocks) == 2, "docs/deploy-nginx.md must hold two ```nginx blocks starting with '# file:'"
for name, text in blocks:
    with open("%s/%s" % (conf, name), "w", encoding="utf-8") as f:
        f.write(text)
PY
sed -i -e "s|listen 80;|listen 127.0.0.1:$port;|" -e "s|root /srv/minhbach/public;|root $tmp/public;|" \
  "$tmp/conf/sites-available/minhbach"
grep -q "listen 127.0.0.1:$port;" "$tmp/conf/sites-available/minhbach" || { echo "no 'listen 80;' in the server block"; exit 1; }
cat > "$tmp/conf/nginx.conf" <<CONF
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log warn;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path $tmp/temp/body;
    proxy_temp_path $tmp/temp/proxy;
    fastcgi_temp_path $tmp/temp/fastcgi;
    uwsgi_temp_path $tmp/temp/uwsgi;
    scgi_temp_path $tmp/temp/scgi;
    include $tmp/conf/sites-available/minhbach;
}
CONF
"$nginx_bin" -t -p "$tmp/conf" -c "$tmp/conf/nginx.conf" -q
"$nginx_bin" -p "$tmp/conf" -c "$tmp/conf/nginx.conf" -g 'daemon off;' & pid=$!
for _ in $(seq 50); do
  "$py" -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
  sleep 0.1
done
"$py" "$(dirname "$0")/check.py" "$base" "$tmp/public"
