# Files and directories with busybox applets (mkdir -p, touch, ln, ln -s, cp -r,
# cp -p, mv, rm -r, find, stat, chmod, ls -lan) in a mktemp -d scratch
# directory. Nothing that depends on the file system is printed: no directory
# sizes or block counts (ext4 and tmpfs differ), no times except ones set with
# touch -d, no inode numbers, no absolute scratch path; find and ls output is
# sorted. du is used on regular files only, written here (whole 4 KiB pages on
# both ext4 and tmpfs); directories' block counts differ between them. Owners
# are printed as numbers (ls -n, stat %u %g): the system has no /etc/passwd.
umask 022
d=$(mktemp -d) || exit 1
case $d in /tmp/tmp.??????) echo "scratch: /tmp/tmp.XXXXXX";; *) echo "scratch: unexpected";; esac
stat -c 'scratch mode %a %F' "$d"
cd "$d" || exit 1

echo "== mkdir -p, touch, ln"
mkdir -p a/b/c a/d && echo "mkdir -p: $?"
mkdir a 2>/dev/null; echo "mkdir existing: $?"
mkdir -p a/b; echo "mkdir -p existing: $?"
touch a/empty a/b/also-empty
echo hello > a/b/c/hello.txt
printf 'line one\nline two\n' > a/d/two-lines
ln -s b/c/hello.txt a/link
ln -s nowhere a/dangling
ln a/empty a/hard
find . | sort
echo "-- files only"
find . -type f | sort
echo "-- symlinks"
find . -type l | sort
echo "-- directories, depth 2 at most"
find . -maxdepth 2 -type d | sort
echo "-- named *.txt"
find . -name '*.txt'
echo "-- empty files"
find . -type f -empty | sort
cat a/link
readlink a/link
[ -e a/dangling ] || echo "a/dangling does not resolve"
[ -L a/dangling ] && echo "a/dangling is a symlink"

echo "== stat"
stat -c '%n %s %F %a %h' a/empty a/hard a/b/c/hello.txt a/d/two-lines
stat -c '%n %s %F %a %h' a/link a/dangling
stat -L -c '%n %s %F' a/link
stat -c '%n %F %a %h' a a/b a/b/c
stat -c '%u %g' a/empty
stat a/missing 2>/dev/null; echo "stat missing: $?"

echo "== chmod"
chmod 600 a/empty; stat -c '%n %a' a/empty a/hard
chmod u+x,g+w,o-r a/b/c/hello.txt; stat -c '%n %a' a/b/c/hello.txt
chmod -R go-rwx a/b; stat -c '%n %a' a/b a/b/c a/b/c/hello.txt a/b/also-empty
chmod 4755 a/d/two-lines; stat -c '%n %a %A' a/d/two-lines
chmod a=r a/d/two-lines; stat -c '%n %a %A' a/d/two-lines
chmod 644 a/d/two-lines
chmod 755 a/b a/b/c

echo "== touch -d"
TZ=UTC0 touch -d '2020-01-02 03:04:05' a/empty
stat -c '%n %Y' a/empty
TZ=UTC0 touch -d '2021-06-07 08:09:10' a/b/c/hello.txt
TZ=UTC0 touch -d '2019-12-31 23:59:59' a/b/also-empty a/d/two-lines
stat -c '%n %Y' a/b/c/hello.txt a/b/also-empty
# Every file has a fixed time here, so this does not depend on the clock.
find a -newer a/empty -type f | sort

echo "== du of files"
head -c 10000 /dev/zero | tr '\0' x > a/d/ten-thousand
find a -type f | sort | xargs du -k
du -k -c a/d/ten-thousand a/b/c/hello.txt | tail -1
rm a/d/ten-thousand

echo "== cp -r, cp -p, mv, rm -r"
cp -r a copy && echo "cp -r: $?"
find copy | sort
readlink copy/link
stat -c '%n %a' copy/empty copy/b/c/hello.txt
cp -p a/b/c/hello.txt preserved
stat -c '%n %a %Y' preserved
cp a/b/c/hello.txt plain
stat -c '%n %a' plain
cmp plain preserved && echo "cp copies are equal"
mv copy/b copy/moved && echo "mv dir: $?"
mv plain copy/moved/ && echo "mv into dir: $?"
mv preserved renamed && echo "mv rename: $?"
find copy | sort
ls -1
mv missing x 2>/dev/null; echo "mv missing: $?"
rm copy 2>/dev/null; echo "rm of a dir without -r: $?"
rm -r copy && echo "rm -r: $?"
[ -e copy ] || echo "copy is gone"
rm renamed missing 2>/dev/null; echo "rm with a missing one: $?"
[ -e renamed ] || echo "renamed is gone"
rm -f missing; echo "rm -f missing: $?"
rmdir a 2>/dev/null; echo "rmdir non-empty: $?"

echo "== ls -lan (names, modes, link counts, numeric owners; sizes of files only)"
ls -lan a | awk 'NR > 1 && $NF != ".." { size = ($1 ~ /^d/) ? "-" : $5; name = $9; for (i = 10; i <= NF; i++) name = name " " $i; print $1, $2, $3, $4, size, name }'
ls -lan a/b | awk 'NR > 1 && $NF != ".." { print $1, $2, $NF }'
ls -1 a/b/c
ls -d a/*/ | sort
ls -1 a | sort -r

echo "== hard links"
stat -c '%n %h' a/empty a/hard
rm a/hard
stat -c '%n %h' a/empty

cd / && rm -rf "$d"
[ -e "$d" ] || echo "scratch removed"
