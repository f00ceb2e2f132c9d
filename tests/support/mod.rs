//! Test servers shared by the integration tests and benchmarks.

#![allow(dead_code)]

pub mod smtp;
pub mod webdriver;
