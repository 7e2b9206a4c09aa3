# More busybox applets over files and pipes: gzip and bzip2, checksums, archives,
# find and xargs, awk, paste, od/hexdump, base64, date arithmetic, timeout,
# a shell killing itself, a here-document through several filters.
umask 022
d=$(mktemp -d) || exit 1
cd "$d" || exit 1

echo "== gzip, bzip2"
seq 1 5000 > numbers
gzip -c numbers > numbers.gz
gunzip -c numbers.gz | md5sum
zcat numbers.gz | tail -n 1
bzip2 -c numbers | bunzip2 -c | wc -l
gzip -t numbers.gz && echo "gzip -t ok"
printf 'not gzip' | gunzip -c 2>/dev/null; echo "gunzip of garbage: $?"

echo "== checksums, od, base64"
printf 'hello\n' | sha1sum
printf 'hello\n' | sha512sum | cut -c1-32
printf '\000\001\377abc' | od -An -tx1
printf 'abc' | hexdump -C
printf 'any carnal pleasure' | base64
printf 'YW55IGNhcm5hbCBwbGVhc3VyZQ==' | base64 -d; echo

echo "== tar, cpio"
mkdir -p tree/a/b tree/c
echo one > tree/a/one
echo two > tree/a/b/two
ln -s ../a/one tree/c/link
tar cf t.tar tree
tar tf t.tar | sort
mkdir out && tar xf t.tar -C out && cat out/tree/a/b/two && readlink out/tree/c/link
find tree | sort | cpio -o -H newc 2>/dev/null > t.cpio
mkdir cp && (cd cp && cpio -i -d 2>/dev/null < ../t.cpio) && find cp | sort

echo "== find, xargs"
find tree -type f | sort
find tree -name 'tw*' -exec cat {} \;
find tree -type f | sort | xargs -n 1 wc -c
find tree -type l | xargs readlink
echo "a b c d e" | xargs -n 2 echo pair

echo "== awk, paste"
seq 1 10 | awk '{ s += $1; if ($1 % 3 == 0) print "three:", $1 } END { print "sum", s, NR }'
printf 'b 2\na 1\nc 3\n' | sort | awk '{printf "%s=%d;", $1, $2 * 10} END {print ""}'
seq 1 3 > left; seq 4 6 > right; paste left right

echo "== dates and numbers"
date -u -d @0 '+%Y-%m-%d %H:%M:%S'
date -u -d @1700000000 '+%A %j %U'
expr 7 \* 6 + 1
echo $((1 << 40)) $(( -7 / 2 )) $(( -7 % 2 ))
factor 360 2>/dev/null || echo "no factor"
seq -w 8 11

echo "== processes"
timeout 1 sleep 5; echo "timeout: $?"
(exit 7); echo "subshell: $?"
sh -c 'kill -TERM $$'; echo "self-TERM: $?"

echo "== here-document through filters"
cat <<'DOC' | tr a-z A-Z | sed 's/ONE/1/' | sort -r | head -n 2
one fish
two fish
red fish
DOC

cd / && rm -rf "$d"
echo "== done"
