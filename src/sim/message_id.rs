//! Message ids: a producer names its n-th message `<producer>-<n>` (n from 1). Written here and
//! read here only: the world's books key their records by it, and playback finds the producer
//! of a message from it.

use std::rc::Rc;

/// `<name>-<n>`.
pub fn format(name: &str, n: u64) -> Rc<str> {
    Ids::new(name).id(n)
}

/// One producer's ids, written by hand into a buffer that keeps `<name>-` between them:
/// `format!` was a tenth of a long run's time, and this way an id costs one allocation (the
/// `Rc`'s) and no UTF-8 check. A producer numbers its messages 1, 2, 3 ...: the id after the
/// last one is that one's digits counted up in place (a carry past the nines), not written anew.
#[derive(Clone, Debug)]
pub struct Ids {
    buffer: String,
    prefix: usize,
    /// The number whose digits follow the prefix (None: none written yet).
    last: Option<u64>,
}

impl Ids {
    pub fn new(name: &str) -> Ids {
        let mut buffer = String::with_capacity(name.len() + 21);
        buffer.push_str(name);
        buffer.push('-');
        Ids { prefix: buffer.len(), buffer, last: None }
    }

    /// `<name>-<n>`.
    pub fn id(&mut self, n: u64) -> Rc<str> {
        if self.last.and_then(|last| last.checked_add(1)) == Some(n) {
            self.count_up();
        } else {
            self.write(n);
        }
        self.last = Some(n);
        Rc::from(self.buffer.as_str())
    }

    /// The digits after the prefix, one more: trailing nines become zeros, the digit before them
    /// (or a new leading one) goes up by one.
    fn count_up(&mut self) {
        let mut nines = 0;
        loop {
            match self.buffer.pop() {
                Some('9') => nines += 1,
                Some(d) if self.buffer.len() >= self.prefix && d.is_ascii_digit() => {
                    self.buffer.push(char::from(d as u8 + 1));
                    break;
                }
                // The prefix's `-`: every digit was a nine.
                Some(dash) => {
                    self.buffer.push(dash);
                    self.buffer.push('1');
                    break;
                }
                None => break,
            }
        }
        self.buffer.extend(std::iter::repeat_n('0', nines));
    }

    fn write(&mut self, n: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = n;
        loop {
            at -= 1;
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        self.buffer.truncate(self.prefix);
        self.buffer.extend(digits[at..].iter().map(|d| char::from(*d)));
    }
}

/// The producer name and the number of a message id; None if it is not `<name>-<n>`.
pub fn parse(id: &str) -> Option<(&str, u64)> {
    let (name, n) = id.rsplit_once('-')?;
    // `parse` alone would take a leading `+`.
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((name, n.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_the_producer_name_and_a_number_and_read_back() {
        assert_eq!(&*format("orders", 1), "orders-1");
        assert_eq!(&*format("p", 0), "p-0");
        assert_eq!(&*format("p", u64::MAX), std::format!("p-{}", u64::MAX));
        // A long name, a name beyond ASCII.
        let long = "n".repeat(60);
        assert_eq!(&*format(&long, 12345), std::format!("{long}-12345"));
        assert_eq!(&*format("\u{e9}t\u{e9}", 7), "\u{e9}t\u{e9}-7");
        // One writer, many ids: each is whole, whatever the length of the one before.
        let mut ids = Ids::new("p1");
        assert_eq!([&*ids.id(12345), &*ids.id(7), &*ids.id(0)], ["p1-12345", "p1-7", "p1-0"]);
        // Counted up in place from one id to the next, carries and all; a jump is written anew.
        let mut ids = Ids::new("p-9");
        for n in (0..=1_100).chain(9_998..=10_001).chain([u64::MAX - 1, u64::MAX, 5, 6]) {
            assert_eq!(&*ids.id(n), std::format!("p-9-{n}"), "{n}");
        }
        assert_eq!(parse("order-lines-12"), Some(("order-lines", 12)));
        assert_eq!(parse(&format("p", u64::MAX)), Some(("p", u64::MAX)));
        for not_an_id in ["orders", "orders-", "orders-+1", "orders-x1", "-"] {
            assert_eq!(parse(not_an_id), None, "{not_an_id}");
        }
    }
}
