# Process substitution: bash names the pipe /dev/fd/N (`shell=bash`).
while read -r line; do echo "from process substitution: $line"; done < <(seq 3 | sort -r)
diff <(seq 3) <(seq 4) >/dev/null
echo "diff of two substitutions: $?"
cat <(echo one) <(echo two)
