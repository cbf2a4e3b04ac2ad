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
/// `Rc`'s) and no UTF-8 check.
#[derive(Clone, Debug)]
pub struct Ids {
    buffer: String,
    prefix: usize,
}

impl Ids {
    pub fn new(name: &str) -> Ids {
        let mut buffer = String::with_capacity(name.len() + 21);
        buffer.push_str(name);
        buffer.push('-');
        Ids { prefix: buffer.len(), buffer }
    }

    /// `<name>-<n>`.
    pub fn id(&mut self, n: u64) -> Rc<str> {
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
        // ASCII digits, so always UTF-8: one copy, not a char-by-char push (a third of its cost).
        self.buffer.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
        Rc::from(self.buffer.as_str())
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
        assert_eq!(parse("order-lines-12"), Some(("order-lines", 12)));
        assert_eq!(parse(&format("p", u64::MAX)), Some(("p", u64::MAX)));
        for not_an_id in ["orders", "orders-", "orders-+1", "orders-x1", "-"] {
            assert_eq!(parse(not_an_id), None, "{not_an_id}");
        }
    }
}
