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
    let value = T::deserialize(&mut de).map_err(|e| match path_of(text, &e).as_str() {
        "." => one_line(&e.to_string()),
        path => one_line(&format!("{path}: {e}")),
    })?;
    de.end().map_err(|e| format!("after the JSON value: {e}"))?;
    Ok(value)
}

/// Deserializes an already parsed value (a script's step) the way [`from_json`] reads text: the
/// error names the path of the first field that does not fit, without a line and column (they
/// would be those of the value written out again, not of any file). Not yet cut to one line
/// (the caller adds where the value is).
pub fn from_value<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Result<T, String> {
    let text = value.to_string();
    serde_json::from_str(&text).map_err(|e| {
        let message = e.to_string();
        let at = format!(" at line {} column {}", e.line(), e.column());
        let message = message.strip_suffix(&at).unwrap_or(&message);
        match path_of(&text, &e).as_str() {
            "." => message.to_string(),
            path => format!("{path}: {message}"),
        }
    })
}

/// The path (`steps[3].ms`, `.` for the whole value) of the field a serde_json error is at, found
/// by scanning the text up to the error's line and column. This replaces a path-tracking
/// deserializer (serde_path_to_error), which wrapped every type's visitor a second time and cost
/// the page 19 KB gzip: here one small function runs, and only on the error path.
///
/// serde_json reports a type or value error (`Category::Data`) just after the token it read (the
/// string, the number, the closing brace of the object whose field is missing), and a syntax
/// or end-of-input error just after the byte it peeked at; the path is that of the open object keys and array
/// elements at that point: a key counts from its closing quote on. A syntax error before an
/// element's first byte is the array's, and one where a later key should be is at `?`.
///
/// One case is named one level up: an error serde finds only after a value was read whole (an
/// internally tagged enum's fields, a `deserialize_with` check) is reported after the enclosing
/// object, so when that value is the object's last one the path is the object's
/// (`faults[0]: missing field `consumer`` for `faults[0].fault`). tests/runs/paths.rs checks
/// that the path is always the field's or an enclosing one.
pub fn path_of(text: &str, error: &serde_json::Error) -> String {
    let syntax = matches!(error.classify(), serde_json::error::Category::Syntax | serde_json::error::Category::Eof);
    let bytes = text.as_bytes();
    // Line (1-based) and column (bytes since the line's start) to a byte offset.
    let line_start = if error.line() <= 1 {
        0
    } else {
        bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(error.line() - 2).map_or(bytes.len(), |(i, _)| i + 1)
    };
    let mut end = line_start.saturating_add(error.column()).min(bytes.len());
    if syntax {
        end = end.saturating_sub(1);
    }
    let mut frames: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        let byte = bytes[i];
        if let Some(Frame::Array { started, .. }) = frames.last_mut() {
            *started |= !matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b',' | b']');
        }
        match byte {
            b'{' => frames.push(Frame::Object { key: None, later: false, value: false }),
            b'[' => frames.push(Frame::Array { index: 0, started: false }),
            b'}' | b']' => {
                frames.pop();
            }
            b',' => match frames.last_mut() {
                Some(Frame::Object { key, later, value }) => {
                    *key = None;
                    *later = true;
                    *value = false;
                }
                Some(Frame::Array { index, started }) => {
                    *index += 1;
                    *started = false;
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { value, .. }) = frames.last_mut() {
                    *value = true;
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if i >= end {
                    // Inside a key: one not yet read, as a later key.
                    if let Some(Frame::Object { key: None, later, .. }) = frames.last_mut() {
                        *later = true;
                    }
                    break;
                }
                // A string where a key is expected: the key, decoded (escapes and all).
                if let Some(Frame::Object { key: key @ None, .. }) = frames.last_mut() {
                    *key = Some(serde_json::from_str(&text[start..=i]).unwrap_or_else(|_| "?".to_string()));
                }
            }
            _ => {}
        }
        i += 1;
    }
    // An unknown variant just after an object's first key: the key was an enum's variant, and the
    // error is the enum's.
    let variant = !syntax && error.to_string().starts_with("unknown variant");
    // A missing comma is found where the next key or element would start: the container's.
    let message = error.to_string();
    if syntax && (message.starts_with("expected `,` or `}`") || message.starts_with("expected `,` or `]`")) {
        match frames.last_mut() {
            Some(Frame::Object { key, later, .. }) => {
                *key = None;
                *later = true;
            }
            Some(Frame::Array { started, .. }) => *started = false,
            None => {}
        }
    }
    let mut path = String::new();
    for frame in &frames {
        let segment = match frame {
            Frame::Array { index, started } if *started || !syntax => {
                path.push_str(&format!("[{index}]"));
                continue;
            }
            Frame::Array { .. } => continue,
            Frame::Object { key: Some(_), later: false, value: false } if variant => continue,
            Frame::Object { key: Some(key), .. } => key.as_str(),
            // Before an object's first key it may be an enum's (the variant not yet read: the
            // enum's own error); before a later key it is a map's key not yet read.
            Frame::Object { key: None, later, .. } if *later && syntax => "?",
            Frame::Object { .. } => continue,
        };
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(segment);
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// An open container while [`path_of`] scans: an object, its current key (None before the key's
/// closing quote), whether a comma came (a later key) and whether the key's colon came; or an
/// array, its current element and whether the element's first byte came.
enum Frame {
    Object { key: Option<String>, later: bool, value: bool },
    Array { index: usize, started: bool },
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
