//! Reading an internally tagged enum (`{"kind": "crash_consumer", "consumer": "c1"}`,
//! `{"dist": "fixed", "ms": 5}`) by hand, from a table of its variants.
//!
//! serde's derive for an internally tagged enum writes a visitor per variant, each fed from a
//! buffer of the object (serde's `Content`, whose code the page then carries too); for a fault's
//! thirteen kinds that was the largest function of the page's wasm (23 KB before wasm-opt). This
//! reads the same way with one table of fields per enum: the tag is read as it comes (an
//! unknown one is refused where it stands), the other entries are kept as JSON values and read
//! once the object is over, so every message and the place it is reported at are the derive's.
//! Each enum's tests check that against the derive, kept there, on a corpus of right and wrong
//! values (`read_fault.rs`, `read_processing.rs`, both through [`tests::corpus`]).

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::Deserialize;
use serde_json::Value as Json;

/// An internally tagged enum: its name, its tag's key and its variants.
pub(super) struct Tagged {
    /// What the derive says it expected (`internally tagged enum Fault`).
    pub expecting: &'static str,
    /// The tag's key (`kind`).
    pub tag: &'static str,
    /// In declaration order (the order of the derive's list of variants).
    pub variants: &'static [Variant],
    /// The variants' tags, for the message naming an unknown one ([`tags`]).
    pub tags: &'static [&'static str],
    /// The derive's message for a tag given as an out-of-range index (`variant index 0 <= i < 13`).
    pub index: &'static str,
}

/// The type of a variant's field.
#[derive(Clone, Copy)]
pub(super) enum Type {
    Text,
    Count,
    Sides,
}

/// One variant: its tag, its fields (in declaration order) and the derive's name for its
/// sequence form (`struct variant Fault::KillNode with 1 element`).
pub(super) struct Variant {
    pub tag: &'static str,
    pub fields: &'static [&'static str],
    pub types: &'static [Type],
    pub seq_name: &'static str,
}

/// A field's value, read from its kept JSON.
pub(super) enum Field {
    Text(String),
    Count(u64),
    Sides(Vec<Vec<String>>),
}

/// The tags of `variants`, in order.
pub(super) const fn tags<const N: usize>(variants: &[Variant; N]) -> [&'static str; N] {
    let mut tags = [""; N];
    let mut i = 0;
    while i < N {
        tags[i] = variants[i].tag;
        i += 1;
    }
    tags
}

/// Reads a value of `of`: the index of its variant and that variant's fields (as many as it has,
/// of its types, in declaration order).
pub(super) fn read<'de, D: Deserializer<'de>>(
    deserializer: D,
    of: &'static Tagged,
) -> Result<(usize, Vec<Field>), D::Error> {
    // Read whole first, checked after: the derive's errors in the fields come out once the
    // object is over, so the reading error's path is the same.
    match deserializer.deserialize_any(Whole(of))? {
        Read::Map(v, entries) => Ok((v, map_fields::<D::Error>(&of.variants[v], entries)?)),
        Read::Seq(v, items) => Ok((v, seq_fields::<D::Error>(&of.variants[v], items)?)),
    }
}

/// The next field as a count (0 if the variant has none there: [`read`] gives it as typed).
pub(super) fn count(fields: &mut impl Iterator<Item = Field>) -> u64 {
    match fields.next() {
        Some(Field::Count(n)) => n,
        _ => 0,
    }
}

/// The next field as a text (empty if the variant has none there).
pub(super) fn text(fields: &mut impl Iterator<Item = Field>) -> String {
    match fields.next() {
        Some(Field::Text(t)) => t,
        _ => String::new(),
    }
}

/// The object or sequence a value was written as, its tag read and its other entries kept.
enum Read {
    Map(usize, Vec<(String, Json)>),
    Seq(usize, Vec<Json>),
}

/// The fields of a variant written as an object: unknown, repeated and missing ones refused, in
/// the derive's order (each entry in turn, then the missing fields in declaration order).
fn map_fields<E: de::Error>(
    variant: &Variant,
    entries: Vec<(String, Json)>,
) -> Result<Vec<Field>, E> {
    if variant.fields.is_empty() {
        // The derive's unit variants ignore whatever else the object holds.
        return Ok(Vec::new());
    }
    let mut slots: Vec<Option<Field>> = variant.fields.iter().map(|_| None).collect();
    for (key, value) in entries {
        let Some(i) = variant.fields.iter().position(|f| *f == key) else {
            return Err(E::unknown_field(&key, variant.fields));
        };
        if slots[i].is_some() {
            return Err(E::duplicate_field(variant.fields[i]));
        }
        slots[i] = Some(field(variant.types[i], value)?);
    }
    let mut fields = Vec::with_capacity(slots.len());
    for (slot, name) in slots.into_iter().zip(variant.fields) {
        fields.push(slot.ok_or_else(|| E::missing_field(name))?);
    }
    Ok(fields)
}

/// The fields of a variant written as a sequence after its tag (`["kill_node", "rabbit-2"]`).
fn seq_fields<E: de::Error>(variant: &Variant, items: Vec<Json>) -> Result<Vec<Field>, E> {
    let count = items.len();
    let mut items = items.into_iter();
    let mut fields = Vec::with_capacity(variant.types.len());
    for (i, ty) in variant.types.iter().enumerate() {
        let item = items
            .next()
            .ok_or_else(|| E::invalid_length(i, &variant.seq_name))?;
        fields.push(field(*ty, item)?);
    }
    if count > fields.len() {
        return Err(E::invalid_length(count, &InSeq(fields.len())));
    }
    Ok(fields)
}

