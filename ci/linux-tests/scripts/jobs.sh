# Background jobs, wait, kill, traps, exit statuses of children.
sleep 0.2 &
pid=$!
wait $pid; echo "sleep status: $?"
sh -c 'exit 5' &
wait $!; echo "child status: $?"
sh -c 'kill -TERM $$' ; echo "killed status: $?"
# (Killing a background job and waiting for it prints "Terminated" on Linux only
# when the job dies after `wait` starts, a race this test must not depend on.)
trap 'echo trapped USR1' USR1
kill -USR1 $$
echo "after trap"
trap 'echo exit trap' EXIT
set -e
true
echo "end"
