//! prctl(2) options (`include/uapi/linux/prctl.h`): the values and their strace names. The
//! option is decoded as a raw `int` with its four arguments; the handler matches on the
//! constants here and answers `EINVAL` for options it does not support, as Linux does.

macro_rules! prctl_options {
    ($($value:literal $name:ident;)*) => {
        $(
            #[doc = concat!("`", stringify!($name), "`.")]
            pub const $name: i32 = $value;
        )*

        /// The strace name of a prctl option.
        pub const fn option_name(option: i32) -> Option<&'static str> {
            match option {
                $($value => Some(stringify!($name)),)*
                _ => None,
            }
        }
    };
}

prctl_options! {
    1 PR_SET_PDEATHSIG;
    2 PR_GET_PDEATHSIG;
    3 PR_GET_DUMPABLE;
    4 PR_SET_DUMPABLE;
    7 PR_GET_KEEPCAPS;
    8 PR_SET_KEEPCAPS;
    15 PR_SET_NAME;
    16 PR_GET_NAME;
    21 PR_GET_SECCOMP;
    22 PR_SET_SECCOMP;
    23 PR_CAPBSET_READ;
    24 PR_CAPBSET_DROP;
    25 PR_GET_TSC;
    26 PR_SET_TSC;
    35 PR_SET_MM;
    36 PR_SET_CHILD_SUBREAPER;
    37 PR_GET_CHILD_SUBREAPER;
    38 PR_SET_NO_NEW_PRIVS;
    39 PR_GET_NO_NEW_PRIVS;
    40 PR_GET_TID_ADDRESS;
    41 PR_SET_THP_DISABLE;
    42 PR_GET_THP_DISABLE;
    47 PR_CAP_AMBIENT;
    0x59616d61 PR_SET_PTRACER;
    0x53564d41 PR_SET_VMA;
}

/// Length of the name buffer of `PR_SET_NAME` / `PR_GET_NAME` (`TASK_COMM_LEN`).
pub const TASK_COMM_LEN: usize = 16;
