# Here-documents. bash (past the pipe size), zsh and mksh write them to a
# file in /tmp, so shells that do run this only with a writable /tmp.
x=expanded
cat <<END
plain here-document, $x, $((6 * 7)), $(echo substituted)
END
cat <<'END'
quoted delimiter: $x stays, $(echo this) too
END
cat <<-END
	leading tabs removed, $x
	END
while read a b; do echo "read: $b $a"; done <<END
one 1
two 2
END
f() {
  tr a-z A-Z <<END
inside a function: $1
END
}
f argument
n=$(wc -l <<END
1
2
3
END
)
echo "lines: $n" | tr -d ' '
