//! `cargo xtask test qemu`: boots every board qemu models and talks to its
//! REPL over the emulated serial port (a Unix socket), then drives it with
//! the real `mpremote` over a pty when `mpremote` is installed.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::board::{self, Built};
use crate::cmd::TestCounts;

/// How long a board may take to show its first prompt.
pub(crate) const BOOT_TIMEOUT: Duration = Duration::from_secs(60);
/// How long one REPL answer may take.
const STEP_TIMEOUT: Duration = Duration::from_secs(20);

/// Runs the qemu step for every board with a `[qemu]` table.
pub fn run() -> Result<TestCounts, String> {
    require_qemu()?;
    let mut counts = TestCounts::default();
    let mut failures = Vec::new();
    for name in board::known_boards() {
        let b = board::load(&name)?;
        if b.qemu.is_none() {
            continue;
        }
        let built = board::build(&b, false, true)?;
        let (passed, failed) = repl_checks(&built);
        counts.passed += passed;
        counts.failed += failed;
        if failed > 0 {
            failures.push(name.clone());
        }
        match script_check(&built) {
            Ok(()) => {
                println!("qemu {name}: run --board {name} script.py: ok");
                counts.passed += 1;
            }
            Err(e) => {
                println!("qemu {name}: run --board {name} script.py: FAILED: {e}");
                counts.failed += 1;
                failures.push(format!("{name} (run script)"));
            }
        }
        match mpremote_checks(&built) {
            Some(Ok(())) => {
                println!("qemu {name}: mpremote: ok");
                counts.passed += 1;
            }
            Some(Err(e)) => {
                println!("qemu {name}: mpremote: FAILED: {e}");
                counts.failed += 1;
                failures.push(format!("{name} (mpremote)"));
            }
            None => {
                println!("qemu {name}: mpremote: skipped (not installed)");
                counts.ignored += 1;
            }
        }
        // A board qemu models with more flash than the chip has (the
        // micro:bit): its release image must still fit the chip.
        if b.qemu.as_ref().is_some_and(|q| q.flash.is_some()) {
            match board::build(&b, true, false) {
                Ok(_) => {
                    println!("qemu {name}: the release image fits the chip's flash: ok");
                    counts.passed += 1;
                }
                Err(e) => {
                    println!("qemu {name}: the release image for the chip: FAILED: {e}");
                    counts.failed += 1;
                    failures.push(format!("{name} (release image)"));
                }
            }
        }
        let extra = b.qemu.as_ref().map(|q| q.check_features.clone());
        for feature in extra.unwrap_or_default() {
            match feature_checks(&b, &feature) {
                Ok(n) => {
                    println!("qemu {name} +{feature}: {n} programs ok");
                    counts.passed += n;
                }
                Err(e) => {
                    println!("qemu {name} +{feature}: FAILED: {e}");
                    counts.failed += 1;
                    failures.push(format!("{name} (+{feature})"));
                }
            }
        }
    }
    println!(
        "qemu: {} passed, {} failed, {} skipped",
        counts.passed, counts.failed, counts.ignored
    );
    if failures.is_empty() {
        Ok(counts)
    } else {
        Err(format!("qemu checks failed on: {}", failures.join(", ")))
    }
}

/// An error unless `qemu-system-arm` can be started.
pub(crate) fn require_qemu() -> Result<(), String> {
    match Command::new("qemu-system-arm")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
    {
        Ok(_) => Ok(()),
        Err(_) => Err("qemu-system-arm is not installed (apt-get install qemu-system-arm)".into()),
    }
}

/// `cargo xtask run --board NAME script.py`'s path: a script's output and
/// exit status for a clean end, an uncaught exception and `sys.exit(n)`.
fn script_check(built: &board::Built) -> Result<(), String> {
    let cases: [(&str, &str, &str, i32); 3] = [
        (
            "for i in range(3):\n    print(i * 7)\n",
            "0\n7\n14\n",
            "",
            0,
        ),
        ("print('before')\n[][1]\n", "before\n", "IndexError", 1),
        ("import sys\nprint('bye')\nsys.exit(3)\n", "bye\n", "", 3),
    ];
    for (source, stdout, stderr, status) in cases {
        let run = crate::board_test::run_script(built, source.as_bytes())?;
        if run.stdout != stdout || !run.stderr.contains(stderr) || run.status != status {
            return Err(format!(
                "{source:?}: got {:?} {:?} status {}",
                run.stdout, run.stderr, run.status
            ));
        }
    }
    Ok(())
}

