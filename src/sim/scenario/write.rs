//! Writing a scenario by hand: the export's pretty JSON, byte for byte what serde_json's
//! `to_string_pretty` made of the `Serialize` derives it replaces (fields in declaration order,
//! two spaces a level, the same fields left out when they hold their default).
//!
//! The derives wrote, per struct, a serializer for serde_json's pretty formatter with every
//! field's write inlined into it (about 13 KB of the page's wasm before wasm-opt); here a
//! record is a list of fields (`write_record!`) and each field is one call of one writer. The
//! derives are kept in the tests as the reference (`cfg_attr(test, derive(Serialize))`), and
//! `export_tests.rs` compares both on every shipped scenario and lesson file and their mutants.

use std::fmt::Write;

use serde_json::{Map, Value as Json};

/// A value the export can write.
pub(crate) trait Export {
    fn export(&self, out: &mut Pretty);
}

/// Pretty JSON being written, as serde_json's `PrettyFormatter` writes it: each entry of an
/// object or array on a line of its own, two spaces deeper, `"key": value`, `{}` and `[]` when
/// empty. Or, `compact`, as its `to_string` writes a `Value` (`{"key":value,…}`): the page's one
/// writer of JSON text, so serde_json's serializer (both formatters, behind `Value`'s `Display`)
/// is not in it.
pub(crate) struct Pretty {
    text: String,
    depth: usize,
    compact: bool,
}

/// An object or array being written: whether it has an entry yet.
pub(crate) struct Open {
    empty: bool,
}

impl Pretty {
    /// The pretty text of `value`.
    pub fn text(value: &dyn Export) -> String {
        Pretty::write(value, false)
    }

    /// The compact text of `value`, byte for byte `serde_json::Value::to_string`'s (and
    /// `serde_json::to_string`'s of what the record's derive wrote).
    pub fn compact(value: &dyn Export) -> String {
        Pretty::write(value, true)
    }

    fn write(value: &dyn Export, compact: bool) -> String {
        let mut out = Pretty {
            text: String::new(),
            depth: 0,
            compact,
        };
        value.export(&mut out);
        out.text
    }

    fn open(&mut self, bracket: char) -> Open {
        self.text.push(bracket);
        self.depth += 1;
        Open { empty: true }
    }

    /// Starts an entry of `open`: a new line, indented (compact: after a comma).
    fn entry(&mut self, open: &mut Open) {
        let first = std::mem::replace(&mut open.empty, false);
        if self.compact {
            if !first {
                self.text.push(',');
            }
            return;
        }
        self.text.push_str(if first { "\n" } else { ",\n" });
        self.indent();
    }

    fn close(&mut self, open: Open, bracket: char) {
        self.depth = self.depth.saturating_sub(1);
        if !open.empty && !self.compact {
            self.text.push('\n');
            self.indent();
        }
        self.text.push(bracket);
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.text.push_str("  ");
        }
    }

    /// An object: `{`, its fields, then [`Record::end`].
    pub fn record(&mut self) -> Record<'_> {
        let open = self.open('{');
        Record { out: self, open }
    }

    /// An array of `items`.
    pub fn list(&mut self, items: &mut dyn Iterator<Item = &dyn Export>) {
        let mut open = self.open('[');
        for item in items {
            self.entry(&mut open);
            item.export(self);
        }
        self.close(open, ']');
    }

    /// A JSON string, escaped as serde_json escapes one: `"` and `\`, and the control characters
    /// (`\b`, `\t`, `\n`, `\f`, `\r` by name, the others as `\u00xx`).
    pub fn string(&mut self, s: &str) {
        self.text.push('"');
        for c in s.chars() {
            match c {
                '"' => self.text.push_str("\\\""),
                '\\' => self.text.push_str("\\\\"),
                '\u{8}' => self.text.push_str("\\b"),
                '\t' => self.text.push_str("\\t"),
                '\n' => self.text.push_str("\\n"),
                '\u{c}' => self.text.push_str("\\f"),
                '\r' => self.text.push_str("\\r"),
                c if c < ' ' => {
                    let _ = write!(self.text, "\\u{:04x}", c as u32);
                }
                c => self.text.push(c),
            }
        }
        self.text.push('"');
    }

    /// Text that is already JSON (a number, `true`, `null`).
    fn raw(&mut self, text: impl std::fmt::Display) {
        let _ = write!(self.text, "{text}");
    }
}

