# Error paths a shell shows: missing commands, files, bad redirects.
nosuchcommand 2>/dev/null; echo "missing command: $?"
cat /no/such/file 2>&1; echo "cat status: $?"
ls /no/such/dir 2>/dev/null; echo "ls status: $?"
if [ -d /bin ]; then echo "bin is a dir"; fi
if [ -x /bin/busybox ]; then echo "busybox is executable"; fi
if [ ! -e /nonexistent ]; then echo "nonexistent is absent"; fi
test -f /bin/busybox && echo "test -f ok"
echo "exit with 3"; exit 3