/// Builds `board` with the optional port feature `feature` too and runs
/// the programs of the board's `checks/FEATURE/` folder on it, each of
/// which must end cleanly printing its `.exp` file. Returns how many ran.
fn feature_checks(board: &pyrite_board_config::Board, feature: &str) -> Result<u64, String> {
    let mut variant = board.clone();
    variant.features.push(feature.to_string());
    // An option may trade heap for what it adds (`machine-pin`'s
    // interrupt table takes the micro:bit under 8 KiB); the board's
    // promise is about its default build.
    variant.min_heap = None;
    let built = board::build(&variant, false, true)?;
    let dir = board.dir.join("checks").join(feature);
    let mut programs: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    programs.sort();
    if programs.is_empty() {
        return Err(format!("no programs in {}", dir.display()));
    }
    for program in &programs {
        let source = std::fs::read(program).map_err(|e| format!("{}: {e}", program.display()))?;
        let exp_path = program.with_extension("exp");
        let expected = std::fs::read_to_string(&exp_path)
            .map_err(|e| format!("{}: {e}", exp_path.display()))?;
        let run = crate::board_test::run_script(&built, &source)?;
        if run.stdout != expected || run.status != 0 {
            return Err(format!(
                "{}: got {:?} {:?} status {}, expected {expected:?}",
                program.display(),
                run.stdout,
                run.stderr,
                run.status
            ));
        }
    }
    Ok(programs.len() as u64)
}

/// The REPL as seen through the serial port.
pub(crate) struct Console {
    /// The board's name (some checks differ per board).
    board: String,
    stream: UnixStream,
    out: Vec<u8>,
    /// Output before this index has been matched already.
    pos: usize,
    /// qemu's second serial port, on boards where `machine.UART` drives it
    /// ([`aux_serial`]).
    aux: Option<UnixStream>,
}

impl Console {
    pub(crate) fn new(board: &str, stream: UnixStream, aux: Option<UnixStream>) -> Console {
        Console {
            board: board.to_string(),
            stream,
            out: Vec::new(),
            pos: 0,
            aux,
        }
    }

