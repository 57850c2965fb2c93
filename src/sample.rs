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

use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt::{self, Write as _};

use arbitrary::{Arbitrary, Unstructured};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Map, Number, Value};

use crate::decode::Decode;
use crate::lines::LineIndex;
use crate::model::Instance;
use crate::model::{Field, Format, Shape};
use crate::secret;

/// Tags at or above this give a free value of any type, whatever the field's type.
const OFF_SHAPE: u8 = 0xF8;

/// The key byte that introduces an undocumented key, spelled out.
const LITERAL_KEY: u8 = 0xFF;

/// How deep free values (off-shape values, free-form objects) nest.
const FREE_DEPTH: usize = 16;

const BOM: &str = "\u{feff}";

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
            pointer: String::new(),
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

    /// The bytes that decode back to this sample through [`Arbitrary`].
    ///
    /// The round trip is exact for any sample decoded from bytes, and for a
    /// sample of any JSON value whose free-form parts (values of undocumented
    /// keys, values of the wrong type) nest at most 16 deep.
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        encode_node(&mut out, &self.value, &Instance::SHAPE);
        out.push(self.layout.index());
        put_varint(&mut out, self.quirks.len() as u128);
        for quirk in &self.quirks {
            match *quirk {
                Quirk::Bom => out.push(0),
                Quirk::DuplicateKey { object, entry } => {
                    out.push(1);
                    put_varint(&mut out, object as u128);
                    put_varint(&mut out, entry as u128);
                }
            }
        }
        out
    }
}

impl fmt::Debug for Sample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = String::from_utf8_lossy(&self.to_bytes()).into_owned();
        f.debug_tuple("Sample").field(&text).finish()
    }
}

impl<'a> Arbitrary<'a> for Sample {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let value = node(u, &Instance::SHAPE, Kind::Plain)?;
        let layout = Layout::ALL[usize::from(u.arbitrary::<u8>()? % 4)];
        let count = count(u)?;
        let mut quirks = Vec::with_capacity(count);
        for _ in 0..count {
            let quirk = if u.arbitrary::<u8>()? % 2 == 0 {
                Quirk::Bom
            } else {
                Quirk::DuplicateKey {
                    object: small(u)?,
                    entry: small(u)?,
                }
            };
            quirks.push(quirk);
        }
        Ok(Sample {
            value,
            layout,
            quirks,
        })
    }
}

/// The text of a [`Sample`], with where each of its values and keys starts.
#[derive(Debug, Clone)]
pub struct Rendered {
    bytes: Vec<u8>,
    bom: bool,
    /// Byte offsets (after the BOM) of each value, by JSON Pointer.
    values: HashMap<String, usize>,
    /// Byte offsets of every occurrence of each key, in text order, by the pointer of its value.
    keys: HashMap<String, Vec<usize>>,
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
    values: HashMap<String, usize>,
    keys: HashMap<String, Vec<usize>>,
    /// `(object, entry)` pairs to repeat with a `null` first.
    duplicates: &'q [(usize, usize)],
    applied: usize,
    objects: usize,
    pointer: String,
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
                    crate::pointer::push_index(&mut self.pointer, i);
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
                    crate::pointer::push(&mut self.pointer, key);
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

/// What a string field holds, for generating plausible values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    Time,
    Port,
    Cidr,
    Uri,
    JsonText,
    Quantity,
    InstanceId,
    Secret,
    MapKey,
}

impl Kind {
    /// The kind of a field's strings, from the field table.
    fn of(field: &Field) -> Kind {
        if field.is_secret() {
            return Kind::Secret;
        }
        match field.facts.format {
            Some(Format::Time) => Kind::Time,
            Some(Format::Port) => Kind::Port,
            Some(Format::Cidr) => Kind::Cidr,
            Some(Format::Uri) => Kind::Uri,
            Some(Format::JsonText) => Kind::JsonText,
            Some(Format::Quantity) => Kind::Quantity,
            Some(Format::InstanceId) => Kind::InstanceId,
            None => Kind::Plain,
        }
    }

