//! The percent-of-native bench runner (see issue "bench").
#![forbid(unsafe_code)]
