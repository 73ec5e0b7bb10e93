//! Pyrite firmware for RP2040 boards (see the crate README). Built for a
//! board with `cargo xtask build --board pico`; on the host this is a stub
//! that says so, and the tests of the modules that are plain logic run.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(any(target_os = "none", test))]
mod alarm_plan;
#[cfg(target_os = "none")]
mod buses;
#[cfg(target_os = "none")]
mod firmware;
#[cfg(target_os = "none")]
mod i2c;
#[cfg(any(target_os = "none", test))]
mod i2c_probe;
#[cfg(target_os = "none")]
mod machine;
#[cfg(any(target_os = "none", test))]
mod rates;
#[cfg(target_os = "none")]
mod spi;
#[cfg(target_os = "none")]
mod timer;
#[cfg(target_os = "none")]
mod uart;

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("pyrite-port-rp2040 is firmware: build it with `cargo xtask build --board pico`");
    std::process::exit(2);
}