    /// Typical values and the edge cases next to them.
    fn picks(self) -> &'static [&'static str] {
        match self {
            Kind::Plain => &["", "null", "dsw-1a2b3c4d5e6f7g8h", "Running", "éß✓"],
            Kind::Time => &[
                "2026-02-20T02:15:30Z",
                "2026-03-01T08:05:00Z",
                "2021-01-12T14:36:01.123+08:00",
                "",
                "2024-02-30T00:00:00Z",
                "2026-02-20 02:15:30",
            ],
            Kind::Port => &["22", "1024", "65535", "", "0", "65536", "022", "+22"],
            Kind::Cidr => &[
                "172.16.0.0/16",
                "10.0.0.0/8",
                "fd00::/8",
                "10.0.0.1",
                "\"172.16.19.0/24\",\"172.16.2.0/24\"",
                "10.0.0.0/33",
                "",
            ],
            Kind::Uri => &[
                "oss://bucket.oss-cn-shanghai-internal.aliyuncs.com/path/",
                "nas://0c9a1b2c3d-abc12.cn-shanghai.nas.aliyuncs.com/",
                "cpfs://cpfs-0123456789abcdef.cn-shanghai/share/",
                "bmcpfs://bmcpfs-01/share/",
                "s3://bucket/",
                "/mnt/data",
                "",
            ],
            Kind::JsonText => &["{}", "{\"nfs.vers\":\"3\"}", "", "not json", "{\"a\":1,}"],
            Kind::Quantity => &["8", "32Gi", "0.5", "", "-1", "8 Gi", "1e3"],
            Kind::InstanceId => &["dsw-1a2b3c4d5e6f7g8h", "dsw-730xxxxxxxxxx", ""],
            Kind::Secret => &[
                "******",
                "LTAI****************",
                "dXNlcjoqKioqKio=",
                "dXNlcjpodW50ZXIy",
                "",
            ],
            Kind::MapKey => &[
                "PATH",
                "HF_TOKEN",
                "DB_PASSWORD",
                "PYTHONUNBUFFERED",
                "AllowedSourceCidrs",
                "",
            ],
        }
    }
}

/// A varint: LEB128, at most 19 bytes (128 bits); missing bytes read as 0.
fn varint(u: &mut Unstructured<'_>) -> arbitrary::Result<u128> {
    let mut n = 0u128;
    for shift in (0..128).step_by(7) {
        let b = u.arbitrary::<u8>()?;
        n |= u128::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            break;
        }
    }
    Ok(n)
}

fn put_varint(out: &mut Vec<u8>, mut n: u128) {
    loop {
        // The mask keeps the value below 0x80.
        #[allow(clippy::cast_possible_truncation)]
        let low = (n & 0x7F) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// A count of things that each take at least one byte, so never more than the bytes left.
fn count(u: &mut Unstructured<'_>) -> arbitrary::Result<usize> {
    let n = varint(u)?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX).min(u.len()))
}

fn small(u: &mut Unstructured<'_>) -> arbitrary::Result<usize> {
    Ok(usize::try_from(varint(u)?).unwrap_or(usize::MAX))
}

fn integer(u: &mut Unstructured<'_>) -> arbitrary::Result<Value> {
    let z = varint(u)?;
    // Zigzag: 0, -1, 1, -2, ... so small magnitudes of either sign are short.
    #[allow(clippy::cast_possible_wrap)]
    let n = (z >> 1) as i128 ^ -((z & 1) as i128);
    Ok(if let Ok(i) = i64::try_from(n) {
        Value::from(i)
    } else if let Ok(u) = u64::try_from(n) {
        Value::from(u)
    } else {
        // Too wide for a JSON integer here: the nearest float.
        #[allow(clippy::cast_precision_loss)]
        let f = n as f64;
        Number::from_f64(f).map_or(Value::Null, Value::Number)
    })
}

fn put_integer(out: &mut Vec<u8>, n: i128) {
    #[allow(clippy::cast_sign_loss)]
    let z = ((n << 1) ^ (n >> 127)) as u128;
    put_varint(out, z);
}

fn literal(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    let len = count(u)?;
    let bytes = u.bytes(len)?;
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

fn put_literal(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u128);
    out.extend_from_slice(s.as_bytes());
}

