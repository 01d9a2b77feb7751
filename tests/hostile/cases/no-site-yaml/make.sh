rm -f "$1/site.yaml"; ln -s /nonexistent "$1/site.yaml"
