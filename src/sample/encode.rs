//! Encoding a [`Sample`] as the bytes that decode back to it: the writing
//! half of the byte format, the inverse of [`generate`](super::generate).

use serde_json::{Number, Value};

use super::generate::Kind;
use super::{FREE_DEPTH, LITERAL_KEY, OFF_SHAPE, Quirk, Sample};
use crate::decode::Decode;
use crate::model::{Instance, Shape};

impl Sample {
    /// The bytes that decode back to this sample through [`Arbitrary`].
    ///
    /// The round trip is exact for any sample decoded from bytes, and for a
    /// sample of any JSON value whose free-form parts (values of undocumented
    /// keys, values of the wrong type) nest at most 16 deep.
    ///
    /// [`Arbitrary`]: arbitrary::Arbitrary
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

fn put_integer(out: &mut Vec<u8>, n: i128) {
    #[allow(clippy::cast_sign_loss)]
    let z = ((n << 1) ^ (n >> 127)) as u128;
    put_varint(out, z);
}

fn put_literal(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u128);
    out.extend_from_slice(s.as_bytes());
}

/// Writes the bytes that `generate::node` reads back as `value`.
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
    use serde_json::Value;

    use super::super::{Layout, Quirk, Sample, decode};

    fn fixture(name: &str) -> Value {
        let path = format!("{}/tests/data/valid/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_slice(&text).expect("fixtures are JSON")
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
}
