//! Topic matching. Keys split on `.` keeping empty words; the empty key has zero words.
//! `*` matches exactly one word (which may be empty), `#` zero or more words.

/// The words of a routing or binding key, as RabbitMQ splits them.
pub fn words(key: &str) -> Vec<&str> {
    if key.is_empty() {
        Vec::new()
    } else {
        key.split('.').collect()
    }
}

/// Does the binding pattern (already split) match the routing key's words?
pub fn matches<P: AsRef<str>>(pattern: &[P], key: &[&str]) -> bool {
    match pattern.split_first() {
        None => key.is_empty(),
        Some((word, rest)) => match word.as_ref() {
            // Consecutive `#` are equivalent to one: skip them to keep the search linear.
            "#" if rest.first().map(|w| w.as_ref()) == Some("#") => matches(rest, key),
            "#" => (0..=key.len()).any(|skip| matches(rest, &key[skip..])),
            "*" => !key.is_empty() && matches(rest, &key[1..]),
            literal => key.first() == Some(&literal) && matches(rest, &key[1..]),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, key: &str) -> bool {
        matches(&words(pattern), &words(key))
    }

    #[test]
    fn empty_words_are_kept_and_the_empty_key_has_none() {
        assert_eq!(words("a..b"), vec!["a", "", "b"]);
        assert_eq!(words("a."), vec!["a", ""]);
        assert_eq!(words("."), vec!["", ""]);
        assert!(words("").is_empty());
    }

    #[test]
    fn hash_matches_zero_or_more_words() {
        assert!(m("#", "") && m("#", "a.b.c") && m("#", "."));
        assert!(m("a.#", "a") && m("a.#", "a.b") && m("a.#", "a.b.c"));
        assert!(m("#.a", "a") && !m("#.a", "a.b"));
        assert!(m("a.#.#.c", "a.c") && m("a.#.b.#", "a.x.b"));
    }

    #[test]
    fn star_matches_exactly_one_possibly_empty_word() {
        assert!(!m("*", "") && !m("*", ".") && m("*", "x"));
        assert!(m("a.*.c", "a..c") && m("a.*.c", "a.b.c") && !m("a.*.c", "a.c"));
        assert!(!m("regions.na.cities.*", "regions.na.cities"));
    }

    #[test]
    fn literal_words_are_case_sensitive_and_the_empty_pattern_matches_only_the_empty_key() {
        assert!(m("a.b", "a.b") && !m("a.b", "A.b"));
        assert!(m("", "") && !m("", "a") && !m("", "."));
    }
}
