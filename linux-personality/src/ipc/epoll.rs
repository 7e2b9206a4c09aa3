//! epoll's reporting rule for one interest-list item (epoll(7)).
//!
//! Linux queues an item on the ready list from the file's wake-up callback and
//! re-polls it when epoll_wait looks. The server has no wake-up callbacks: each
//! object keeps two counters instead, bumped whenever something arrives for
//! reading (data, a connection, end of file) and whenever room is made for
//! writing (the "generations"). An edge-triggered item is reported when it is
//! ready and a counter of a direction it waits for moved since its last report,
//! which is when Linux's callback would have queued it. Level-triggered items
//! are reported whenever ready; one-shot items are disabled after one report
//! until EPOLL_CTL_MOD re-arms them.

use super::events::{ERR, ET, HUP, IN, ONESHOT, OUT, PRI, RDHUP};

/// Generation counters of a file: (read side, write side). None for files
/// whose changes are not counted (edges are then changes of the ready mask).
pub type Generations = Option<(u64, u64)>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interest {
    /// The requested events and flags (EPOLLET, EPOLLONESHOT, ...).
    pub events: u32,
    pub data: u64,
    /// What the last report saw: the generations, and the mask.
    seen: Option<(Generations, u32)>,
    /// A one-shot item that fired.
    disabled: bool,
}

impl Interest {
    pub fn new(events: u32, data: u64) -> Interest {
        Interest { events, data, seen: None, disabled: false }
    }

    /// EPOLL_CTL_MOD: new events and data, re-armed, as if just added.
    pub fn modify(&mut self, events: u32, data: u64) {
        *self = Interest::new(events, data);
    }

    /// The events to report given the file's ready mask and generations now
    /// (0: none), and records the report.
    pub fn check(&mut self, ready: u32, generations: Generations) -> u32 {
        if self.disabled {
            return 0;
        }
        let relevant = ready & (self.events | ERR | HUP);
        if relevant == 0 {
            return 0;
        }
        if self.events & ET != 0 {
            let edge = match (self.seen, generations) {
                (None, _) => true,
                (Some((Some((rx, tx)), _)), Some((rx_now, tx_now))) => {
                    (rx != rx_now && relevant & (IN | PRI | RDHUP | HUP | ERR) != 0)
                        || (tx != tx_now && relevant & (OUT | ERR | HUP) != 0)
                }
                (Some((_, mask)), _) => mask != relevant,
            };
            if !edge {
                return 0;
            }
        }
        self.seen = Some((generations, relevant));
        if self.events & ONESHOT != 0 {
            self.disabled = true;
        }
        relevant
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_triggered_reports_while_ready() {
        let mut i = Interest::new(IN, 7);
        assert_eq!(i.check(0, Some((0, 0))), 0);
        assert_eq!(i.check(IN | OUT, Some((1, 0))), IN);
        assert_eq!(i.check(IN | OUT, Some((1, 0))), IN);
        // Hang-up and error are reported unasked.
        assert_eq!(i.check(HUP, Some((2, 0))), HUP);
    }

    #[test]
    fn edge_triggered_reports_once_per_arrival() {
        let mut i = Interest::new(IN | ET, 0);
        assert_eq!(i.check(IN, Some((1, 0))), IN);
        assert_eq!(i.check(IN, Some((1, 0))), 0);
        // Room made for writers is no edge for a reader.
        assert_eq!(i.check(IN, Some((1, 5))), 0);
        assert_eq!(i.check(IN, Some((2, 5))), IN);
        assert_eq!(i.check(0, Some((3, 5))), 0);
    }

    #[test]
    fn edge_triggered_without_counters_follows_the_mask() {
        let mut i = Interest::new(IN | OUT | ET, 0);
        assert_eq!(i.check(OUT, None), OUT);
        assert_eq!(i.check(OUT, None), 0);
        assert_eq!(i.check(IN | OUT, None), IN | OUT);
    }

    #[test]
    fn one_shot_fires_until_modified() {
        let mut i = Interest::new(IN | ONESHOT, 0);
        assert_eq!(i.check(IN, Some((1, 0))), IN);
        assert_eq!(i.check(IN, Some((2, 0))), 0);
        i.modify(IN | ONESHOT, 1);
        assert_eq!(i.check(IN, Some((2, 0))), IN);
    }
}
