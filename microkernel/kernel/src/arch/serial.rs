//! 16550 UARTs: COM1 is the console (a Linux program's stdin and stdout), COM2
//! carries the program's stderr. Polled output; input comes later through the
//! receive interrupt.

use spin::Mutex;
use x86_64::instructions::port::Port;

pub struct Uart {
    base: u16,
}

impl Uart {
    const fn new(base: u16) -> Self {
        Uart { base }
    }

    fn port(&self, offset: u16) -> Port<u8> {
        Port::new(self.base + offset)
    }

    fn init(&mut self) {
        // SAFETY: the standard 16550 programming sequence on a port this
        // kernel owns: disable interrupts, 115200 baud (divisor 1), 8N1,
        // FIFOs on, DTR/RTS/OUT2 set.
        unsafe {
            self.port(1).write(0x00);
            self.port(3).write(0x80);
            self.port(0).write(0x01);
            self.port(1).write(0x00);
            self.port(3).write(0x03);
            self.port(2).write(0xc7);
            self.port(4).write(0x0b);
        }
    }

    pub fn write_byte(&mut self, byte: u8) {
        // SAFETY: reading the line status and writing the data register of a
        // UART this kernel owns.
        unsafe {
            while self.port(5).read() & 0x20 == 0 {
                core::hint::spin_loop();
            }
            self.port(0).write(byte);
        }
    }

    pub fn write_str(&mut self, text: &str) {
        for byte in text.bytes() {
            self.write_byte(byte);
        }
    }
}

pub static CONSOLE: Mutex<Uart> = Mutex::new(Uart::new(0x3f8));
pub static STDERR: Mutex<Uart> = Mutex::new(Uart::new(0x2f8));

pub fn init() {
    CONSOLE.lock().init();
    STDERR.lock().init();
}