    pub(crate) fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.stream
            .write_all(bytes)
            .map_err(|e| format!("writing to the serial port: {e}"))
    }

    /// Waits until `needle` appears in the output after the last match;
    /// consumes the output up to its end.
    pub(crate) fn expect(&mut self, needle: &str, timeout: Duration) -> Result<(), String> {
        self.take_until(needle.as_bytes(), timeout).map(|_| ())
    }

    /// Waits until `needle` appears in the output after the last match;
    /// consumes the output up to its end and returns what came before it.
    pub(crate) fn take_until(
        &mut self,
        needle: &[u8],
        timeout: Duration,
    ) -> Result<Vec<u8>, String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(i) = self.out[self.pos..]
                .windows(needle.len())
                .position(|w| w == needle)
            {
                let before = self.out[self.pos..self.pos + i].to_vec();
                self.pos += i + needle.len();
                return Ok(before);
            }
            if !self.receive(deadline)? {
                return Err(format!(
                    "timed out waiting for {:?}; got {:?}",
                    String::from_utf8_lossy(needle),
                    String::from_utf8_lossy(self.unmatched())
                ));
            }
        }
    }

    /// The next unmatched output byte, consumed; `None` when nothing came
    /// before `deadline`.
    pub(crate) fn next_byte(&mut self, deadline: Instant) -> Result<Option<u8>, String> {
        while self.pos == self.out.len() {
            if !self.receive(deadline)? {
                return Ok(None);
            }
        }
        self.pos += 1;
        Ok(Some(self.out[self.pos - 1]))
    }

    /// Whether output is waiting that has not been matched yet (reads
    /// what the serial port holds, without waiting for more).
    pub(crate) fn has_unmatched(&mut self) -> Result<bool, String> {
        if self.pos == self.out.len() {
            self.receive(Instant::now())?;
        }
        Ok(self.pos < self.out.len())
    }

    /// The output after the last match.
    pub(crate) fn unmatched(&self) -> &[u8] {
        &self.out[self.pos..]
    }

    /// Drops the output matched so far (a long session would keep it all).
    pub(crate) fn forget_matched(&mut self) {
        self.out.drain(..self.pos);
        self.pos = 0;
    }

    /// Reads what the serial port has, waiting at most until `deadline`
    /// (and at most 200 ms); `Ok(false)` when the deadline has passed.
    fn receive(&mut self, deadline: Instant) -> Result<bool, String> {
        let now = Instant::now();
        // A zero read timeout means "block forever": poll for 1 ms instead.
        let wait = deadline
            .saturating_duration_since(now)
            .clamp(Duration::from_millis(1), Duration::from_millis(200));
        let _ = self.stream.set_read_timeout(Some(wait));
        let mut buf = [0u8; 1024];
        match self.stream.read(&mut buf) {
            Ok(0) => Err("the serial port closed (qemu exited?)".into()),
            Ok(n) => {
                self.out.extend_from_slice(&buf[..n]);
                Ok(true)
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                Ok(Instant::now() < deadline)
            }
            Err(e) => Err(format!("reading the serial port: {e}")),
        }
    }

    /// Waits for `prefix` (if not empty), then returns the rest of its
    /// line.
    fn line_after(&mut self, prefix: &str) -> Result<String, String> {
        if !prefix.is_empty() {
            self.expect(prefix, STEP_TIMEOUT)?;
        }
        let start = self.pos;
        self.expect("\r\n", STEP_TIMEOUT)?;
        Ok(String::from_utf8_lossy(&self.out[start..self.pos - 2]).into_owned())
    }

    /// Sends `input` and waits for `answer`.
    fn exchange(&mut self, input: &str, answer: &str) -> Result<(), String> {
        self.send(input.as_bytes())?;
        self.expect(answer, STEP_TIMEOUT)
    }

    /// Sends `input` (one line) and returns the rest of the output line
    /// after `prefix` (after the echo of `input`), then waits for the
    /// prompt.
    fn ask(&mut self, input: &str, prefix: &str) -> Result<String, String> {
        self.send(input.as_bytes())?;
        self.expect("\r\n", STEP_TIMEOUT)?;
        let line = self.line_after(prefix)?;
        self.expect(">>> ", STEP_TIMEOUT)?;
        Ok(line)
    }

    /// The second serial port.
    fn aux(&mut self) -> Result<&mut UnixStream, String> {
        self.aux
            .as_mut()
            .ok_or_else(|| "no second serial port".to_string())
    }
}

/// Waits for `child` to exit; kills it after `timeout`.
pub(crate) fn wait_exit(child: &mut Child, timeout: Duration) -> Option<i32> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

type Check = (&'static str, fn(&mut Console) -> Result<(), String>);

/// The user LED `machine` drives on boards that have the module.
fn led_of(board: &str) -> Option<&'static str> {
    match board {
        "pyboard" => Some("LED_BLUE"),
        "mps2-an386" => Some("LED0"),
        _ => None,
    }
}

/// Checks for boards with `machine` and the `frozen4k` module (all but
/// the micro:bit), run after [`CHECKS`]' frozen selftest.
const BIG_BOARD_CHECKS: &[Check] = &[
    ("frozen 4 KiB constant stays in flash", |c| {
        c.send(
            b"import gc;gc.collect();m0=gc.mem_alloc();import frozen4k;gc.collect();\
              print('frozen growth', gc.mem_alloc()-m0, len(frozen4k.DATA))\r",
        )?;
        let got = c.line_after("frozen growth ")?;
        let mut words = got.split_whitespace();
        let growth: i64 = words
            .next()
            .and_then(|w| w.parse().ok())
            .ok_or_else(|| format!("cannot read the growth in {got:?}"))?;
        if words.next() != Some("4096") {
            return Err(format!("frozen4k.DATA is not 4096 bytes: {got:?}"));
        }
        if growth >= 1024 {
            return Err(format!(
                "importing frozen4k grew the heap by {growth} bytes"
            ));
        }
        println!(
            "qemu {}: importing frozen4k allocates {growth} bytes",
            c.board
        );
        c.expect(">>> ", STEP_TIMEOUT)
    }),
    ("machine.Pin blink", |c| {
        let led = led_of(&c.board).ok_or("no LED for this board")?;
        c.send(
            format!(
                "from machine import Pin; led = Pin('{led}', Pin.OUT); \
                 [led.toggle() for _ in range(1000)]; print(led.value())\r"
            )
            .as_bytes(),
        )?;
        c.expect("None]\r\n", STEP_TIMEOUT)?;
        let v = c.line_after("")?;
        if v != "0" && v != "1" {
            return Err(format!("led.value() printed {v:?}"));
        }
        println!("qemu {}: after 1000 toggles led.value() = {v}", c.board);
        c.expect(">>> ", STEP_TIMEOUT)?;
        c.exchange("print(Pin.OUT, led)\r", &format!("1 Pin({led})\r\n>>> "))
    }),
];

