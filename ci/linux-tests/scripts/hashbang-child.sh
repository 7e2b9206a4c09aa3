#!/bin/sh
# Run by its #! line from posix.sh.
echo "child: $# arguments: $*"
exit 6