/// A value at a place of the given shape.
fn node(u: &mut Unstructured<'_>, shape: &Shape, kind: Kind) -> arbitrary::Result<Value> {
    let tag = u.arbitrary::<u8>()?;
    if tag >= OFF_SHAPE {
        return free(u, tag - OFF_SHAPE, 0);
    }
    Ok(match shape {
        Shape::String => Value::String(string(u, kind)?),
        Shape::Integer { .. } => integer(u)?,
        Shape::Boolean => Value::Bool(u.arbitrary::<u8>()? % 2 == 1),
        Shape::Enum { values, .. } => {
            let k = usize::from(u.arbitrary::<u8>()?);
            match values.get(k) {
                Some(v) => Value::from(*v),
                None => Value::String(literal(u)?),
            }
        }
        Shape::Array(item) => {
            let n = count(u)?;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(node(u, item, kind)?);
            }
            Value::Array(items)
        }
        Shape::Object(object) => {
            let fields = object.fields;
            let n = count(u)?;
            let mut map = Map::new();
            for _ in 0..n {
                let k = u.arbitrary::<u8>()?;
                match field(fields, k) {
                    Some(f) => {
                        let v = node(u, &f.shape, Kind::of(f))?;
                        map.insert(f.wire.to_owned(), v);
                    }
                    None => {
                        let key = literal(u)?;
                        let v = free_node(u, 1)?;
                        map.insert(key, v);
                    }
                }
            }
            Value::Object(map)
        }
        Shape::StringMap => {
            let n = count(u)?;
            let mut map = Map::new();
            for _ in 0..n {
                let key = map_key(u)?;
                let kind = if secret::looks_secret(&key) {
                    Kind::Secret
                } else {
                    Kind::Plain
                };
                let v = node(u, &Shape::String, kind)?;
                map.insert(key, v);
            }
            Value::Object(map)
        }
        Shape::FreeObject => free(u, 7, 1)?,
    })
}

fn field(fields: &'static [Field], k: u8) -> Option<&'static Field> {
    if k == LITERAL_KEY || fields.is_empty() {
        None
    } else {
        fields.get(usize::from(k) % fields.len())
    }
}

fn map_key(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    let k = u.arbitrary::<u8>()?;
    let picks = Kind::MapKey.picks();
    if k == LITERAL_KEY {
        literal(u)
    } else {
        Ok(picks[usize::from(k) % picks.len()].to_owned())
    }
}

/// A free value with its own tag byte.
fn free_node(u: &mut Unstructured<'_>, depth: usize) -> arbitrary::Result<Value> {
    let tag = u.arbitrary::<u8>()?;
    free(u, tag, depth)
}

/// A value of any JSON type; `kind` is taken modulo 8.
fn free(u: &mut Unstructured<'_>, kind: u8, depth: usize) -> arbitrary::Result<Value> {
    Ok(match kind % 8 {
        0 => Value::Null,
        1 => Value::Bool(false),
        2 => Value::Bool(true),
        3 => integer(u)?,
        4 => {
            let mut b = [0u8; 8];
            u.fill_buffer(&mut b)?;
            Number::from_f64(f64::from_le_bytes(b)).map_or(Value::Null, Value::Number)
        }
        5 => Value::String(literal(u)?),
        6 if depth < FREE_DEPTH => {
            let n = count(u)?;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(free_node(u, depth + 1)?);
            }
            Value::Array(items)
        }
        7 if depth < FREE_DEPTH => {
            let n = count(u)?;
            let mut map = Map::new();
            for _ in 0..n {
                let key = literal(u)?;
                let v = free_node(u, depth + 1)?;
                map.insert(key, v);
            }
            Value::Object(map)
        }
        6 => Value::Array(Vec::new()),
        _ => Value::Object(Map::new()),
    })
}

/// A string for a field of the given kind.
fn string(u: &mut Unstructured<'_>, kind: Kind) -> arbitrary::Result<String> {
    let sub = u.arbitrary::<u8>()?;
    match sub {
        0 => literal(u),
        1 => generate(u, kind),
        _ => {
            let picks = kind.picks();
            Ok(picks[usize::from(sub - 2) % picks.len()].to_owned())
        }
    }
}