/// The micro:bit's compiler checks (through the raw REPL), after [`CHECKS`]'
/// raw REPL one: on its 8 KiB machine stack the compiler holds nested
/// functions and blocks, and source nested deeper than the stack allows
/// is a `RecursionError` (the compiler's stack guard), not a lock-up.
const MICROBIT_CHECKS: &[Check] = &[
    ("terse errors: no message text, raised text kept", |c| {
        // From a clean heap: the checks before leave little of its 8 KiB.
        c.exchange("\x04", "soft reboot")?;
        c.expect(">>> ", BOOT_TIMEOUT)?;
        c.exchange("\x01", "raw REPL; CTRL-B to exit\r\n>")?;
        c.exchange(
            "try:\n    1/0\nexcept ZeroDivisionError as e:\n    print(e.args)\x04",
            "OK()\r\n\x04\x04>",
        )?;
        c.exchange(
            "try:\n    raise ValueError('mine')\nexcept ValueError as e:\n    print(e)\x04",
            "OKmine\r\n\x04\x04>",
        )?;
        c.exchange("\x02", ">>> ")
    }),
    ("compiler: nested functions and blocks", |c| {
        c.exchange("\x01", "raw REPL; CTRL-B to exit\r\n>")?;
        c.exchange(
            "def f(n):\n    t0 = g()\n    return 1\nprint('def', f.__name__)\x04",
            "OKdef f\r\n\x04\x04>",
        )?;
        // Ordinary nesting, which the board's 8 KiB heap and 6.5 KiB stack
        // must hold: ten parentheses are about 1.5 KiB of parser frames.
        c.exchange(
            "def f0(n):\n    def f1(n):\n        if n > 0:\n            return n\n    \
             return f1(n)\nprint(f0(20))\x04",
            "OK20\r\n\x04\x04>",
        )?;
        let parens = format!("print({}6*7{})\x04", "(".repeat(10), ")".repeat(10));
        c.exchange(&parens, "OK42\r\n\x04\x04>")?;
        c.exchange("\x02", ">>> ")
    }),
    ("compiler: too deep is RecursionError", |c| {
        c.exchange("\x01", "raw REPL; CTRL-B to exit\r\n>")?;
        // 60 levels need about 13 KiB of parser frames (216 bytes a level
        // on the firmware build); the program stays small enough for the
        // raw REPL's buffer in the heap the checks before left.
        let deep = format!("x = {}1{}\x04", "(".repeat(60), ")".repeat(60));
        // The micro:bit's runtime errors carry no text (`terse-errors`).
        c.exchange(&deep, "RecursionError")?;
        c.expect("\x04>", STEP_TIMEOUT)?;
        c.exchange("print(6*7)\x04", "OK42\r\n\x04\x04>")?;
        c.exchange("\x02", ">>> ")
    }),
    ("failed Rust allocation: MemoryError, soft reset", |c| {
        c.exchange("\x01", "raw REPL; CTRL-B to exit\r\n>")?;
        // Fill the GC heap; the program after it still fits the arena, but
        // compiling it needs more Rust memory than the arena has left.
        c.exchange(
            "a = []\ntry:\n    while True:\n        a.append(bytearray(48))\n\
             except MemoryError:\n    pass\nprint('full')\x04",
            "OKfull\r\n\x04\x04>",
        )?;
        c.exchange(
            "def f(x):\n    y = [x, x + 1, x + 2]\n    for i in y:\n        if i > 2:\n            \
             print(i * 2)\n    return y\nprint(f(1))\x04",
            "OK\x04MemoryError: memory allocation failed\r\n\x04",
        )?;
        // A new interpreter in the raw REPL: the program's globals are gone.
        c.expect("soft reboot\r\nraw REPL; CTRL-B to exit\r\n>", STEP_TIMEOUT)?;
        c.exchange(
            "print(6*7, 'a' in globals())\x04",
            "OK42 False\r\n\x04\x04>",
        )?;
        c.exchange("\x02", ">>> ")
    }),
];

