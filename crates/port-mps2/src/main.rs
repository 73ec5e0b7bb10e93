//! Pyrite firmware for the Arm MPS2 AN386 (see the crate README). Built
//! with `cargo xtask build --board mps2-an386`; on the host this is a stub
//! that says so.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(target_os = "none")]
mod clock;
#[cfg(target_os = "none")]
mod firmware;
#[cfg(target_os = "none")]
mod machine;
#[cfg(target_os = "none")]
mod uart;

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("pyrite-port-mps2 is firmware: build it with `cargo xtask build --board mps2-an386`");
    std::process::exit(2);
}
