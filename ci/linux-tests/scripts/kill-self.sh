# The shell killed by a signal it does not catch: status 128+15 (`shells:`).
trap 'echo "exit trap"' EXIT
echo "before"
kill -TERM $$
echo "not reached"
