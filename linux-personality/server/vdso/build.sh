#!/bin/sh
# Rebuilds vdso.so from vdso.S (GNU as and ld): a position-independent shared
# object, linked at 0, with Linux's soname and symbol version, both hash styles
# (glibc and musl read DT_HASH or DT_GNU_HASH), no eh_frame.
set -e
cd "$(dirname "$0")"
gcc -c -o vdso.o vdso.S
ld -shared -o vdso.so -soname linux-vdso.so.1 --version-script vdso.lds \
   --hash-style=both -z max-page-size=4096 -z noexecstack --no-eh-frame-hdr \
   -z norelro -T layout.lds -s vdso.o
rm -f vdso.o
echo "vdso.so: $(wc -c < vdso.so) bytes"
