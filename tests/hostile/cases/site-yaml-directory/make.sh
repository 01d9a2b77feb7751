mkdir -p "$1/site.yaml"
