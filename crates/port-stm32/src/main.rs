//! Pyrite firmware for STM32F4 boards (see the crate README). Built for a
//! board with `cargo xtask build --board pyboard`; on the host this is a
//! stub that says so.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(target_os = "none")]
mod firmware;
#[cfg(target_os = "none")]
mod machine;

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("pyrite-port-stm32 is firmware: build it with `cargo xtask build --board pyboard`");
    std::process::exit(2);
}
