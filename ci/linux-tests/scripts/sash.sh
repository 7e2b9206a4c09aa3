# sash: a stand-alone shell with built-in commands (-name) and no control
# flow, pipes or redirections of its own. An external command comes first:
# sash forks without flushing its buffered output.
echo external echo through PATH
sh -c 'echo "a pipeline through sh:" | tr a-z A-Z'
-echo hello from sash
-pwd
cd /
-pwd
-ls -d /bin /dev/null
-kill -0 1
setenv GREETING hi
-printenv GREETING
# (No `exit`: sash refuses it when it is pid 1 or its parent is, as in the
# system, "You are the INIT process!")