/// The checks for board `name`: [`CHECKS`], with [`BIG_BOARD_CHECKS`]
/// after the frozen selftest on boards with `machine`, and on the pyboard
/// [`PYBOARD_CHECKS`] after those (the last leaves a timer running into
/// the soft reset check); on the micro:bit, [`MICROBIT_CHECKS`] after the
/// raw REPL check.
fn checks_for(name: &str) -> Vec<Check> {
    let mut v = CHECKS.to_vec();
    if led_of(name).is_some() {
        let at = v
            .iter()
            .position(|(what, _)| *what == "frozen selftest")
            .map_or(v.len(), |i| i + 1);
        let mut extra = BIG_BOARD_CHECKS.to_vec();
        if name == "pyboard" {
            extra.extend_from_slice(PYBOARD_CHECKS);
        }
        v.splice(at..at, extra);
    }
    if name == "microbit" {
        let at = v
            .iter()
            .position(|(what, _)| *what == "raw REPL")
            .map_or(v.len(), |i| i + 1);
        v.splice(at..at, MICROBIT_CHECKS.iter().copied());
    }
    v
}

/// Whether qemu's second serial port is a UART `machine` drives on
/// `board` (the pyboard's USART2, `UART(2)`): the checks connect it to a
/// second socket.
fn aux_serial(board: &str) -> bool {
    board == "pyboard"
}

/// Extra qemu arguments for the checks of `board`: the pyboard counts
/// virtual time in instructions (1 ns each), so its timer check counts the
/// same callbacks on any host.
fn check_flags(board: &str) -> &'static [&'static str] {
    if board == "pyboard" {
        &["-icount", "shift=0"]
    } else {
        &[]
    }
}

/// Parses a number printed by a check.
fn number(text: &str) -> Result<i64, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("expected a number, got {text:?}"))
}

