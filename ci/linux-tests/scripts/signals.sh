# Traps, signals to the shell itself, background jobs and wait (`shells:` in
# the manifest). No pids or times are printed.
trap 'echo "exit trap: status $?"' EXIT
trap 'echo "caught USR1"' USR1
kill -USR1 $$
echo "after USR1"
trap 'echo "caught INT or TERM"' INT TERM
kill -TERM $$
kill -INT $$
echo "after INT and TERM"
trap - INT TERM
trap '' HUP
kill -HUP $$
echo "HUP ignored"
trap - HUP

echo "== a subshell with its own trap, signalled by its child"
(
  trap 'echo "subshell caught TERM"; exit 3' TERM
  sh -c 'kill -TERM $PPID; exit 0'
  echo "after the child"
  sleep 5
  echo "not reached"
)
echo "subshell status: $?"
(trap 'echo "subshell exit trap"' EXIT; echo "subshell body")

echo "== background jobs and wait"
sleep 0.3 &
p1=$!
sh -c 'exit 5' &
p2=$!
wait $p2
echo "job 2: $?"
wait $p1
echo "job 1: $?"
(sleep 0.2; echo "background subshell output") &
wait
echo "wait for all: $?"
for n in 1 2 3; do sh -c "exit $n" & done
wait
echo "three jobs waited for: $?"
# A job killed right after `&` may not have reached exec yet and still hold
# the shell's handlers, so the job kills itself, or gets SIGKILL. The shell
# may report the death (bash: "PID Killed") as soon as kill returns or only
# in wait: the subshells' stderr goes to /dev/null either way.
(
  sh -c 'kill -TERM $$' &
  wait $!
  echo "job killed by TERM: $?"
) 2>/dev/null
(
  sleep 10 &
  p=$!
  kill -KILL $p
  wait $p
  echo "job killed by KILL: $?"
) 2>/dev/null
false &
wait $!
echo "false in background: $?"

echo "== wait interrupted by a trapped signal"
trap 'echo "caught USR2"' USR2
(sleep 1; kill -USR2 $$; sleep 1) &
p=$!
wait $p
echo "wait interrupted: $?"
wait $p
echo "wait again: $?"
exit 4
