//! Writing the text of a [`Sample`]: its layout and quirks, and the
//! [`Rendered`] positions of every value and key in it.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt::{self, Write as _};

use serde_json::Value;

use super::{Layout, Quirk, Sample};
use crate::lines::LineIndex;
use crate::pointer::Pointer;

const BOM: &str = "\u{feff}";

impl Sample {
    /// Whether the rendered text repeats a key in some object.
    #[must_use]
    pub fn has_duplicate_key(&self) -> bool {
        self.render().repeated_keys() > 0
    }

    /// The body as JSON text, with its layout and quirks.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.render().bytes
    }

    /// The body as JSON text, with where each value and key of it starts.
    #[must_use]
    pub fn render(&self) -> Rendered {
        let mut objects = 0;
        count_objects(&self.value, &mut objects);
        let mut duplicates = Vec::new();
        for quirk in &self.quirks {
            if let Quirk::DuplicateKey { object, entry } = *quirk {
                if objects > 0 {
                    duplicates.push((object % objects, entry));
                }
            }
        }
        let mut writer = Writer {
            text: String::new(),
            layout: self.layout,
            values: HashMap::new(),
            keys: HashMap::new(),
            duplicates: &duplicates,
            applied: 0,
            objects: 0,
            pointer: Pointer::root(),
        };
        writer.value(&self.value, 0);
        let Writer {
            text,
            values,
            keys,
            applied,
            ..
        } = writer;
        let bom = self.quirks.contains(&Quirk::Bom);
        let mut bytes = Vec::with_capacity(text.len() + 3);
        if bom {
            bytes.extend_from_slice(BOM.as_bytes());
        }
        bytes.extend_from_slice(text.as_bytes());
        Rendered {
            bytes,
            bom,
            values,
            keys,
            duplicates: applied,
            lines: OnceCell::new(),
        }
    }
}

impl fmt::Debug for Sample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = String::from_utf8_lossy(&self.to_bytes()).into_owned();
        f.debug_tuple("Sample").field(&text).finish()
    }
}

impl Layout {
    /// Line end, indent unit, key separator and item separator.
    fn tokens(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Layout::Compact => ("", "", ":", ","),
            Layout::Pretty => ("\n", "  ", ": ", ","),
            Layout::Tabs => ("\r\n", "\t", ":", ","),
            Layout::Loose => (" ", "", " : ", " ,"),
        }
    }
}

/// The text of a [`Sample`], with where each of its values and keys starts.
#[derive(Debug, Clone)]
pub struct Rendered {
    bytes: Vec<u8>,
    bom: bool,
    /// Byte offsets (after the BOM) of each value, by JSON Pointer.
    values: HashMap<Pointer, usize>,
    /// Byte offsets of every occurrence of each key, in text order, by the pointer of its value.
    keys: HashMap<Pointer, Vec<usize>>,
    duplicates: usize,
    /// The lines of the text after the BOM, indexed on first use.
    lines: OnceCell<LineIndex>,
}

impl Rendered {
    /// The text, byte order mark included.
    #[must_use]
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The 1-based line and column (in Unicode scalar values) where the value
    /// at `pointer` starts, or `None` if there is no such value.
    ///
    /// Positions count from after a byte order mark, as dswcheck's do.
    #[must_use]
    pub fn value_position(&self, pointer: &str) -> Option<(u32, u32)> {
        self.values.get(pointer).map(|&at| self.position(at))
    }

    /// The position of the opening quote of the key whose value is at
    /// `pointer`, its last occurrence when the key is repeated.
    #[must_use]
    pub fn key_position(&self, pointer: &str) -> Option<(u32, u32)> {
        self.keys
            .get(pointer)
            .and_then(|all| all.last())
            .map(|&at| self.position(at))
    }

    /// The positions of every occurrence of the key whose value is at
    /// `pointer`, in text order: one, or more for a repeated key.
    #[must_use]
    pub fn key_positions(&self, pointer: &str) -> Vec<(u32, u32)> {
        self.keys
            .get(pointer)
            .map(|all| all.iter().map(|&at| self.position(at)).collect())
            .unwrap_or_default()
    }

    /// How many repeated occurrences of keys the text has (a key written
    /// three times counts two).
    #[must_use]
    pub fn repeated_keys(&self) -> usize {
        self.duplicates
    }

    /// The position of a byte offset after the BOM, as dswcheck gives it.
    fn position(&self, offset: usize) -> (u32, u32) {
        let text = &self.bytes[if self.bom { BOM.len() } else { 0 }..];
        self.lines
            .get_or_init(|| LineIndex::new(text))
            .position(text, offset)
    }
}

fn count_objects(value: &Value, n: &mut usize) {
    match value {
        Value::Object(map) => {
            *n += 1;
            map.values().for_each(|v| count_objects(v, n));
        }
        Value::Array(items) => items.iter().for_each(|v| count_objects(v, n)),
        _ => {}
    }
}

/// Writes JSON text in a layout, recording where values and keys start.
struct Writer<'q> {
    text: String,
    layout: Layout,
    values: HashMap<Pointer, usize>,
    keys: HashMap<Pointer, Vec<usize>>,
    /// `(object, entry)` pairs to repeat with a `null` first.
    duplicates: &'q [(usize, usize)],
    applied: usize,
    objects: usize,
    pointer: Pointer,
}

