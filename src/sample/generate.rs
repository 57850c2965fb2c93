//! Decoding fuzzer bytes into a [`Sample`]: the reading half of the byte
//! format described in the [module documentation](super), and the plausible
//! values of each kind of string field.

use arbitrary::{Arbitrary, Unstructured};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Map, Number, Value};

use super::{FREE_DEPTH, LITERAL_KEY, Layout, OFF_SHAPE, Quirk, Sample};
use crate::decode::Decode;
use crate::model::Instance;
use crate::model::{Field, Format, Shape};
use crate::secret;

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

/// What a string field holds, for generating plausible values: the field
/// table's format, or what the table says of no format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Plain,
    Format(Format),
    Secret,
    MapKey,
}

impl Kind {
    /// The kind of a field's strings, from the field table.
    fn of(field: &Field) -> Kind {
        if field.is_secret() {
            return Kind::Secret;
        }
        field.facts.format.map_or(Kind::Plain, Kind::Format)
    }

    /// Typical values and the edge cases next to them.
    pub(super) fn picks(self) -> &'static [&'static str] {
        match self {
            Kind::Plain => &["", "null", "dsw-1a2b3c4d5e6f7g8h", "Running", "éß✓"],
            Kind::Format(Format::Time) => &[
                "2026-02-20T02:15:30Z",
                "2026-03-01T08:05:00Z",
                "2021-01-12T14:36:01.123+08:00",
                "",
                "2024-02-30T00:00:00Z",
                "2026-02-20 02:15:30",
            ],
            Kind::Format(Format::Port) => &["22", "1024", "65535", "", "0", "65536", "022", "+22"],
            Kind::Format(Format::Cidr) => &[
                "172.16.0.0/16",
                "10.0.0.0/8",
                "fd00::/8",
                "10.0.0.1",
                "\"172.16.19.0/24\",\"172.16.2.0/24\"",
                "10.0.0.0/33",
                "",
            ],
            Kind::Format(Format::Uri) => &[
                "oss://bucket.oss-cn-shanghai-internal.aliyuncs.com/path/",
                "nas://0c9a1b2c3d-abc12.cn-shanghai.nas.aliyuncs.com/",
                "cpfs://cpfs-0123456789abcdef.cn-shanghai/share/",
                "bmcpfs://bmcpfs-01/share/",
                "s3://bucket/",
                "/mnt/data",
                "",
            ],
            Kind::Format(Format::JsonText) => {
                &["{}", "{\"nfs.vers\":\"3\"}", "", "not json", "{\"a\":1,}"]
            }
            Kind::Format(Format::Quantity) => &["8", "32Gi", "0.5", "", "-1", "8 Gi", "1e3"],
            Kind::Format(Format::InstanceId) => &["dsw-1a2b3c4d5e6f7g8h", "dsw-730xxxxxxxxxx", ""],
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

fn literal(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    let len = count(u)?;
    let bytes = u.bytes(len)?;
    Ok(String::from_utf8_lossy(bytes).into_owned())
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
        Kind::Format(Format::Time) => {
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
        Kind::Format(Format::Port) => u.arbitrary::<u16>()?.to_string(),
        Kind::Format(Format::Cidr) => {
            u.fill_buffer(&mut b[..5])?;
            format!("{}.{}.{}.{}/{}", b[0], b[1], b[2], b[3], b[4] % 40)
        }
        Kind::Format(Format::Uri) => {
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
        Kind::Format(Format::JsonText) => {
            let v = free_node(u, 1)?;
            v.to_string()
        }
        Kind::Format(Format::Quantity) => {
            let units = ["", "Gi", "Mi", "m", "G", "Ki", "e3", "GiB", " Gi", "."];
            let n = varint(u)?;
            format!("{n}{}", units[usize::from(u.arbitrary::<u8>()? % 10)])
        }
        Kind::Format(Format::InstanceId) => format!("dsw-{}", varint(u)?),
        Kind::Secret => match u.arbitrary::<u8>()? % 4 {
            0 => "******".to_owned(),
            1 => "LTAI****************".to_owned(),
            2 => BASE64.encode(format!("user:{}", literal(u)?)),
            _ => format!("tok-{}", literal(u)?),
        },
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::decode;
    use super::*;

    #[test]
    fn empty_input_is_an_empty_compact_body() {
        let sample = decode(&[]);
        assert_eq!(sample.value(), &json!({}));
        assert_eq!(sample.to_bytes(), b"{}");
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
}
