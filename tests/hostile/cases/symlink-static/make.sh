mkdir -p "$1/static" && ln -s /etc/passwd "$1/static/passwd"