/// The pyboard's `machine` beyond pins: what qemu's netduinoplus2 models
/// (USARTs, SPI, TIM2-TIM5, EXTI/SYSCFG registers; no I2C, no GPIO).
const PYBOARD_CHECKS: &[Check] = &[
    ("machine.unique_id and disable_irq/enable_irq", |c| {
        c.exchange("import machine, time\r", ">>> ")?;
        let got = c.ask(
            "print('uid', len(machine.unique_id()), type(machine.unique_id()).__name__)\r",
            "uid ",
        )?;
        if got != "12 bytes" {
            return Err(format!("unique_id: {got:?}, wanted 12 bytes"));
        }
        // Nested: the tokens are the depths, released innermost first.
        let got = c.ask(
            "s = machine.disable_irq(); t = machine.disable_irq(); \
             machine.enable_irq(t); machine.enable_irq(s); print('irq', s, t, 6 * 7)\r",
            "irq ",
        )?;
        if got != "0 1 42" {
            return Err(format!("disable_irq tokens: {got:?}, wanted \"0 1 42\""));
        }
        Ok(())
    }),
    ("machine.Timer callback counts over time.sleep_ms", |c| {
        c.exchange("n = [0]\r", ">>> ")?;
        c.exchange("def tick(t):\r", "... ")?;
        c.exchange("n[0] += 1\r", "... ")?;
        c.exchange("\r", ">>> ")?;
        let got = c.ask(
            "tim = machine.Timer(2, freq=100, callback=tick); time.sleep_ms(100); \
             tim.deinit(); k = n[0]; time.sleep_ms(50); print('ticks', k, n[0])\r",
            "ticks ",
        )?;
        let mut nums = got.split_whitespace().map(number);
        let (during, after) = (
            nums.next().ok_or("no count")??,
            nums.next().ok_or("no count")??,
        );
        println!(
            "qemu {}: Timer(2, freq=100) over sleep_ms(100): {during} callbacks",
            c.board
        );
        if !(9..=11).contains(&during) {
            return Err(format!("{during} callbacks in 100 ms at 100 Hz"));
        }
        if after != during {
            return Err(format!(
                "callbacks went on after deinit: {during} then {after}"
            ));
        }
        let got = c.ask(
            "n[0] = 0; tim = machine.Timer(3, mode=machine.Timer.ONE_SHOT, period=5, \
             callback=tick); time.sleep_ms(50); print('once', n[0])\r",
            "once ",
        )?;
        if got != "1" {
            return Err(format!("a one-shot timer fired {got} times"));
        }
        // qemu models TIM2-TIM5 only: another timer says so.
        c.exchange(
            "machine.Timer(6, freq=10, callback=tick)\r",
            "ValueError: Timer(6): not supported",
        )?;
        c.expect(">>> ", STEP_TIMEOUT)
    }),
    ("machine.SPI transfers", |c| {
        let got = c.ask(
            "spi = machine.SPI(1, baudrate=2_000_000, polarity=1, phase=1); \
             b = bytearray(7); spi.readinto(b); spi.write_readinto(b'abcdefg', b); \
             print('spi', len(spi.read(5)), len(b), spi.write(b'xyz'), machine.SPI('Y'))\r",
            "spi ",
        )?;
        let want = "5 7 None SPI(2, baudrate=1000000, polarity=0, phase=0, bits=8, firstbit=MSB)";
        if got != want {
            return Err(format!("SPI printed {got:?}, wanted {want:?}"));
        }
        Ok(())
    }),
    ("machine.UART(2) on qemu's second serial port", |c| {
        let got = c.ask(
            "u = machine.UART(2, 115200); print('uart', u.write(b'pyrite->uart2\\n'))\r",
            "uart ",
        )?;
        if got != "14" {
            return Err(format!("UART.write returned {got:?}, wanted 14"));
        }
        let want = b"pyrite->uart2\n";
        let mut got = Vec::new();
        let aux = c.aux()?;
        let deadline = Instant::now() + STEP_TIMEOUT;
        while got.len() < want.len() && Instant::now() < deadline {
            let _ = aux.set_read_timeout(Some(Duration::from_millis(200)));
            let mut buf = [0u8; 64];
            match aux.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(_) => {}
            }
        }
        if got != want {
            return Err(format!(
                "the second serial port got {:?}",
                String::from_utf8_lossy(&got)
            ));
        }
        // The other way: bytes wait in the receive ring until read.
        c.aux()?
            .write_all(b"ping\nrest")
            .map_err(|e| format!("writing the second serial port: {e}"))?;
        std::thread::sleep(Duration::from_millis(300));
        let got = c.ask(
            "print('rx', u.any(), u.readline(), u.readinto(b), bytes(b[:4]))\r",
            "rx ",
        )?;
        if got != "9 b'ping\\n' 4 b'rest'" {
            return Err(format!("UART reads printed {got:?}"));
        }
        c.exchange("machine.UART(1)\r", "ValueError: UART(1): not supported")?;
        c.expect(">>> ", STEP_TIMEOUT)
    }),
    ("Pin.irq registers; I2C without a model raises", |c| {
        let got = c.ask(
            "p = machine.Pin('X1', machine.Pin.IN); print('pin', \
             p.irq(tick, machine.Pin.IRQ_RISING | machine.Pin.IRQ_FALLING), \
             p.irq(tick, machine.Pin.IRQ_FALLING, hard=True))\r",
            "pin ",
        )?;
        if got != "None None" {
            return Err(format!("Pin.irq printed {got:?}"));
        }
        // Y11 (B0) needs EXTI line 0, which X1 (A0) holds.
        c.exchange(
            "machine.Pin('Y11').irq(tick)\r",
            "ValueError: Pin(Y11): not supported",
        )?;
        c.expect(">>> ", STEP_TIMEOUT)?;
        c.exchange(
            "p.irq(None); machine.Pin('Y11').irq(tick); print('moved')\r",
            "moved\r\n>>> ",
        )?;
        c.exchange("machine.I2C('Y').scan()\r", "OSError: 5")?;
        c.expect(">>> ", STEP_TIMEOUT)?;
        // Left running into the soft reset, which must stop it.
        c.exchange("tim = machine.Timer(4, freq=200, callback=tick)\r", ">>> ")
    }),
];

