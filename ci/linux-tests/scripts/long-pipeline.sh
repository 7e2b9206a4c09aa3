# A pipeline of $1 stages (cat | cat | ... | cat), built with eval; the
# numbers 1..1000 go through it and awk sums them (`shells:`).
stages=${1:-100}
pipeline="seq 1000"
i=0
while [ $i -lt $stages ]; do pipeline="$pipeline | cat"; i=$((i + 1)); done
eval "$pipeline" | awk '{ s += $1 } END { print NR " lines, sum " s }'
echo "stages: $stages, status: $?"
