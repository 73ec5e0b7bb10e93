//! `cargo xtask`: Pyrite's build, test and benchmark driver.
fn main() {}