const CHECKS: &[Check] = &[
    ("boot banner", |c| {
        c.expect("Pyrite ", BOOT_TIMEOUT)?;
        c.expect(">>> ", BOOT_TIMEOUT)
    }),
    ("expression 1+1", |c| c.exchange("1+1\r", "\r\n2\r\n>>> ")),
    // The boards' floats are 30-bit: their text must still be the shortest
    // that reads back (not `0.099999994`), and arithmetic must round.
    ("float text", |c| {
        c.exchange(
            "print(0.1, 2.5 / 4, 2.5e-3 * 4, 1e30, -7.5 // 2, 7.5 % -2)\r",
            "\r\n0.1 0.625 0.01 1e+30 -4.0 -0.5\r\n>>> ",
        )
    }),
    ("for loop", |c| {
        c.exchange("for i in range(3):\r", "... ")?;
        c.exchange("print(i * i)\r", "... ")?;
        c.exchange("\r", "0\r\n1\r\n4\r\n>>> ")
    }),
    ("traceback keeps the REPL", |c| {
        c.exchange("1/0\r", "ZeroDivisionError")?;
        c.expect(">>> ", STEP_TIMEOUT)?;
        c.exchange("6*7\r", "\r\n42\r\n>>> ")
    }),
    ("MemoryError keeps the REPL", |c| {
        c.exchange("x = bytearray(1 << 24)\r", "MemoryError")?;
        c.expect(">>> ", STEP_TIMEOUT)?;
        c.exchange("6*7\r", "\r\n42\r\n>>> ")
    }),
    ("Ctrl-C interrupts a loop", |c| {
        c.exchange("while True: pass\r", "... ")?;
        c.send(b"\r")?;
        std::thread::sleep(Duration::from_millis(300));
        c.exchange("\x03", "KeyboardInterrupt")?;
        c.expect(">>> ", STEP_TIMEOUT)
    }),
    ("frozen selftest", |c| {
        c.exchange("import selftest\r", "selftest: ")?;
        c.expect(" 0 failed", STEP_TIMEOUT)?;
        c.expect(">>> ", STEP_TIMEOUT)
    }),
    ("raw REPL", |c| {
        c.exchange("\x01", "raw REPL; CTRL-B to exit\r\n>")?;
        c.exchange("print(7*6)\x04", "OK42\r\n\x04\x04>")?;
        c.exchange("\x02", ">>> ")
    }),
    ("soft reset", |c| {
        c.exchange("x = 5\r", ">>> ")?;
        c.exchange("\x04", "soft reboot")?;
        c.expect(">>> ", BOOT_TIMEOUT)?;
        c.exchange("x\r", "NameError")?;
        c.expect(">>> ", STEP_TIMEOUT)
    }),
    ("sys.exit(7) ends qemu with status 7", |c| {
        c.send(b"import sys; sys.exit(7)\r")
    }),
];

/// Starts qemu for `built` with its serial ports on the Unix sockets
/// `socks`, in order (qemu makes them and waits for a client on each), plus
/// `flags`, its standard error going to `stderr`; returns qemu and the
/// connected streams.
pub(crate) fn spawn_on_sockets(
    built: &Built,
    socks: &[&Path],
    flags: &[&str],
    stderr: Stdio,
) -> Result<(Child, Vec<UnixStream>), String> {
    let mut command = board::qemu_command(built)?;
    for (i, sock) in socks.iter().enumerate() {
        let _ = std::fs::remove_file(sock);
        command
            .arg("-chardev")
            .arg(format!(
                "socket,id=serial{i},path={},server=on,wait=on",
                sock.display()
            ))
            .args(["-serial", &format!("chardev:serial{i}")]);
    }
    command.args(flags).stdin(Stdio::null()).stderr(stderr);
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start qemu: {e}"))?;
    let mut streams = Vec::new();
    for sock in socks {
        let deadline = Instant::now() + Duration::from_secs(10);
        let stream = loop {
            match UnixStream::connect(sock) {
                Ok(s) => break s,
                Err(_) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50))
                }
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!("cannot connect to {}: {e}", sock.display()));
                }
            }
        };
        streams.push(stream);
    }
    Ok((child, streams))
}