/// A fresh value of the given kind, mostly well-formed, sometimes just out of range.
fn generate(u: &mut Unstructured<'_>, kind: Kind) -> arbitrary::Result<String> {
    let mut b = [0u8; 8];
    Ok(match kind {
        Kind::Plain | Kind::MapKey => literal(u)?,
        Kind::Time => {
            u.fill_buffer(&mut b)?;
            let zones = ["Z", "z", "+08:00", "-05:30", ""];
            let fractions = ["", ".5", ".123456789"];
            let separator = if b[7] / 3 % 4 == 3 { ' ' } else { 'T' };
            format!(
                "{:04}-{:02}-{:02}{separator}{:02}:{:02}:{:02}{}{}",
                1970 + u32::from(b[0]),
                b[1] % 14,
                b[2] % 33,
                b[3] % 25,
                b[4] % 61,
                b[5] % 62,
                fractions[usize::from(b[7] % 3)],
                zones[usize::from(b[6] % 5)],
            )
        }
        Kind::Port => u.arbitrary::<u16>()?.to_string(),
        Kind::Cidr => {
            u.fill_buffer(&mut b[..5])?;
            format!("{}.{}.{}.{}/{}", b[0], b[1], b[2], b[3], b[4] % 40)
        }
        Kind::Uri => {
            let schemes = [
                "oss://",
                "nas://",
                "cpfs://",
                "bmcpfs://",
                "s3://",
                "",
                "OSS://",
                "1x://",
            ];
            let scheme = schemes[usize::from(u.arbitrary::<u8>()? % 8)];
            format!("{scheme}{}", literal(u)?)
        }
        Kind::JsonText => {
            let v = free_node(u, 1)?;
            v.to_string()
        }
        Kind::Quantity => {
            let units = ["", "Gi", "Mi", "m", "G", "Ki", "e3", "GiB", " Gi", "."];
            let n = varint(u)?;
            format!("{n}{}", units[usize::from(u.arbitrary::<u8>()? % 10)])
        }
        Kind::InstanceId => format!("dsw-{}", varint(u)?),
        Kind::Secret => match u.arbitrary::<u8>()? % 4 {
            0 => "******".to_owned(),
            1 => "LTAI****************".to_owned(),
            2 => BASE64.encode(format!("user:{}", literal(u)?)),
            _ => format!("tok-{}", literal(u)?),
        },
    })
}

/// Writes the bytes that [`node`] reads back as `value`.
fn encode_node(out: &mut Vec<u8>, value: &Value, shape: &Shape) {
    match (shape, value) {
        (Shape::String, Value::String(s)) => {
            out.extend_from_slice(&[0, 0]);
            put_literal(out, s);
        }
        (Shape::Integer { .. }, Value::Number(n)) if n.is_i64() || n.is_u64() => {
            out.push(0);
            put_integer(out, number(n));
        }
        (Shape::Boolean, Value::Bool(b)) => out.extend_from_slice(&[0, u8::from(*b)]),
        (Shape::Enum { values, .. }, Value::String(s)) => {
            out.push(0);
            match values.iter().position(|v| v == s) {
                Some(k) if k < usize::from(LITERAL_KEY) => out.push(k as u8),
                _ => {
                    out.push(LITERAL_KEY);
                    put_literal(out, s);
                }
            }
        }
        (Shape::Array(item), Value::Array(items)) => {
            out.push(0);
            put_varint(out, items.len() as u128);
            for v in items {
                encode_node(out, v, item);
            }
        }
        (Shape::Object(object), Value::Object(map)) => {
            let fields = object.fields;
            out.push(0);
            put_varint(out, map.len() as u128);
            for (key, v) in map {
                match fields.iter().position(|f| f.wire == key) {
                    Some(k) if k < usize::from(LITERAL_KEY) => {
                        out.push(k as u8);
                        encode_node(out, v, &fields[k].shape);
                    }
                    _ => {
                        out.push(LITERAL_KEY);
                        put_literal(out, key);
                        encode_free(out, v, 1);
                    }
                }
            }
        }
        (Shape::StringMap, Value::Object(map)) => {
            out.push(0);
            put_varint(out, map.len() as u128);
            for (key, v) in map {
                match Kind::MapKey.picks().iter().position(|p| p == key) {
                    Some(k) => out.push(k as u8),
                    None => {
                        out.push(LITERAL_KEY);
                        put_literal(out, key);
                    }
                }
                encode_node(out, v, &Shape::String);
            }
        }
        (Shape::FreeObject, Value::Object(_)) => {
            out.push(0);
            encode_free_body(out, value, 1);
        }
        _ => {
            out.push(OFF_SHAPE + free_kind(value));
            encode_free_body(out, value, 0);
        }
    }
}

/// A JSON integer as an `i128`; the caller checked that it is one.
fn number(n: &Number) -> i128 {
    n.as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from))
        .unwrap_or_default()
}

fn free_kind(value: &Value) -> u8 {
    match value {
        Value::Null => 0,
        Value::Bool(false) => 1,
        Value::Bool(true) => 2,
        Value::Number(n) if n.is_i64() || n.is_u64() => 3,
        Value::Number(_) => 4,
        Value::String(_) => 5,
        Value::Array(_) => 6,
        Value::Object(_) => 7,
    }
}

