//! The serial console: COM1 carries the program's stdin and stdout, COM2 its
//! stderr. Output is polled; input arrives through IRQ 4 into a buffer. The
//! host tool sends ^D (0x04) when its stdin ends, which reads as end of file,
//! as on a terminal.

use alloc::collections::VecDeque;
use microkernel_user as mk;

const COM1: u16 = 0x3f8;
const COM2: u16 = 0x2f8;

pub struct Console {
    input: VecDeque<u8>,
    pub eof: bool,
    /// Output post-processing \n -> \r\n (termios OPOST|ONLCR): on when the
    /// host's terminal is on the other end (`boot/tty`), as on a Linux console;
    /// off when the output is captured, so it compares with a pipe on Linux.
    pub onlcr: bool,
    /// termios ISIG: ^C, ^\ and ^Z send SIGINT, SIGQUIT and SIGTSTP to the
    /// foreground process group instead of reaching the reader.
    pub isig: bool,
    /// The foreground process group (TIOCSPGRP).
    pub foreground: u32,
    /// Signals typed at the terminal, for the server to send.
    pub signals: alloc::vec::Vec<u64>,
}

fn put(base: u16, byte: u8) {
    while mk::inb(base + 5) & 0x20 == 0 {
        core::hint::spin_loop();
    }
    mk::outb(base, byte);
}

impl Console {
    pub fn new(onlcr: bool) -> Console {
        // Receive interrupts on COM1; OUT2 routes them to the PIC.
        mk::outb(COM1 + 1, 0x01);
        mk::outb(COM1 + 4, 0x0b);
        let _ = mk::irq_attach(4);
        // The host tool holds the program's input back until this line: bytes
        // that reached the UART before its FIFO was set up would be lost.
        microkernel_user::println!("console ready");
        Console {
            input: VecDeque::new(),
            eof: false,
            onlcr,
            isig: true,
            foreground: 1,
            signals: alloc::vec::Vec::new(),
        }
    }

    pub fn write_stdout(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if b == b'\n' && self.onlcr {
                put(COM1, b'\r');
            }
            put(COM1, b);
        }
    }

    pub fn write_stderr(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if b == b'\n' && self.onlcr {
                put(COM2, b'\r');
            }
            put(COM2, b);
        }
    }

    /// Moves received bytes into the buffer (after an IRQ or before a read).
    pub fn poll(&mut self) {
        while mk::inb(COM1 + 5) & 1 != 0 {
            let b = mk::inb(COM1);
            match b {
                0x03 if self.isig => self.signals.push(2),
                0x1c if self.isig => self.signals.push(3),
                0x1a if self.isig => self.signals.push(20),
                // ^D: end of file for the reader (as a terminal in canonical mode).
                0x04 => self.eof = true,
                _ => self.input.push_back(b),
            }
        }
    }

    /// Whether a read would return at once.
    pub fn readable(&self) -> bool {
        !self.input.is_empty() || self.eof
    }

    /// Takes up to `max` bytes; None when nothing is there and no EOF was seen.
    pub fn take(&mut self, max: usize) -> Option<alloc::vec::Vec<u8>> {
        self.poll();
        if !self.input.is_empty() {
            let n = max.min(self.input.len());
            return Some(self.input.drain(..n).collect());
        }
        if self.eof {
            return Some(alloc::vec::Vec::new());
        }
        None
    }
}
