//! Structured fuzz inputs: GetInstance bodies described by choices that
//! follow the model.
//!
//! A [`Sample`] is decoded from fuzzer bytes by walking the model's own shape,
//! so every documented field and enum value is one byte away, and values look
//! like what the API sends (RFC 3339 times, ports, CIDR blocks, quantities,
//! masked secrets) until the fuzzer decides otherwise: any value can turn into
//! another JSON type, any object can gain undocumented keys, and the text can
//! be laid out in several ways, carry a byte order mark or repeat a key.
//!
//! The [`Arbitrary`] implementation is written by hand rather than derived: a
//! derive cannot follow the model's shape without a copy of its field list,
//! and a hand-written format can be inverted. [`Sample::encode`] gives the
//! bytes that decode back to a sample, which is how fuzz seeds are built from
//! the JSON files under `tests/data/`.
//!
//! # Byte format
//!
//! Everything reads as defaults once the bytes run out (tag 0, count 0), so
//! any byte string is a sample.
//!
//! - `sample = node(Instance) layout:u8 count:varint quirk*`
//! - `node(shape)`: a tag byte. Tags `0xF8..=0xFF` give a free value of any
//!   type, `free(tag - 0xF8)`; other tags give a value of the shape's type:
//!   - string: `sub:u8`, then `0` a literal, `1` a value generated for the
//!     field (a time, a port, a CIDR block...), `2..` a pick from a list of
//!     typical and edge-case values for the field;
//!   - integer: a zigzag LEB128 integer (up to 128 bits);
//!   - boolean: a byte, odd for `true`;
//!   - enum: `k:u8`, the `k`th documented value, or a literal when `k` is past the list;
//!   - array: `count:varint`, then `count` nodes of the item shape;
//!   - object: `count:varint`, then `count` pairs of `k:u8` (`0xFF`: a literal
//!     undocumented key; otherwise field `k` modulo the field count) and a node;
//!   - string map and free-form object: `count:varint`, then pairs of a key and a value.
//! - `free(kind)`: `0` null, `1` false, `2` true, `3` integer, `4` an
//!   `f64` in 8 little-endian bytes, `5` literal, `6` array, `7` object.
//! - `literal = len:varint` then `len` bytes, read as UTF-8 (lossily).
//! - `layout`: compact, pretty, tabs with CRLF, or loose spacing.
//! - `quirk`: `0` a byte order mark, `1 object:varint entry:varint` a duplicate key.
//!
//! Counts and lengths are capped by the bytes left, and free values nest at
//! most 16 deep, so decoding is linear in the input.
//!
//! [`Arbitrary`]: arbitrary::Arbitrary

use serde_json::Value;

mod encode;
mod generate;
mod render;

pub use render::Rendered;

/// Tags at or above this give a free value of any type, whatever the field's type.
const OFF_SHAPE: u8 = 0xF8;

/// The key byte that introduces an undocumented key, spelled out.
const LITERAL_KEY: u8 = 0xFF;

/// How deep free values (off-shape values, free-form objects) nest.
const FREE_DEPTH: usize = 16;

/// A GetInstance body for fuzzing: a JSON value, how its text is laid out,
/// and the quirks of that text.
///
/// Build one from fuzzer bytes with [`Arbitrary`], or from a JSON value with
/// [`Sample::from_value`]; render it with [`Sample::to_bytes`] or
/// [`Sample::render`]. Its `Debug` form is the rendered text as a Rust string
/// literal, ready to paste into a regression test.
///
/// # Examples
///
/// ```
/// use arbitrary::{Arbitrary, Unstructured};
/// use dswcheck::arbitrary::Sample;
///
/// // An object (tag 0) with one entry: the 8th documented field, InstanceId,
/// // a typed string (tag 0) set to the first typical instance ID (pick 2).
/// let sample = Sample::arbitrary(&mut Unstructured::new(&[0, 1, 7, 0, 2]))?;
/// assert_eq!(sample.value(), &serde_json::json!({"InstanceId": "dsw-1a2b3c4d5e6f7g8h"}));
///
/// let again = Sample::arbitrary(&mut Unstructured::new(&sample.encode()))?;
/// assert_eq!(again, sample);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`Arbitrary`]: arbitrary::Arbitrary
#[derive(Clone, PartialEq)]
pub struct Sample {
    value: Value,
    layout: Layout,
    quirks: Vec<Quirk>,
}

/// How the text of a [`Sample`] is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// No whitespace at all.
    Compact,
    /// Two-space indents and `\n` line ends, like `serde_json::to_string_pretty`.
    Pretty,
    /// Tab indents and `\r\n` line ends.
    Tabs,
    /// One line with spaces around every `:` and `,`.
    Loose,
}

impl Layout {
    /// Every layout, in byte-format order.
    pub const ALL: [Layout; 4] = [Layout::Compact, Layout::Pretty, Layout::Tabs, Layout::Loose];

    fn index(self) -> u8 {
        match self {
            Layout::Compact => 0,
            Layout::Pretty => 1,
            Layout::Tabs => 2,
            Layout::Loose => 3,
        }
    }
}

/// Something in the text of a [`Sample`] that its JSON value does not show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quirk {
    /// The text starts with a UTF-8 byte order mark.
    Bom,
    /// One key of one object appears twice: first with `null`, then with its
    /// value, so the value is still the last one.
    DuplicateKey {
        /// Which object, in document order, counting from 0 and wrapping around.
        object: usize,
        /// Which of its entries, counting from 0 and wrapping around.
        entry: usize,
    },
}

impl Sample {
    /// A compact sample of `value`, without quirks.
    #[must_use]
    pub fn from_value(value: Value) -> Sample {
        Sample {
            value,
            layout: Layout::Compact,
            quirks: Vec::new(),
        }
    }

    /// The same sample laid out another way.
    #[must_use]
    pub fn with_layout(mut self, layout: Layout) -> Sample {
        self.layout = layout;
        self
    }

    /// The same sample with one more quirk.
    #[must_use]
    pub fn with_quirk(mut self, quirk: Quirk) -> Sample {
        self.quirks.push(quirk);
        self
    }

    /// The JSON data of the body: what a correct parse gives back.
    #[must_use]
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// How the text is laid out.
    #[must_use]
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// The quirks of the text, in the order they were added.
    #[must_use]
    pub fn quirks(&self) -> &[Quirk] {
        &self.quirks
    }
}

/// The sample that `bytes` decode to, for the tests of each part of the format.
#[cfg(test)]
fn decode(bytes: &[u8]) -> Sample {
    use arbitrary::{Arbitrary as _, Unstructured};
    Sample::arbitrary(&mut Unstructured::new(bytes)).expect("any bytes decode")
}
