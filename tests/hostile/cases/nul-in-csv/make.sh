mkdir -p "$1/data/results" && printf 'kpi,agency,period,value,reported,source,note\nI.1,a\0,2025,1,2025-01-01,,\n' > "$1/data/results/r.csv"
