//! Pyrite firmware for RP2040 boards (see the crate README). Built for a
//! board with `cargo xtask build --board pico`; on the host this is a stub
//! that says so.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(target_os = "none")]
mod firmware;
#[cfg(target_os = "none")]
mod machine;

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("pyrite-port-rp2040 is firmware: build it with `cargo xtask build --board pico`");
    std::process::exit(2);
}
