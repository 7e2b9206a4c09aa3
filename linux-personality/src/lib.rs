//! The Linux personality server.
#![no_std]
