//! Running child processes: plain, or with cargo-test result counting.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The workspace root (the parent of this crate's manifest directory).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// A `cargo` command run from the workspace root, with the given toolchain
/// (`+nightly`) if any.
pub fn cargo(toolchain: Option<&str>) -> Command {
    let mut command = Command::new("cargo");
    if let Some(toolchain) = toolchain {
        command.arg(format!("+{toolchain}"));
        // The pinned toolchain's cargo sets these; a different toolchain must
        // not inherit them.
        command.env_remove("RUSTC").env_remove("RUSTDOC");
    }
    command.current_dir(workspace_root());
    command
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Runs `command` with inherited output; an error if it fails.
pub fn run(command: &mut Command) -> Result<(), String> {
    eprintln!("xtask: running `{}`", describe(command));
    let status = command
        .status()
        .map_err(|e| format!("cannot start `{}`: {e}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(command)))
    }
}

/// Totals of the `test result:` lines printed by libtest.
#[derive(Default, Clone, Copy)]
pub struct TestCounts {
    pub passed: u64,
    pub failed: u64,
    pub ignored: u64,
}

impl TestCounts {
    pub fn add(&mut self, other: TestCounts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.ignored += other.ignored;
    }

    /// Parses one libtest summary line such as
    /// `test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; ...`.
    fn parse_line(line: &str) -> Option<TestCounts> {
        let rest = line.trim().strip_prefix("test result: ")?;
        let mut counts = TestCounts::default();
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(label), Some(number)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(n) = number.parse::<u64>() else {
                continue;
            };
            match label {
                "passed" => counts.passed = n,
                "failed" => counts.failed = n,
                "ignored" => counts.ignored = n,
                _ => {}
            }
        }
        Some(counts)
    }
}

/// Runs a `cargo test`-like command, echoing its output and adding up the
/// libtest summary lines.
pub fn run_counting(command: &mut Command) -> Result<TestCounts, String> {
    eprintln!("xtask: running `{}`", describe(command));
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start `{}`: {e}", describe(command)))?;
    let mut counts = TestCounts::default();
    if let Some(stdout) = child.stdout.take() {
        let mut out = std::io::stdout().lock();
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| format!("reading test output: {e}"))?;
            let _ = writeln!(out, "{line}");
            if let Some(found) = TestCounts::parse_line(&line) {
                counts.add(found);
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for cargo: {e}"))?;
    if status.success() {
        Ok(counts)
    } else {
        Err(format!("`{}` failed ({status})", describe(command)))
    }
}

#[cfg(test)]
mod tests {
    use super::TestCounts;

    #[test]
    fn parses_libtest_summary() {
        let line = "test result: ok. 12 passed; 3 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s";
        let counts = TestCounts::parse_line(line).expect("a summary line");
        assert_eq!((counts.passed, counts.failed, counts.ignored), (12, 3, 1));
        assert!(TestCounts::parse_line("running 3 tests").is_none());
    }
}
