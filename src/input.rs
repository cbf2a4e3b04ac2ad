//! Reading untrusted text (scenario files, client scripts, imports in the browser): strict JSON
//! over the whole input, a size cap, and error lines that are safe to print and to show.

/// The largest scenario or script accepted, in bytes. Every shipped file is under 5 KB; 1 MiB
/// leaves two hundred times that while keeping a hostile import from filling a browser tab.
pub const MAX_INPUT_BYTES: usize = 1 << 20;

/// An echoed token (a name, a value) longer than this is cut in error lines.
const MAX_TOKEN_CHARS: usize = 64;
/// An error line longer than this is cut.
const MAX_LINE_CHARS: usize = 400;

/// Deserializes JSON text, naming the path of the first field that does not fit. The whole text
/// must be one JSON value: trailing garbage after it is an error, and so is text over
/// [`MAX_INPUT_BYTES`].
pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(too_large(text.len() as u64));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        match e.path().to_string().as_str() {
            "." => one_line(&e.inner().to_string()),
            path => one_line(&format!("{path}: {}", e.inner())),
        }
    })?;
    de.end().map_err(|e| format!("after the JSON value: {e}"))?;
    Ok(value)
}

/// Why a text or file of `bytes` bytes is not read (the browser checks a file's size before
/// reading it).
pub fn too_large(bytes: u64) -> String {
    format!("the file is {bytes} bytes; at most {MAX_INPUT_BYTES} (1 MiB) are read")
}

/// An error line safe to print on a terminal or show in the page: control characters (newlines,
/// escape sequences) are escaped, each echoed token over 64 characters is cut, and so is the line.
pub fn one_line(message: &str) -> String {
    let escaped: String = message
        .chars()
        .flat_map(|c| escape(c).into_iter())
        .collect::<String>();
    let mut out = String::with_capacity(escaped.len().min(MAX_LINE_CHARS + 8));
    let mut token = 0usize;
    let mut cut_token = false;
    let mut count = 0usize;
    for c in escaped.chars() {
        if count >= MAX_LINE_CHARS {
            out.push('…');
            break;
        }
        if c.is_whitespace() {
            token = 0;
            cut_token = false;
        } else {
            token += 1;
        }
        if token > MAX_TOKEN_CHARS {
            if !cut_token {
                out.push('…');
                count += 1;
                cut_token = true;
            }
            continue;
        }
        out.push(c);
        count += 1;
    }
    out
}

/// A control character as its escape (`\n`, `\u{1b}`); anything else as itself.
fn escape(c: char) -> Vec<char> {
    if c.is_control() {
        c.escape_default().collect()
    } else {
        vec![c]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_garbage_after_the_json_is_refused() {
        let e = from_json::<serde_json::Value>(r#"{"a": 1} {"b": 2}"#).unwrap_err();
        assert!(
            e.starts_with("after the JSON value: trailing characters"),
            "{e}"
        );
        assert!(
            from_json::<serde_json::Value>("{\"a\": 1}\n  \n").is_ok(),
            "trailing whitespace is fine"
        );
    }

    #[test]
    fn an_oversized_file_is_refused_before_parsing() {
        let text = format!("[{}0]", "0,".repeat(MAX_INPUT_BYTES / 2));
        let e = from_json::<serde_json::Value>(&text).unwrap_err();
        assert!(e.contains("at most 1048576"), "{e}");
    }

    #[test]
    fn control_characters_are_escaped_in_error_lines() {
        let line = one_line("bad name 'a\nb\u{1b}[31mred'");
        assert_eq!(line, "bad name 'a\\nb\\u{1b}[31mred'");
        assert!(!line.chars().any(char::is_control));
    }

    #[test]
    fn long_echoed_values_are_cut() {
        let name = "x".repeat(1_000_000);
        let line = one_line(&format!("queues[0].name: '{name}' is too long"));
        assert!(line.starts_with("queues[0].name: 'xxxx"), "{line}");
        assert!(line.ends_with("… is too long"), "{line}");
        assert!(line.chars().count() < 100, "{}", line.len());
        let spaced = "word ".repeat(1_000);
        assert!(one_line(&spaced).chars().count() <= MAX_LINE_CHARS + 1);
    }
}
