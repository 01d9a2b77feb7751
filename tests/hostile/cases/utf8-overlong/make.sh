mkdir -p "$1/content" && printf -- '---\nslug: ..\xc0\xaf..\xc0\xafetc\ntitle: x\xc0\x80\n---\n' > "$1/content/a.md"
