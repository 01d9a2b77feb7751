mkdir -p "$1/content" && ln -s "$2" "$1/content/outside"
