//! The scripted interactive session: busybox sh as the first program on a
//! console in terminal mode (`boot/tty`, as for `cargo xtask run` from a
//! terminal), driven through the console like a user at a keyboard: a command,
//! ^C of a foreground `sleep`, `fg` of a background job then ^C, ^Z of a
//! foreground job then `fg` and ^C, ^Z then `bg`, `cat` reading lines edited
//! with DEL and ^U and ended by ^D, a background reader stopped by SIGTTIN and
//! a background writer stopped by SIGTTOU (TOSTOP), both then run in the
//! foreground, non-canonical reads with VMIN and VTIME (`stty`, `dd`), and
//! `exit`. The transcript must show each step's output, and the session must
//! end with status 0 before the timeout. Linux cannot be the oracle here (no
//! terminal on the native side), so the expected outputs are written down.

use std::time::Duration;

use crate::build::{self, Kernel};
use crate::qemu::{self, Boot, Step};

const TIMEOUT: Duration = Duration::from_secs(180);
/// Time for the shell to start a foreground command before a key is typed.
const SETTLE: Duration = Duration::from_secs(2);

const PROMPT: &str = "# ";

static DIALOGUE: &[Step] = &[
    Step::Expect(PROMPT),
    Step::Type(b"echo hello-$((6*7))\r"),
    Step::Expect("hello-42\r\n"),
    Step::Expect(PROMPT),
    // ^C of a foreground command.
    Step::Type(b"sleep 100\r"),
    Step::Pause(SETTLE),
    Step::Type(b"\x03"),
    Step::Expect(PROMPT),
    Step::Type(b"echo status=$?\r"),
    Step::Expect("status=130\r\n"),
    Step::Expect(PROMPT),
    // A background job brought to the foreground, then ^C.
    Step::Type(b"sleep 100 &\r"),
    Step::Expect(PROMPT),
    Step::Type(b"fg\r"),
    Step::Expect("sleep 100"),
    Step::Pause(SETTLE),
    Step::Type(b"\x03"),
    Step::Expect(PROMPT),
    Step::Type(b"echo fg=$?\r"),
    Step::Expect("fg=130\r\n"),
    Step::Expect(PROMPT),
    // ^Z stops a foreground job; fg continues it.
    Step::Type(b"sleep 100\r"),
    Step::Pause(SETTLE),
    Step::Type(b"\x1a"),
    Step::Expect(PROMPT),
    // (The shell reports the stop on stderr, which is COM2: `jobs` shows it here.)
    Step::Type(b"jobs\r"),
    Step::Expect("Stopped"),
    Step::Expect(PROMPT),
    Step::Type(b"fg\r"),
    Step::Pause(SETTLE),
    Step::Type(b"\x03"),
    Step::Expect(PROMPT),
    Step::Type(b"echo stopped-fg=$?\r"),
    Step::Expect("stopped-fg=130\r\n"),
    Step::Expect(PROMPT),
    // ^Z, then bg: the job runs on in the background.
    Step::Type(b"sleep 100\r"),
    Step::Pause(SETTLE),
    Step::Type(b"\x1a"),
    Step::Expect(PROMPT),
    Step::Type(b"bg\r"),
    Step::Expect(PROMPT),
    Step::Type(b"jobs\r"),
    Step::Expect("Running"),
    Step::Expect(PROMPT),
    Step::Type(b"kill %1; wait; echo bg-$?\r"),
    Step::Expect("bg-0\r\n"),
    Step::Expect(PROMPT),
    // Canonical input: DEL erases a character, ^U the line, ^D ends the input.
    Step::Type(b"cat\r"),
    Step::Pause(SETTLE),
    Step::Type(b"abc\x7fd\r"),
    Step::Expect("abc\x08 \x08d\r\nabd\r\n"),
    Step::Type(b"xyz\x15ok\r"),
    Step::Expect("\x08 \x08ok\r\nok\r\n"),
    Step::Type(b"\x04"),
    Step::Expect(PROMPT),
    Step::Type(b"echo cat=$?\r"),
    Step::Expect("cat=0\r\n"),
    Step::Expect(PROMPT),
    // A background reader of the terminal stops (SIGTTIN); in the foreground
    // its read starts again.
    Step::Type(b"cat &\r"),
    Step::Expect(PROMPT),
    Step::Pause(SETTLE),
    Step::Type(b"jobs\r"),
    Step::Expect("Stopped"),
    Step::Expect(PROMPT),
    Step::Type(b"fg\r"),
    Step::Pause(SETTLE),
    Step::Type(b"tty\r"),
    Step::Expect("tty\r\ntty\r\n"),
    Step::Type(b"\x04"),
    Step::Expect(PROMPT),
    // With TOSTOP a background writer stops (SIGTTOU) until brought back.
    Step::Type(b"stty tostop; echo out-$((1+1)) &\r"),
    Step::Expect(PROMPT),
    Step::Pause(SETTLE),
    Step::Type(b"jobs\r"),
    Step::Expect("Stopped"),
    Step::Expect(PROMPT),
    Step::Type(b"stty -tostop; fg\r"),
    Step::Expect("out-2\r\n"),
    Step::Expect(PROMPT),
    // Non-canonical reads: VMIN 0 and VTIME 0 return at once, VTIME 5 after
    // half a second, both with nothing; VMIN 3 waits for three bytes.
    Step::Type(b"stty -icanon min 0 time 0; dd bs=10 count=1 2>&1 | head -n 1; stty icanon\r"),
    Step::Expect("0+0 records in\r\n"),
    Step::Expect(PROMPT),
    Step::Type(b"stty -icanon min 0 time 5; dd bs=10 count=1 2>&1 | head -n 1; stty icanon\r"),
    Step::Expect("0+0 records in\r\n"),
    Step::Expect(PROMPT),
    Step::Type(b"stty -icanon min 3 time 0; dd bs=10 count=1 2>/dev/null; stty icanon\r"),
    Step::Pause(SETTLE),
    Step::Type(b"xyz"),
    Step::Expect("xyzxyz"),
    Step::Expect(PROMPT),
    Step::Type(b"exit\r"),
];

