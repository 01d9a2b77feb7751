mkdir -p "$1/data/results" && { printf 'kpi,agency,period,value,reported,source,note\n'; yes 'I.1,so-a,2025,1,2025-01-01,x,y' | head -c 100000000; } > "$1/data/results/big.csv"
