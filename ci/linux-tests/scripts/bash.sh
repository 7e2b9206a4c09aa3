# bash-only features (`shell=bash`): arrays, [[ ]], PIPESTATUS, here-strings,
# ERR and RETURN traps, wait -n, local variables, mapfile. Process
# substitution is in bash-dev-fd.sh (it needs /dev/fd).
set -o pipefail
declare -a fruits=(apple "blood orange" cherry)
fruits+=(date)
echo "count ${#fruits[@]}, second '${fruits[1]}', last '${fruits[-1]}'"
for f in "${fruits[@]}"; do printf '[%s]' "$f"; done; echo
declare -A colour=([sky]=blue [grass]=green)
echo "sky is ${colour[sky]}, keys: $(printf '%s\n' "${!colour[@]}" | sort | tr '\n' ' ')"
word=MixedCase
echo "${word^^} ${word,,} ${word:1:3} ${word/Case/Up}"
[[ $word == Mixed* && ${#word} -gt 5 ]] && echo "[[ ]] matched"
[[ abc123 =~ ^([a-z]+)([0-9]+)$ ]] && echo "regex: ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
true | false | true
echo "PIPESTATUS: ${PIPESTATUS[*]}"
false | true
echo "pipefail status: $?"
read -r first rest <<< "here string words"
echo "here-string: $first / $rest"
echo brace expansion: {a,b}{1,2}
printf -v padded '%05d' 42
echo "printf -v: $padded"
f() { local inner=local; trap 'echo "RETURN trap"' RETURN; echo "in f: $inner"; }
f
trap - RETURN
echo "after f: ${inner-unset}"
trap 'echo "ERR trap: status $?"' ERR
sh -c 'exit 6'
trap - ERR
sleep 1 & sh -c 'exit 2' &
wait -n
echo "wait -n: $?"
wait
echo "mapfile: $(mapfile -t lines <<< "$(seq 4)"; echo "${#lines[@]} lines, ${lines[3]}")"
(( n = 6 * 7 )); echo "arith command: $n"
exit 5