/// What the transcript must contain, in this order.
const EXPECTED: &[&str] = &[
    "hello-42\r\n",
    "status=130\r\n",
    "fg=130\r\n",
    "Stopped",
    "stopped-fg=130\r\n",
    "Running",
    "bg-0\r\n",
    "abc\x08 \x08d\r\nabd\r\n",
    "ok\r\nok\r\n",
    "cat=0\r\n",
    "tty\r\ntty\r\n",
    "out-2\r\n",
    "0+0 records in\r\n",
    "0+0 records in\r\n",
    "xyzxyz",
];

/// Runs the session; Err describes what went wrong, with the transcript.
pub fn run() -> Result<(), String> {
    let server = build::user_program_path("linux-server", false);
    let spec = build::linux_initrd_for(&["/bin/sh".to_string()], server, false, true)?;
    let kernel = Kernel { release: false, features: vec![], flavour: "kernel" };
    let image = build::image_with_kernel(&build::kernel_path(&kernel), &spec, "session")?;
    let outcome = qemu::boot(&Boot {
        image: &image,
        stdin: false,
        verbose: false,
        timeout: Some(TIMEOUT),
        capture_console: true,
        input: Some(vec![]),
        dialogue: DIALOGUE,
    })?;
    let transcript = String::from_utf8_lossy(&outcome.stdout).into_owned();
    let show = || format!("\n    transcript: {transcript:?}");
    if outcome.timed_out {
        return Err(format!("no end within {} s{}", TIMEOUT.as_secs(), show()));
    }
    match qemu::finish(&outcome) {
        Ok(0) => {}
        Ok(status) => return Err(format!("exit status {status}{}", show())),
        Err(e) => return Err(format!("{e}{}", show())),
    }
    // The shell reports the stopped job on its stderr (COM2).
    if !String::from_utf8_lossy(&outcome.stderr).contains("Stopped") {
        return Err(format!("no \"Stopped\" on stderr: {:?}", outcome.stderr));
    }
    let mut rest = transcript.as_str();
    for expected in EXPECTED {
        match rest.find(expected) {
            Some(at) => rest = &rest[at + expected.len()..],
            None => return Err(format!("{expected:?} missing{}", show())),
        }
    }
    Ok(())
}
