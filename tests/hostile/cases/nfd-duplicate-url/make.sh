mkdir -p "$1/content/tin-tuc"
python3 - "$1" <<'PY'
import sys, unicodedata, os
for form in ("NFC", "NFD"):
    name = unicodedata.normalize(form, "Sở Nội vụ")
    with open(os.path.join(sys.argv[1], "content", "tin-tuc", name + ".md"), "w", encoding="utf-8") as f:
        f.write("---\ntitle: " + form + "\n---\n")
PY
