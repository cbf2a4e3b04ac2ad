//! Test support for the hand readers (`read.rs` here, `sim/lesson/read.rs`): the shipped JSON
//! files and their mutants, on which each hand reader must agree with the serde derive it
//! replaced. One generator, so both readers are held to the same set of wrong inputs.

use serde_json::Value as Json;

/// Every `.json` file below `dir` of the crate (recursively), as (path, text), sorted by path.
pub(crate) fn json_files(dir: &str) -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                files.push((
                    path.display().to_string(),
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
    }
    files.sort();
    files
}

/// Wrong values for a field: each JSON type, out of range, a wrong name.
const WRONG: [&str; 12] = [
    "null",
    "true",
    "-1",
    "1.5",
    "18446744073709551616",
    "\"x\"",
    "\"\"",
    "[]",
    "[1]",
    "{}",
    "{\"a\": 1}",
    "\"plain\"",
];

/// Calls `each` with the mutants of `original`, pretty-printed over lines (so the errors' lines
/// and columns are compared too): each object with a key removed, a key's value replaced by
/// each wrong value (a record's by anything but an array: refused on purpose, see `read.rs`),
/// an unknown key first or last, its first key given twice, and the object replaced by a number.
pub(crate) fn mutants(original: &Json, mut each: impl FnMut(String)) {
    let mut paths = Vec::new();
    objects(original, &mut Vec::new(), &mut paths);
    for path in paths {
        let keys: Vec<String> = at(&mut original.clone(), &path)
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        for key in &keys {
            let mut v = original.clone();
            at(&mut v, &path).as_object_mut().unwrap().remove(key);
            each(serde_json::to_string_pretty(&v).unwrap());
            for wrong in WRONG {
                let mut v = original.clone();
                if wrong.starts_with('[') && at(&mut v, &path)[key.as_str()].is_object() {
                    continue;
                }
                at(&mut v, &path)[key.as_str()] = serde_json::from_str(wrong).unwrap();
                each(serde_json::to_string_pretty(&v).unwrap());
            }
        }
        // An unknown key first and last; the first key twice; a number. The object is swapped
        // for a marker string, then the marker's text for the object's edited text.
        let marker = "\u{1}marker";
        let replacements: [fn(&str, &[String]) -> String; 4] = [
            |o, _| format!("{{\"unknown\": 1, {}", &o[1..]),
            |o, _| format!("{}, \"zzz\": []}}", &o[..o.len() - 1]),
            |o, keys| match keys.first() {
                Some(k) => format!("{{\"{k}\": 0, {}", &o[1..]),
                None => o.to_string(),
            },
            |_, _| "7".to_string(),
        ];
        for replacement in replacements {
            let mut v = original.clone();
            let object = std::mem::replace(at(&mut v, &path), Json::String(marker.to_string()));
            let object = serde_json::to_string(&object).unwrap();
            let object = if object == "{}" {
                "{\"a\": 1}".to_string()
            } else {
                object
            };
            each(serde_json::to_string_pretty(&v).unwrap().replace(
                &serde_json::to_string(marker).unwrap(),
                &replacement(&object, &keys),
            ));
        }
    }
}

/// Every object in `value`, by its path of keys and indices.
fn objects(value: &Json, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Json::Object(map) => {
            out.push(path.clone());
            for (k, v) in map {
                path.push(Step::Key(k.clone()));
                objects(v, path, out);
                path.pop();
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(Step::Index(i));
                objects(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at<'a>(value: &'a mut Json, path: &[Step]) -> &'a mut Json {
    path.iter().fold(value, |v, step| match step {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}