/// Boots `built` with its serial port on a Unix socket and runs the
/// board's checks ([`checks_for`]);
/// returns `(passed, failed)`.
fn repl_checks(built: &Built) -> (u64, u64) {
    let name = &built.board.name;
    let dir = built.elf.parent().unwrap_or(Path::new("."));
    let sock = dir.join("serial.sock");
    let aux_sock = dir.join("serial1.sock");
    let mut socks = vec![sock.as_path()];
    if aux_serial(name) {
        socks.push(aux_sock.as_path());
    }
    let (mut child, mut streams) =
        match spawn_on_sockets(built, &socks, check_flags(name), Stdio::inherit()) {
            Ok(started) => started,
            Err(e) => {
                println!("qemu {name}: {e}");
                return (0, 1);
            }
        };
    let aux = if streams.len() > 1 {
        streams.pop()
    } else {
        None
    };
    let Some(stream) = streams.pop() else {
        return (0, 1);
    };
    let mut console = Console::new(name, stream, aux);
    let (mut passed, mut failed) = (0, 0);
    let checks = checks_for(name);
    for (i, (what, check)) in checks.iter().enumerate() {
        match check(&mut console) {
            Ok(()) => {
                passed += 1;
                println!("qemu {name}: {what}: ok");
            }
            Err(e) => {
                println!("qemu {name}: {what}: FAILED: {e}");
                failed += (checks.len() - i) as u64;
                let _ = child.kill();
                let _ = child.wait();
                return (passed, failed);
            }
        }
    }
    // The last check asked the firmware to exit with status 7.
    match wait_exit(&mut child, STEP_TIMEOUT) {
        Some(7) => {
            println!("qemu {name}: exit status 7: ok");
            passed += 1;
        }
        other => {
            println!("qemu {name}: exit status: FAILED: {other:?}, wanted Some(7)");
            failed += 1;
        }
    }
    let _ = std::fs::remove_file(&sock);
    let _ = std::fs::remove_file(&aux_sock);
    (passed, failed)
}

/// Boots `built` with its serial port on a pty and runs `mpremote exec`
/// against it; `None` when `mpremote` is not installed.
fn mpremote_checks(built: &Built) -> Option<Result<(), String>> {
    if Command::new("mpremote")
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_err()
    {
        return None;
    }
    let mut command = match board::qemu_command(built) {
        Ok(c) => c,
        Err(e) => return Some(Err(e)),
    };
    command
        .args(["-serial", "pty"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) => return Some(Err(format!("cannot start qemu: {e}"))),
    };
    // qemu names the pty on stdout or stderr: "char device redirected to
    // /dev/pts/N (label serial0)".
    let (tx, rx) = std::sync::mpsc::channel();
    for pipe in [
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .flatten()
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("redirected to ").nth(1) {
                    let path = rest.split_whitespace().next().unwrap_or("").to_string();
                    let _ = tx.send(path);
                }
            }
        });
    }
    let result = (|| {
        let pty = rx
            .recv_timeout(Duration::from_secs(10))
            .map_err(|_| "qemu did not name its pty".to_string())?;
        // Let the firmware boot and its UART come up.
        std::thread::sleep(Duration::from_secs(2));
        let run = |args: &[&str]| -> Result<String, String> {
            let mut c = Command::new("mpremote")
                .args(["connect", &pty])
                .args(args)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .map_err(|e| format!("cannot start mpremote: {e}"))?;
            let mut out = c.stdout.take().ok_or("no stdout")?;
            let reader = std::thread::spawn(move || {
                let mut s = String::new();
                let _ = out.read_to_string(&mut s);
                s
            });
            match wait_exit(&mut c, Duration::from_secs(30)) {
                Some(0) => Ok(reader.join().unwrap_or_default()),
                other => Err(format!("mpremote {args:?} ended with {other:?}")),
            }
        };
        let out = run(&["exec", "print(6*7)"])?;
        if !out.contains("42") {
            return Err(format!("mpremote exec printed {out:?}, wanted 42"));
        }
        let out = run(&["eval", "1+2"])?;
        if !out.contains('3') {
            return Err(format!("mpremote eval printed {out:?}, wanted 3"));
        }
        Ok(())
    })();
    let _ = child.kill();
    let _ = child.wait();
    Some(result)
}
