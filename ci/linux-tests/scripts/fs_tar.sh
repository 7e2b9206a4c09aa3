# tar with busybox applets in a mktemp -d scratch directory: a tree (files of
# several sizes, an empty dir, symlinks, a hard link, modes) archived with
# tar c (to a file and through a pipe, plain and gzip), listed (sorted: the
# archive's order is the directory's), extracted elsewhere and compared by
# md5sum, modes and link targets. The archive bytes themselves are not
# hashed: they hold times and the order of directory entries.
umask 022
d=$(mktemp -d) || exit 1
cd "$d" || exit 1

mkdir -p src/docs/deep/deeper src/bin src/empty
seq 1 5000 > src/docs/numbers
printf 'short\n' > src/docs/short
: > src/docs/zero
dd if=/dev/zero bs=1000 count=300 2>/dev/null | tr '\0' 'z' > src/docs/deep/deeper/zzz
printf '#!/bin/sh\necho hi\n' > src/bin/run
chmod 755 src/bin/run
chmod 600 src/docs/short
chmod 700 src/docs/deep
ln -s ../docs/numbers src/bin/numbers-link
ln -s deeper/zzz src/docs/deep/zlink
ln src/docs/short src/docs/short-hard
sums() { (cd "$1" && find . -type f | sort | while read f; do md5sum "$f"; done); }
modes() { (cd "$1" && find . | sort | while read f; do stat -c '%n %a %F' "$f"; done); }
links() { (cd "$1" && find . -type l | sort | while read f; do echo "$f -> $(readlink "$f")"; done); }

echo "== the tree"
sums src
modes src | grep -v directory
links src

echo "== tar c to a file, list, extract"
tar cf tree.tar src && echo "tar cf: $?"
tar tf tree.tar | sort
mkdir out1
tar xf tree.tar -C out1 && echo "tar xf: $?"
sums out1/src
if [ "$(sums src)" = "$(sums out1/src)" ]; then echo "contents identical"; fi
if [ "$(modes src)" = "$(modes out1/src)" ]; then echo "modes and types identical"; fi
if [ "$(links src)" = "$(links out1/src)" ]; then echo "links identical"; fi
stat -c '%n %h' out1/src/docs/short out1/src/docs/short-hard
./out1/src/bin/run

echo "== through a pipe, with gzip"
tar czf - src | (mkdir out2 && cd out2 && tar xzf -) && echo "pipe: $?"
if [ "$(sums src)" = "$(sums out2/src)" ]; then echo "contents identical"; fi
if [ "$(modes src)" = "$(modes out2/src)" ]; then echo "modes and types identical"; fi
tar czf tree.tgz -C src docs
gzip -t tree.tgz && echo "gzip -t: $?"
tar tzf tree.tgz | sort
mkdir out3
tar xzf tree.tgz -C out3 docs/deep/deeper/zzz
find out3 | sort
md5sum out3/docs/deep/deeper/zzz src/docs/deep/deeper/zzz | awk '{ print $1 }' | uniq -c | awk '{ print $1 }'

echo "== extracting over existing files, and a missing archive"
echo "modified" > out1/src/docs/short
tar xf tree.tar -C out1
cat out1/src/docs/short
tar xf missing.tar 2>/dev/null; echo "tar xf missing: $?"

echo "== removing the trees"
rm -r src out1 out2 out3 && echo "rm -r: $?"
ls -1

cd / && rm -rf "$d"
[ -e "$d" ] || echo "scratch removed"
