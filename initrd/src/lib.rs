//! cpio "newc" archives: the boot ramdisk format.
#![no_std]
#![forbid(unsafe_code)]
