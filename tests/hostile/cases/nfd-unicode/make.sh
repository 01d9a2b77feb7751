mkdir -p "$1/content/tin-tuc"
python3 - "$1" <<'PY'
import sys, unicodedata, os
nfd = unicodedata.normalize("NFD", "Sở Nội vụ")
with open(os.path.join(sys.argv[1], "content", "tin-tuc", nfd + ".md"), "w", encoding="utf-8") as f:
    f.write("---\ntitle: " + nfd + "\n---\n" + nfd + "\n")
PY
