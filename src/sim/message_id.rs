//! Message ids: a producer names its n-th message `<producer>-<n>` (n from 1). Written here and
//! read here only: the world's books key their records by it, and playback finds the producer
//! of a message from it.

use std::rc::Rc;

/// `<name>-<n>`. Written by hand: `format!` was a tenth of a long run's time. A usual name is
/// assembled on the stack, so the id costs one allocation (the `Rc`'s), not two.
pub fn format(name: &str, n: u64) -> Rc<str> {
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
    let digits = std::str::from_utf8(&digits[at..]).expect("ASCII digits");
    let mut buffer = [0u8; 64];
    let len = name.len() + 1 + digits.len();
    if len > buffer.len() {
        return std::format!("{name}-{digits}").into();
    }
    buffer[..name.len()].copy_from_slice(name.as_bytes());
    buffer[name.len()] = b'-';
    buffer[name.len() + 1..len].copy_from_slice(digits.as_bytes());
    // A name, a dash and digits: still UTF-8.
    std::str::from_utf8(&buffer[..len]).map_or_else(|_| std::format!("{name}-{digits}").into(), Rc::from)
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
        // Past the stack buffer: the same text.
        let long = "n".repeat(60);
        assert_eq!(&*format(&long, 12345), std::format!("{long}-12345"));
        assert_eq!(&*format("\u{e9}t\u{e9}", 7), "\u{e9}t\u{e9}-7");
        assert_eq!(parse("order-lines-12"), Some(("order-lines", 12)));
        assert_eq!(parse(&format("p", u64::MAX)), Some(("p", u64::MAX)));
        for not_an_id in ["orders", "orders-", "orders-+1", "orders-x1", "-"] {
            assert_eq!(parse(not_an_id), None, "{not_an_id}");
        }
    }
}
