//! Message ids: a producer names its n-th message `<producer>-<n>` (n from 1). Written here and
//! read here only: the world's books key their records by it, and playback finds the producer
//! of a message from it.

use std::rc::Rc;

/// `<name>-<n>`. Written by hand: `format!` was a tenth of a long run's time.
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
    let mut id = String::with_capacity(name.len() + 1 + digits.len() - at);
    id.push_str(name);
    id.push('-');
    id.push_str(std::str::from_utf8(&digits[at..]).expect("ASCII digits"));
    id.into()
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
        assert_eq!(parse("order-lines-12"), Some(("order-lines", 12)));
        assert_eq!(parse(&format("p", u64::MAX)), Some(("p", u64::MAX)));
        for not_an_id in ["orders", "orders-", "orders-+1", "orders-x1", "-"] {
            assert_eq!(parse(not_an_id), None, "{not_an_id}");
        }
    }
}
