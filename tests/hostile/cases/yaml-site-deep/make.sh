python3 -c "import sys; sys.stdout.write('title: x\nparams: ' + '{a: '*100000 + '1' + '}'*100000 + '\n')" > "$1/site.yaml"
