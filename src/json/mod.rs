//! A JSON reader that remembers where every value starts.
//!
//! serde_json does not expose byte offsets of the values it builds, and
//! parsing twice to recover them would double the cost, so this reader builds
//! a [`serde_json::Value`] and, in the same single pass, a preorder table of
//! [`Span`]s. It also reports what serde_json silently accepts (duplicate keys)
//! and enforces documented limits on depth and size, so no input can overflow
//! the stack or exhaust memory.

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, Overflow};

mod build;
mod locate;
mod node;
mod scan;
mod tape;
mod value;

pub(crate) use build::Build;
pub(crate) use locate::{Doc, Locator, Places};
pub(crate) use node::{Kind, Lookup, Node};
pub(crate) use scan::{Scan, scan};
pub(crate) use tape::{Tape, TapeNode};
use value::ValueBuilder;

/// The deepest nesting of arrays and objects accepted (the same limit as serde_json's).
pub const MAX_DEPTH: usize = 128;

/// The largest input accepted, in bytes (64 MiB): four times the largest
/// body a fleet of 200,000 datasets makes, and small enough that, with
/// [`MAX_VALUES`], `diff` of two such inputs stays within 1 GiB.
pub const MAX_INPUT_BYTES: usize = 64 << 20;

/// The most JSON values (objects, arrays and scalars; keys not counted) a
/// document may hold: 2,500,000. Memory grows with values, not bytes (`[]`
/// is 2 bytes, a parsed value 72), so bytes alone bound nothing; an
/// instance with 200,000 datasets and labels holds about 2.2 million. At
/// 3 million, `diff` of two bodies of `[]`s peaked at 940 MB.
pub const MAX_VALUES: usize = 2_500_000;

/// Where a value starts, and how many values its subtree holds (itself included).
///
/// Spans are stored in preorder, so the first child of the value at index `i`
/// is at `i + 1`, and its next sibling at `i + 1 + spans[i + 1].size`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub start: u32,
    pub size: u32,
}

/// A parsed document: its value and where each part of it came from.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub value: Value,
    pub spans: Vec<Span>,
}

/// A diagnostic whose position is a byte offset rather than a pointer to resolve.
#[derive(Debug)]
pub(crate) struct Located {
    pub diagnostic: Diagnostic,
    pub offset: usize,
}

/// What reading a document gave: the document if it was JSON, and what was said on the way.
#[derive(Debug)]
pub(crate) struct Read {
    pub document: Option<Document>,
    pub diagnostics: Vec<Located>,
    /// Duplicate keys past [`MAX_DIAGNOSTICS`](crate::MAX_DIAGNOSTICS), counted.
    pub overflow: Overflow,
}

/// Reads `text` (a leading BOM already removed) as one JSON document.
pub(crate) fn read(text: &[u8]) -> Read {
    let checked = match checked(text) {
        Ok(checked) => checked,
        Err(located) => {
            return Read {
                document: None,
                diagnostics: vec![located],
                overflow: Overflow::default(),
            };
        }
    };
    let scan = scan(checked, ValueBuilder::new(text.len()));
    Read {
        document: scan.value.map(|value| Document {
            value,
            spans: scan.builder.spans,
        }),
        diagnostics: scan.diagnostics,
        overflow: scan.overflow,
    }
}

/// `text` as a string, or why it cannot be read at all: it is larger than
/// [`MAX_INPUT_BYTES`] or not UTF-8.
pub(crate) fn checked(text: &[u8]) -> Result<&str, Located> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(Located {
            diagnostic: Diagnostic::new(
                Code::JsonTooLarge,
                crate::Pointer::root(),
                format!(
                    "input is {} bytes, more than the limit of {MAX_INPUT_BYTES} bytes",
                    text.len()
                ),
            ),
            offset: 0,
        });
    }
    std::str::from_utf8(text).map_err(|e| Located {
        diagnostic: Diagnostic::new(
            Code::JsonInvalidUtf8,
            crate::Pointer::root(),
            format!(
                "invalid UTF-8: byte 0x{:02x} at offset {} does not start a valid character",
                text[e.valid_up_to()],
                e.valid_up_to()
            ),
        ),
        offset: e.valid_up_to(),
    })
}

