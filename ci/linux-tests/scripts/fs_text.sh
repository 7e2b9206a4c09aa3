# Text files with busybox applets in a mktemp -d scratch directory: redirections
# (>, >>, <>), head, tail, wc, sort, uniq, cut, tr, sed -i, cmp, md5sum, tee,
# dd, truncate, cat of several files, a file rewritten while others read it.
umask 022
d=$(mktemp -d) || exit 1
cd "$d" || exit 1

echo "== redirections"
seq 1 20 > numbers
echo "appended" >> numbers
wc -l < numbers
printf 'no newline' > partial
wc -c partial
cat partial; echo
: > emptied
wc -c < emptied
echo "abcdef" > rw
exec 3<>rw
printf 'XY' >&3
exec 3>&-
cat rw

echo "== head, tail"
head -n 3 numbers
head -c 5 numbers | od -c | head -1
tail -n 2 numbers
tail -n +19 numbers
tail -c 9 numbers
head -n -18 numbers

echo "== wc"
wc numbers
wc -l -w -c numbers
printf 'one two\nthree\n\nfour five six\n' > words
wc -w words
wc -L words
cat numbers words | wc -l

echo "== sort, uniq, cut, tr"
printf 'pear 3\napple 10\nfig 2\napple 10\nbanana 7\n' > fruit
sort fruit
sort -r fruit
sort -k2 -n fruit
sort -u fruit
sort fruit | uniq -c
cut -d' ' -f1 fruit | sort | uniq
cut -c1-3 fruit
tr a-z A-Z < fruit | head -2
sort -o fruit.sorted fruit && head -1 fruit.sorted

echo "== sed -i"
cp fruit edited
sed -i 's/apple/APPLE/' edited
cat edited
sed -i '2d' edited
sed -i '1i\
first line' edited
sed -i '$a\
last line' edited
cat edited
sed -i -e 's/[0-9]//g' -e '/^fig/d' edited
cat edited
wc -l edited
ls -1

echo "== cmp, md5sum"
cp numbers numbers.copy
cmp numbers numbers.copy && echo "identical"
echo "changed" >> numbers.copy
cmp numbers numbers.copy > /dev/null; echo "cmp of different files: $?"
md5sum numbers fruit words
md5sum numbers fruit words > sums
md5sum -c sums
echo "x" >> words
md5sum -c sums 2>/dev/null | sort; echo "md5sum -c after a change: done"
cat partial numbers | md5sum

echo "== tee, dd, truncate"
echo "teed" | tee t1 t2 > /dev/null
cat t1 t2
dd if=/dev/zero of=zeros bs=1024 count=8 2>/dev/null
wc -c zeros
md5sum zeros
dd if=numbers of=part bs=1 skip=3 count=5 2>/dev/null
od -c part | head -1
dd if=/dev/zero of=numbers.copy bs=1 seek=2 count=2 conv=notrunc 2>/dev/null
head -c 6 numbers.copy | od -c | head -1
truncate -s 100 zeros
wc -c zeros
truncate -s 3 part
cat part; echo
truncate -s 10000 sparse
wc -c sparse
od -An -tx1 sparse | sort -u

echo "== large-ish file through a pipe"
seq 1 20000 > many
wc -l many
md5sum many
sort -rn many | head -3
tail -n 1 many
grep -c 7 many

cd / && rm -rf "$d"
[ -e "$d" ] || echo "scratch removed"
