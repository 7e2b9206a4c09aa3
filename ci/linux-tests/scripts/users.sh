# Names of users and groups: /etc/passwd and /etc/group name root, as on
# every Linux system (run as root natively and in the system).
id -un
id -gn
stat -c '%U %G' /
ls -ld / | awk '{print $3, $4}'
