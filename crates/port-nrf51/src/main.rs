//! Pyrite firmware for nRF51 boards (see the crate README). Built for a
//! board with `cargo xtask build --board microbit`; on the host this is a
//! stub that says so.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(target_os = "none")]
mod clock;
#[cfg(target_os = "none")]
mod firmware;
#[cfg(all(target_os = "none", feature = "machine-pin"))]
mod gpio;
#[cfg(all(target_os = "none", feature = "machine"))]
mod machine;

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("pyrite-port-nrf51 is firmware: build it with `cargo xtask build --board microbit`");
    std::process::exit(2);
}
