//! Tests of `/proc`.