impl Writer<'_> {
    fn line(&mut self, depth: usize) {
        let (end, indent, _, _) = self.layout.tokens();
        self.text.push_str(end);
        for _ in 0..depth {
            self.text.push_str(indent);
        }
    }

    fn string(&mut self, s: &str) {
        // Serializing a string cannot fail.
        let quoted = serde_json::to_string(s).unwrap_or_default();
        self.text.push_str(&quoted);
    }

    fn value(&mut self, value: &Value, depth: usize) {
        self.values.insert(self.pointer.clone(), self.text.len());
        let (_, _, colon, comma) = self.layout.tokens();
        match value {
            Value::Array(items) if !items.is_empty() => {
                self.text.push('[');
                let len = self.pointer.len();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.text.push_str(comma);
                    }
                    self.line(depth + 1);
                    self.pointer.push_index(i);
                    self.value(item, depth + 1);
                    self.pointer.truncate(len);
                }
                self.line(depth);
                self.text.push(']');
            }
            Value::Object(map) if !map.is_empty() => {
                let index = self.objects;
                self.objects += 1;
                self.text.push('{');
                let len = self.pointer.len();
                for (i, (key, item)) in map.iter().enumerate() {
                    if i > 0 {
                        self.text.push_str(comma);
                    }
                    let repeat = self
                        .duplicates
                        .iter()
                        .filter(|&&(o, e)| o == index && e % map.len() == i)
                        .count();
                    self.pointer.push(key);
                    let mut offsets = Vec::with_capacity(repeat + 1);
                    for _ in 0..repeat {
                        self.line(depth + 1);
                        offsets.push(self.text.len());
                        self.string(key);
                        self.text.push_str(colon);
                        self.text.push_str("null");
                        self.text.push_str(comma);
                        self.applied += 1;
                    }
                    self.line(depth + 1);
                    offsets.push(self.text.len());
                    self.keys.insert(self.pointer.clone(), offsets);
                    self.string(key);
                    self.text.push_str(colon);
                    self.value(item, depth + 1);
                    self.pointer.truncate(len);
                }
                self.line(depth);
                self.text.push('}');
            }
            Value::Object(_) => {
                self.objects += 1;
                self.text.push_str("{}");
            }
            Value::Array(_) => self.text.push_str("[]"),
            Value::String(s) => self.string(s),
            scalar => {
                let _ = write!(self.text, "{scalar}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::{Layout, Quirk, Sample};

    #[test]
    fn layouts_and_positions() {
        let value = json!({"a": [1, {"b": "é"}], "c": {}});
        let pretty = Sample::from_value(value.clone())
            .with_layout(Layout::Pretty)
            .render();
        assert_eq!(
            String::from_utf8(pretty.bytes().to_vec()).unwrap(),
            serde_json::to_string_pretty(&value).unwrap()
        );
        assert_eq!(pretty.value_position("/a/1/b"), Some((5, 12)));
        assert_eq!(pretty.key_position("/c"), Some((8, 3)));
        assert_eq!(pretty.value_position("/x"), None);
        let loose = Sample::from_value(value)
            .with_layout(Layout::Loose)
            .with_quirk(Quirk::Bom);
        let rendered = loose.render();
        assert_eq!(
            String::from_utf8(rendered.bytes().to_vec()).unwrap(),
            "\u{feff}{ \"a\" : [ 1 , { \"b\" : \"é\" } ] , \"c\" : {} }"
        );
        assert_eq!(rendered.value_position(""), Some((1, 1)));
        assert_eq!(rendered.value_position("/c"), Some((1, 39)));
    }

    #[test]
    fn duplicate_keys_repeat_with_null_first() {
        let sample =
            Sample::from_value(json!({"a": {"x": 1, "y": 2}})).with_quirk(Quirk::DuplicateKey {
                object: 1,
                entry: 3,
            });
        assert_eq!(sample.to_bytes(), br#"{"a":{"x":1,"y":null,"y":2}}"#);
        assert!(sample.has_duplicate_key());
        assert_eq!(sample.render().key_position("/a/y"), Some((1, 22)));
        let twice = sample.with_quirk(Quirk::DuplicateKey {
            object: 3,
            entry: 1,
        });
        assert_eq!(
            twice.to_bytes(),
            br#"{"a":{"x":1,"y":null,"y":null,"y":2}}"#
        );
        assert_eq!(
            twice.render().key_positions("/a/y"),
            [(1, 13), (1, 22), (1, 31)]
        );
        assert_eq!(twice.render().repeated_keys(), 2);
        let none = Sample::from_value(json!({"a": {}})).with_quirk(Quirk::DuplicateKey {
            object: 1,
            entry: 0,
        });
        assert!(!none.has_duplicate_key());
    }

    #[test]
    fn debug_is_a_reproducer() {
        let sample = Sample::from_value(json!({"Status": "Running"})).with_quirk(Quirk::Bom);
        assert_eq!(
            format!("{sample:?}"),
            r#"Sample("\u{feff}{\"Status\":\"Running\"}")"#
        );
    }
}
