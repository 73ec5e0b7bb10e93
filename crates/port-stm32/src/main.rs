//! Pyrite firmware for STM32F4 boards (see the crate README). Built for a
//! board with `cargo xtask build --board pyboard`; on the host this is a
//! stub that says so.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(target_os = "none")]
#[macro_use]
mod buses;
#[cfg(target_os = "none")]
mod clock;
#[cfg(target_os = "none")]
mod exti;
#[cfg(target_os = "none")]
mod firmware;
#[cfg(target_os = "none")]
mod i2c;
#[cfg(target_os = "none")]
mod machine;
#[cfg(target_os = "none")]
mod slot;
#[cfg(target_os = "none")]
mod spi;
#[cfg(target_os = "none")]
mod timer;
#[cfg(target_os = "none")]
mod uart;

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("pyrite-port-stm32 is firmware: build it with `cargo xtask build --board pyboard`");
    std::process::exit(2);
}