/// An object being written (see [`Pretty::record`]).
pub(crate) struct Record<'a> {
    out: &'a mut Pretty,
    open: Open,
}

impl Record<'_> {
    pub fn field(&mut self, key: &str, value: &dyn Export) {
        self.out.entry(&mut self.open);
        self.out.string(key);
        self.out.text.push_str(if self.out.compact { ":" } else { ": " });
        value.export(self.out);
    }

    pub fn end(self) {
        self.out.close(self.open, '}');
    }
}

/// `impl Export` for a record: its fields in order, each under its name (or the key given with
/// `as`), left out when the test given with `unless` holds (the derive's `skip_serializing_if`);
/// then, with `+ rest`, the entries of the map `rest` (the derive's `flatten`).
macro_rules! write_record {
    ($ty:ty { $($field:ident $(as $key:literal)? $(unless $skip:path)?),* $(,)? } $(+ $rest:ident)?) => {
        impl $crate::sim::scenario::write::Export for $ty {
            fn export(&self, out: &mut $crate::sim::scenario::write::Pretty) {
                let mut record = out.record();
                $(
                    if !(false $(|| $skip(&self.$field))?) {
                        record.field(write_record!(@key $field $($key)?), &self.$field);
                    }
                )*
                $(
                    for (key, value) in &self.$rest {
                        record.field(key, value);
                    }
                )?
                record.end();
            }
        }
    };
    (@key $field:ident) => { stringify!($field) };
    (@key $field:ident $key:literal) => { $key };
}

pub(crate) use write_record;

impl Export for &str {
    fn export(&self, out: &mut Pretty) {
        out.string(self);
    }
}

impl Export for String {
    fn export(&self, out: &mut Pretty) {
        out.string(self);
    }
}

impl Export for bool {
    fn export(&self, out: &mut Pretty) {
        out.raw(self);
    }
}

impl Export for u32 {
    fn export(&self, out: &mut Pretty) {
        out.raw(self);
    }
}

impl Export for u64 {
    fn export(&self, out: &mut Pretty) {
        out.raw(self);
    }
}

impl Export for i64 {
    fn export(&self, out: &mut Pretty) {
        out.raw(self);
    }
}

/// As serde_json writes an `f64`: the shortest text that reads back the same (`2.0`, `0.1`,
/// `1e300`), `null` for a NaN or an infinity.
impl Export for f64 {
    fn export(&self, out: &mut Pretty) {
        Json::from(*self).export(out);
    }
}

impl<T: Export> Export for Option<T> {
    fn export(&self, out: &mut Pretty) {
        match self {
            Some(value) => value.export(out),
            None => out.raw("null"),
        }
    }
}

/// A set, as serde writes one: an array, in the set's order.
impl<T: Export + Ord> Export for crate::ordered::SortedSet<T> {
    fn export(&self, out: &mut Pretty) {
        out.list(&mut self.iter().map(|item| item as &dyn Export));
    }
}

impl<T: Export> Export for Vec<T> {
    fn export(&self, out: &mut Pretty) {
        out.list(&mut self.iter().map(|item| item as &dyn Export));
    }
}

/// A pair, as serde writes a tuple: an array of two.
impl Export for (u64, u64) {
    fn export(&self, out: &mut Pretty) {
        out.list(&mut [&self.0 as &dyn Export, &self.1].into_iter());
    }
}

impl Export for Map<String, Json> {
    fn export(&self, out: &mut Pretty) {
        let mut record = out.record();
        for (key, value) in self {
            record.field(key, value);
        }
        record.end();
    }
}

impl Export for Json {
    fn export(&self, out: &mut Pretty) {
        match self {
            Json::Null => out.raw("null"),
            Json::Bool(b) => b.export(out),
            // serde_json's own text of a number (itoa for integers, ryu for floats), as its
            // serializer writes them.
            Json::Number(n) => out.raw(n),
            Json::String(s) => out.string(s),
            Json::Array(items) => items.export(out),
            Json::Object(map) => map.export(out),
        }
    }
}
