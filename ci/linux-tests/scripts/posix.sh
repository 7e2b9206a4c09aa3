# POSIX shell features that every shell of the oracle runs alike (`shells:` in
# the manifest): pipelines, command substitution, subshells, loops, functions,
# parameter expansion, exit statuses, set -e, set -o pipefail, exec
# redirections, a script run through its #! line. Nothing here writes a file
# (here-documents are in heredoc.sh: most shells put them in /tmp).
echo "== pipelines and substitution"
x=$(echo lower | tr a-z A-Z)
echo "substituted: $x"
echo "backquotes: `echo old style`"
echo "nested: $(echo $(echo $(echo deep)))"
seq 1 5 | while read n; do echo "line $n"; done | sort -r | head -n 3
echo "lines: $(seq 1 100 | wc -l | tr -d ' ')"
echo "last of 3000: $(seq 1 3000 | tail -n 1)"
echo "sum 1..1000 by awk: $(seq 1000 | awk '{ s += $1 } END { print s }')"
s=0
for n in $(seq 1000); do s=$((s + n)); done
echo "sum 1..1000 by loop: $s"

echo "== loops and case"
i=0
while [ $i -lt 6 ]; do
  i=$((i + 1))
  [ $i -eq 2 ] && continue
  [ $i -eq 5 ] && break
  echo "while $i"
done
until [ $i -le 0 ]; do i=$((i - 1)); done
echo "until: $i"
for word in alpha beta gamma delta; do
  case $word in
    a*) echo "$word starts with a" ;;
    *m*) echo "$word has an m" ;;
    b*|d*) echo "$word starts with b or d" ;;
  esac
done

echo "== functions"
greet() { echo "hello, $1 ($# arguments)"; return 3; }
greet world two
echo "function status: $?"
fact() {
  if [ "$1" -le 1 ]; then echo 1; else echo $(($1 * $(fact $(($1 - 1))))); fi
}
echo "fact 10: $(fact 10)"
counter=0
bump() { counter=$((counter + 1)); }
bump; bump; bump
echo "counter: $counter"

echo "== parameters"
set -- one "two words" three
echo "count: $#"
for a in "$@"; do echo "arg: $a"; done
shift
echo "after shift: $*"
v=prefix.middle.suffix
echo "${v#*.} ${v##*.} ${v%.*} ${v%%.*} ${#v}"
unset u
echo "${u:-default} ${u-unset} ${u:=assigned} $u"
echo "a:b:c" | { IFS=: read f1 f2 f3; echo "$f3 $f2 $f1"; }
echo "arith: $(( (7 + 5) * 3 % 10 )) $(( 1 << 10 )) $(( -7 / 2 ))"

echo "== subshells"
v=outer
(v=inner; echo "in subshell: $v")
echo "after subshell: $v"
(exit 42)
echo "subshell status: $?"
{ echo grouped; echo block; } | tr a-z A-Z
(cd /bin && pwd)

echo "== exit statuses"
true; echo "true: $?"
false; echo "false: $?"
! false; echo "negated: $?"
false | true; echo "pipeline: $?"
true | false; echo "pipeline, last fails: $?"
sh -c 'exit 7'; echo "child: $?"
nosuchcommand_here 2>/dev/null; echo "missing command: $?"
sh -c 'kill -TERM $$'; echo "killed child: $?"
if false; then echo no; elif true; then echo "elif taken"; fi
false && echo no || echo "and-or: $?"

echo "== set -e and pipefail"
(set -e; echo "before"; false; echo "not reached")
echo "set -e subshell: $?"
(set -e; false || echo "or-list goes on"; if false; then :; fi; echo "if goes on")
(set -e; f() { false; echo "in function, not reached"; }; f; echo "not reached")
echo "set -e in a function: $?"
(set -o pipefail; false | true; echo "pipefail: $?")
(set -o pipefail; sh -c 'exit 3' | sh -c 'exit 4' | true; echo "pipefail, rightmost failing: $?")
(set -o pipefail; true | true; echo "pipefail, none failing: $?")

echo "== exec redirections"
exec 3>&1
echo "to fd 3" >&3
exec 4>/dev/null
echo "discarded" >&4
exec 4>&-
{ echo "not written" >&4; } 2>/dev/null || echo "fd 4 closed: write failed"
exec 3>&-
(exec >&2; echo "to stderr through exec")
exec 5</dev/null
read line <&5 || echo "read from /dev/null: end of file"
exec 5<&-
echo "out and err" 2>&1 >/dev/null

echo "== #! script"
ci/linux-tests/scripts/hashbang-child.sh one "two words"
echo "#! script status: $?"
echo "== end"
exec sh -c 'echo "exec replaced the shell"; exit 9'
echo "not reached"
