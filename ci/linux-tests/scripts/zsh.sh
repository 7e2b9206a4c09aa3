# zsh in its own mode (`shell=zsh-native`): 1-based arrays, parameter flags,
# globbing qualifiers left out (no files), print, repeat, setopt pipefail.
setopt pipefail
# zsh lowers background jobs' priority with nice(5) (BG_NICE): the system has
# no getpriority/setpriority yet.
setopt no_bg_nice
fruits=(apple "blood orange" cherry)
print -r -- "count $#fruits, first '$fruits[1]', last '$fruits[-1]'"
print -l -- "${(@)fruits}"
word=MixedCase
print -r -- "${(U)word} ${(L)word} ${word[2,4]}"
words="one two three"
print -r -- "no word splitting: ${#${=words}} words when asked, one otherwise: $#words chars"
repeat 3 print -n "x"; print
integer total=0
for i in {1..1000}; do (( total += i )); done
print "sum: $total"
false | true
print "pipefail: $?"
typeset -A colour
colour=(sky blue grass green)
print "keys: ${(ok)colour}"
f() { local v=inside; print "in f: $v"; return 4 }
f; print "f status: $?"
TRAPUSR1() { print "TRAPUSR1 function" }
kill -USR1 $$
print "after USR1"
sleep 0.2 &
wait $!
print "job: $?"
exit 7