fn offset32(n: usize) -> u32 {
    // MAX_INPUT_BYTES keeps every offset and count below u32::MAX.
    u32::try_from(n).expect("input size is limited")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ptr(text: &str) -> crate::Pointer {
        crate::Pointer::parse(text).expect("a test's pointer")
    }

    fn ok(text: &str) -> Document {
        let read = read(text.as_bytes());
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        read.document.unwrap()
    }

    fn err(text: &[u8]) -> (Code, String, usize) {
        let read = read(text);
        assert!(read.document.is_none());
        let d = read.diagnostics.into_iter().next().unwrap();
        (d.diagnostic.code, d.diagnostic.message, d.offset)
    }

    #[test]
    fn numbers_are_kept_as_written() {
        let text = "[1e999, 123456789012345678901234567890, -0, 1.10, 5E-1]";
        let read = read(text.as_bytes());
        assert!(read.diagnostics.is_empty());
        let value = read.document.expect("a document").value;
        // Every digit as written; serde_json writes exponents as `e+N`/`e-N`.
        assert_eq!(
            value.to_string(),
            "[1e+999,123456789012345678901234567890,-0,1.10,5e-1]"
        );
    }

    #[test]
    fn agrees_with_serde_json() {
        for text in [
            r#"{"a":[1,-2,3.5,-0,1e400000000000000000000000000000000000000000000000000000000000000000000000000000]}"#,
            r#"{"a":[1,-2,3.5,-0,18446744073709551616,-9223372036854775809,1E2,0.1]}"#,
            r#"{"s":"\u00e9\ud83d\ude00\n\"\\\/","t":true,"f":false,"n":null,"e":{},"l":[]}"#,
        ] {
            let ours = read(text.as_bytes());
            let theirs = serde_json::from_str::<Value>(text);
            match (ours.document, theirs) {
                (Some(doc), Ok(v)) => assert_eq!(doc.value, v, "{text}"),
                (None, Err(_)) => {}
                (a, b) => panic!("disagree on {text}: {a:?} vs {b:?}"),
            }
        }
    }

    #[test]
    fn spans_are_preorder_with_sizes() {
        let doc = ok(r#"{"a": [1, {"b": 2}], "c": "x"}"#);
        let starts: Vec<u32> = doc.spans.iter().map(|s| s.start).collect();
        let sizes: Vec<u32> = doc.spans.iter().map(|s| s.size).collect();
        assert_eq!(starts, [0, 6, 7, 10, 16, 26]);
        assert_eq!(sizes, [6, 4, 1, 2, 1, 1]);
        assert_eq!(doc.offset_of(&ptr("/c")), 26);
        assert_eq!(doc.offset_of(&ptr("/a/1/b")), 16);
        assert_eq!(doc.offset_of(&ptr("/a/9")), 6);
    }

    #[test]
    fn duplicate_key_keeps_last_value_and_consistent_spans() {
        let read = read(br#"{"a": [1, 2], "b": 3, "a": {"x": 4}}"#);
        let doc = read.document.unwrap();
        assert_eq!(read.diagnostics.len(), 1);
        assert_eq!(read.diagnostics[0].diagnostic.code, Code::JsonDuplicateKey);
        assert_eq!(read.diagnostics[0].diagnostic.pointer, "/a");
        assert_eq!(read.diagnostics[0].offset, 22);
        assert_eq!(doc.value, serde_json::json!({"a": {"x": 4}, "b": 3}));
        assert_eq!(doc.offset_of(&ptr("/a/x")), 33);
        assert_eq!(doc.offset_of(&ptr("/b")), 19);
        assert_eq!(doc.spans.len(), 4);
    }

    #[test]
    fn many_repeated_keys_keep_every_span_in_place() {
        // Keys repeated in turns, values of varying shape, an object nested
        // in one: each pointer finds its last value's text.
        let mut body = String::from("{");
        for round in 0..5 {
            for key in 0..40 {
                let value = match (round + key) % 3 {
                    0 => format!("1{round}{key}"),
                    1 => format!("[{round}, {{\"k{key}\": {round}}}]"),
                    _ => format!("{{\"r\": {round}, \"k\": [{key}]}}"),
                };
                body.push_str(&format!("\"k{key}\": {value}, "));
            }
        }
        body.push_str("\"end\": {\"a\": 1, \"a\": [2, 3]}}");
        let read = read(body.as_bytes());
        let doc = read.document.unwrap();
        let reference: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(doc.value, reference);
        assert_eq!(read.diagnostics.len(), 4 * 40 + 1);
        // One span per value of the final tree, in preorder.
        fn count(v: &Value) -> usize {
            1 + match v {
                Value::Array(items) => items.iter().map(count).sum(),
                Value::Object(map) => map.values().map(count).sum(),
                _ => 0,
            }
        }
        assert_eq!(doc.spans.len(), count(&doc.value));
        for key in 0..40 {
            let pointer = format!("/k{key}");
            let at = doc.offset_of(&ptr(&pointer));
            let parsed: Value = serde_json::Deserializer::from_str(&body[at..])
                .into_iter()
                .next()
                .unwrap()
                .unwrap();
            assert_eq!(&parsed, doc.value.pointer(&pointer).unwrap(), "{pointer}");
        }
        let at = doc.offset_of(&ptr("/end/a/1"));
        assert_eq!(&body[at..at + 1], "3");
    }

    #[test]
    fn input_over_the_limit_is_refused_before_reading() {
        let big = vec![b' '; MAX_INPUT_BYTES + 1];
        let (code, message, offset) = err(&big);
        assert_eq!((code, offset), (Code::JsonTooLarge, 0));
        assert!(
            message.contains(&format!("{} bytes", MAX_INPUT_BYTES + 1)),
            "{message}"
        );
    }

    #[test]
    fn documents_hold_at_most_max_values() {
        // The root array and its elements.
        let body = |elements: usize| format!("[{}]", vec!["0"; elements].join(","));
        assert!(read(body(MAX_VALUES - 1).as_bytes()).diagnostics.is_empty());
        let (code, message, _) = err(body(MAX_VALUES).as_bytes());
        assert_eq!(code, Code::JsonTooLarge);
        assert_eq!(
            message,
            format!("the document holds more than the limit of {MAX_VALUES} values")
        );
    }

    #[test]
    fn errors_have_codes_and_offsets() {
        assert_eq!(err(b"").0, Code::JsonEmpty);
        assert_eq!(err(b"  \n ").0, Code::JsonEmpty);
        assert_eq!(err(b"{\"a\":1,}").0, Code::JsonSyntax);
        assert_eq!(
            err(b"{\"a\":1} x"),
            (
                Code::JsonSyntax,
                "trailing characters after the JSON value".into(),
                8
            )
        );
        assert_eq!(err(b"{\"a\":\xff}").0, Code::JsonInvalidUtf8);
        assert_eq!(err(b"{\"a\":tru}").0, Code::JsonSyntax);
        assert_eq!(err(b"\"\\ud800\"").0, Code::JsonSyntax);
        assert_eq!(err(b"{\"a\":\"x").0, Code::JsonSyntax);
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert_eq!(err(deep.as_bytes()).0, Code::JsonTooDeep);
        let nested_ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(read(nested_ok.as_bytes()).document.is_some());
    }

    #[test]
    fn error_pointer_names_the_open_path() {
        let read = read(br#"{"Datasets": [{"Uri": "a"}, {"Uri": tru}]}"#);
        assert_eq!(read.diagnostics[0].diagnostic.pointer, "/Datasets/1/Uri");
    }

    #[test]
    fn long_arrays_are_indexed_once_and_agree() {
        let items: Vec<String> = (0..40)
            .map(|i| format!("{{\"k\": [{i}, {{\"x\": {i}}}]}}"))
            .collect();
        let text = format!("{{\"a\": [{}]}}", items.join(", "));
        let doc = read(text.as_bytes()).document.expect("valid JSON");
        let mut elements = super::locate::Elements::default();
        for i in (0..40).rev() {
            for pointer in [format!("/a/{i}"), format!("/a/{i}/k/1/x")] {
                assert_eq!(
                    doc.offset_in(&ptr(&pointer), &mut elements),
                    doc.offset_of(&ptr(&pointer)),
                    "{pointer}"
                );
            }
        }
        assert_eq!(elements.0.len(), 1, "only /a is long enough to index");
    }
}
