mkdir -p "$1/content/tin-tuc" && ln -s "$2/secret.txt" "$1/content/tin-tuc/secret.txt"