/// The derive's message for a sequence with elements left over.
struct InSeq(usize);

impl de::Expected for InSeq {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.0 {
            1 => f.write_str("1 element in sequence"),
            n => write!(f, "{n} elements in sequence"),
        }
    }
}

/// One field's value: serde_json's message for a wrong type, as the derive gives it.
fn field<E: de::Error>(ty: Type, value: Json) -> Result<Field, E> {
    let read = match ty {
        Type::Text => String::deserialize(value).map(Field::Text),
        Type::Count => u64::deserialize(value).map(Field::Count),
        Type::Sides => Vec::<Vec<String>>::deserialize(value).map(Field::Sides),
    };
    read.map_err(|e| E::custom(e))
}

/// Reads the object (or sequence) of a value: its tag as it comes, the rest kept.
struct Whole(&'static Tagged);

impl<'de> Visitor<'de> for Whole {
    type Value = Read;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.0.expecting)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read, A::Error> {
        let mut tag = None;
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == self.0.tag {
                if tag.is_some() {
                    return Err(de::Error::duplicate_field(self.0.tag));
                }
                tag = Some(map.next_value_seed(Tag(self.0))?);
            } else {
                entries.push((key, map.next_value::<Json>()?));
            }
        }
        tag.map(|v| Read::Map(v, entries))
            .ok_or_else(|| de::Error::missing_field(self.0.tag))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Read, A::Error> {
        let tag = seq
            .next_element_seed(Tag(self.0))?
            .ok_or_else(|| de::Error::missing_field(self.0.tag))?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Json>()? {
            items.push(item);
        }
        Ok(Read::Seq(tag, items))
    }
}

/// A value's tag: the index of its variant.
#[derive(Clone, Copy)]
struct Tag(&'static Tagged);

impl<'de> DeserializeSeed<'de> for Tag {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Tag {
    type Value = usize;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("variant identifier")
    }
    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        self.0
            .tags
            .iter()
            .position(|t| *t == name)
            .ok_or_else(|| E::unknown_variant(name, self.0.tags))
    }
    fn visit_u64<E: de::Error>(self, index: u64) -> Result<usize, E> {
        match usize::try_from(index) {
            Ok(i) if i < self.0.tags.len() => Ok(i),
            _ => Err(E::invalid_value(Unexpected::Unsigned(index), &self.0.index)),
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::Tagged;

    /// Right and wrong values of `of`, each passed to `check` (which compares the hand reader with
    /// the derive and says whether it was accepted): every tag (and wrong ones) with its right
    /// fields (`good` gives a right value per field name), each missing in turn, each given twice,
    /// every name of `names` with every value of `values`, the sequence form with each of `rests`
    /// after the tag, and `others`. Returns the number of cases and of accepted ones.
    pub fn corpus(
        of: &Tagged,
        names: &[&str],
        values: &[&str],
        good: fn(&str) -> &'static str,
        rests: &[&str],
        others: &[&str],
        mut check: impl FnMut(&str) -> bool,
    ) -> (usize, usize) {
        let key = of.tag;
        let mut tags: Vec<String> = of.tags.iter().map(|t| format!("\"{t}\"")).collect();
        tags.extend(
            ["\"nope\"", "\"Heal\"", "3", "13", "-1", "null", "[]", "{}"].map(String::from),
        );
        let (mut cases, mut accepted) = (0, 0);
        let mut check = |text: String| {
            cases += 1;
            accepted += check(&text) as usize;
        };
        for tag in &tags {
            // The right fields of the variant, each missing in turn, each given twice.
            let right = of
                .tags
                .iter()
                .position(|t| format!("\"{t}\"") == *tag)
                .map_or(&[][..], |v| of.variants[v].fields);
            let all: Vec<String> = right
                .iter()
                .map(|f| format!("\"{f}\": {}", good(f)))
                .collect();
            check(format!(
                "{{\"{key}\": {tag}{}}}",
                all.iter().map(|e| format!(", {e}")).collect::<String>()
            ));
            check(format!(
                "{{{}\"{key}\": {tag}}}",
                all.iter().map(|e| format!("{e}, ")).collect::<String>()
            ));
            for skip in 0..all.len() {
                let some: String = all
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != skip)
                    .map(|(_, e)| format!(", {e}"))
                    .collect();
                check(format!("{{\"{key}\": {tag}{some}}}"));
                check(format!(
                    "{{\"{key}\": {tag}, {}, {}}}",
                    all.join(", "),
                    all[skip]
                ));
            }
            // Every name with every value, beside the right fields.
            for name in names {
                for value in values {
                    check(format!("{{\"{key}\": {tag}, \"{name}\": {value}}}"));
                    check(format!(
                        "{{\"{name}\": {value}, \"{key}\": {tag}{}}}",
                        all.iter().map(|e| format!(", {e}")).collect::<String>()
                    ));
                }
            }
            // The sequence form: the tag, then the fields in order.
            for rest in rests {
                check(format!("[{tag}{rest}]"));
            }
        }
        for other in others {
            check(other.to_string());
        }
        (cases, accepted)
    }
}