fn encode_free(out: &mut Vec<u8>, value: &Value, depth: usize) {
    out.push(free_kind(value));
    encode_free_body(out, value, depth);
}

fn encode_free_body(out: &mut Vec<u8>, value: &Value, depth: usize) {
    match value {
        Value::Null | Value::Bool(_) => {}
        Value::Number(n) if n.is_i64() || n.is_u64() => put_integer(out, number(n)),
        Value::Number(n) => out.extend_from_slice(&n.as_f64().unwrap_or_default().to_le_bytes()),
        Value::String(s) => put_literal(out, s),
        Value::Array(_) | Value::Object(_) if depth >= FREE_DEPTH => {}
        Value::Array(items) => {
            put_varint(out, items.len() as u128);
            for v in items {
                encode_free(out, v, depth + 1);
            }
        }
        Value::Object(map) => {
            put_varint(out, map.len() as u128);
            for (key, v) in map {
                put_literal(out, key);
                encode_free(out, v, depth + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn decode(bytes: &[u8]) -> Sample {
        Sample::arbitrary(&mut Unstructured::new(bytes)).expect("any bytes decode")
    }

    fn fixture(name: &str) -> Value {
        let path = format!("{}/tests/data/valid/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_slice(&text).expect("fixtures are JSON")
    }

    #[test]
    fn empty_input_is_an_empty_compact_body() {
        let sample = decode(&[]);
        assert_eq!(sample.value(), &json!({}));
        assert_eq!(sample.to_bytes(), b"{}");
    }

    #[test]
    fn fixtures_encode_and_decode_back() {
        for name in ["modern-full.json", "official-demo-2024.json"] {
            let value = fixture(name);
            for layout in Layout::ALL {
                let sample = Sample::from_value(value.clone())
                    .with_layout(layout)
                    .with_quirk(Quirk::Bom)
                    .with_quirk(Quirk::DuplicateKey {
                        object: 3,
                        entry: 1,
                    });
                assert_eq!(decode(&sample.encode()), sample, "{name} {layout:?}");
            }
        }
    }

    #[test]
    fn decoded_samples_encode_back_to_themselves() {
        // Bytes from a fixed generator: whatever they decode to re-encodes exactly.
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for round in 0..300 {
            let bytes: Vec<u8> = (0..(round * 7 % 900))
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state.to_le_bytes()[0]
                })
                .collect();
            let sample = decode(&bytes);
            assert_eq!(decode(&sample.encode()), sample, "round {round}");
        }
    }

    #[test]
    fn typed_tags_follow_the_model() {
        // One field (Status, index 10), typed enum value 11: "Running".
        let status = Instance::OBJECT
            .fields
            .iter()
            .position(|f| f.wire == "Status")
            .unwrap();
        let sample = decode(&[0, 1, u8::try_from(status).unwrap(), 0, 11]);
        assert_eq!(sample.value(), &json!({"Status": "Running"}));
        // The same field off-shape: free kind 3, the integer -2.
        let sample = decode(&[0, 1, u8::try_from(status).unwrap(), OFF_SHAPE + 3, 3]);
        assert_eq!(sample.value(), &json!({"Status": -2}));
        // An undocumented key holding a free string.
        let sample = decode(&[0, 1, LITERAL_KEY, 1, b'x', 5, 2, b'h', b'i']);
        assert_eq!(sample.value(), &json!({"x": "hi"}));
    }

    #[test]
    fn generated_strings_have_their_field_kind() {
        let time = Instance::OBJECT
            .fields
            .iter()
            .position(|f| f.wire == "GmtCreateTime")
            .unwrap();
        let bytes = [
            0,
            1,
            u8::try_from(time).unwrap(),
            0,
            1,
            56,
            2,
            20,
            2,
            15,
            30,
            0,
            0,
        ];
        assert_eq!(
            decode(&bytes).value(),
            &json!({"GmtCreateTime": "2026-02-20T02:15:30Z"})
        );
        // ImageAuth values are encoded as the secret rule decodes them.
        assert_eq!(BASE64.encode("user:******"), "dXNlcjoqKioqKio=");
        assert!(secret::is_image_auth_masked(&BASE64.encode("user:******")));
        assert!(!secret::is_image_auth_masked(&BASE64.encode("user:pw")));
    }

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
