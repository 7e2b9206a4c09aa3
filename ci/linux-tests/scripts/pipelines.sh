# Pipelines, command substitution, subshells, loops, functions, case, arithmetic.
echo "start"
x=$(echo lower | tr a-z A-Z)
echo "substituted: $x"
seq 1 5 | while read n; do echo "line $n"; done | grep -v 3 | sort -r
count=$(seq 1 100 | wc -l)
echo "count: $count"
greet() { echo "hello, $1"; return 3; }
greet world; echo "function status: $?"
for word in alpha beta gamma; do
  case $word in
    a*) echo "$word starts with a";;
    *m*) echo "$word has an m";;
    *) echo "$word is other";;
  esac
done
echo "arith: $(( (7 + 5) * 3 % 10 ))"
(cd /bin && pwd)
pwd
( exit 42 ); echo "subshell: $?"
false | true; echo "pipeline status: $?"
echo "nested: $(echo $(echo deep))"
cat <<END
here document with $x
END
echo done
