//! A JSON reader that remembers where every value starts.
//!
//! serde_json does not expose byte offsets of the values it builds, and
//! parsing twice to recover them would double the cost, so this reader builds
//! a [`serde_json::Value`] and, in the same single pass, a preorder table of
//! [`Span`]s. It also reports what serde_json silently accepts (duplicate keys)
//! and enforces documented limits on depth and size, so no input can overflow
//! the stack or exhaust memory.

use std::borrow::Cow;

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, Overflow};
use crate::pointer;

mod build;
mod locate;
mod node;
mod tape;
mod value;

pub(crate) use build::Build;
pub(crate) use locate::Elements;
pub(crate) use node::{Kind, Lookup, Node};
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
                "",
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
            "",
            format!(
                "invalid UTF-8: byte 0x{:02x} at offset {} does not start a valid character",
                text[e.valid_up_to()],
                e.valid_up_to()
            ),
        ),
        offset: e.valid_up_to(),
    })
}

/// What one scan of a text gave: the root value if the text was JSON, the
/// builder (holding whatever else it built) and what was said on the way.
pub(crate) struct Scan<V, B> {
    pub value: Option<V>,
    pub builder: B,
    pub diagnostics: Vec<Located>,
    pub overflow: Overflow,
}

/// Scans `text` as one JSON document, building it with `builder`: the one
/// grammar, with its limits and diagnostics, whatever the representation.
pub(crate) fn scan<'a, B: Build<'a>>(text: &'a str, builder: B) -> Scan<B::Value, B> {
    let mut reader = Reader {
        src: text.as_bytes(),
        text,
        pos: 0,
        depth: 0,
        builder,
        path: Vec::new(),
        diagnostics: Vec::new(),
        overflow: Overflow::default(),
    };
    reader.skip_ws();
    if reader.pos == text.len() {
        reader.diagnostics.push(Located {
            diagnostic: Diagnostic::new(Code::JsonEmpty, "", "empty input: expected a JSON object"),
            offset: reader.pos,
        });
        return reader.into_scan(None);
    }
    let value = match reader.value() {
        Ok(value) => {
            reader.skip_ws();
            if reader.pos < text.len() {
                let _: Result<(), Stop> = reader.fail(
                    Code::JsonSyntax,
                    "trailing characters after the JSON value".into(),
                );
                None
            } else {
                Some(value)
            }
        }
        Err(Stop) => None,
    };
    reader.into_scan(value)
}

/// A fatal error was recorded; unwinding the recursion.
struct Stop;

/// One step of the path to the value being read, kept cheap until a pointer is needed.
enum Step {
    Index(usize),
    /// The raw (still escaped) bytes of an object key.
    Key(usize, usize),
}

struct Reader<'a, B> {
    src: &'a [u8],
    /// The same input as `src`, checked as UTF-8 once so strings are sliced, not re-checked.
    text: &'a str,
    pos: usize,
    depth: usize,
    builder: B,
    path: Vec<Step>,
    diagnostics: Vec<Located>,
    overflow: Overflow,
}

impl<'a, B: Build<'a>> Reader<'a, B> {
    fn into_scan(self, value: Option<B::Value>) -> Scan<B::Value, B> {
        Scan {
            value,
            builder: self.builder,
            diagnostics: self.diagnostics,
            overflow: self.overflow,
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.src.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn fail<T>(&mut self, code: Code, message: String) -> Result<T, Stop> {
        let pointer = self.pointer();
        self.diagnostics.push(Located {
            diagnostic: Diagnostic::new(code, pointer, message),
            offset: self.pos,
        });
        Err(Stop)
    }

    fn pointer(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            match *step {
                Step::Index(i) => pointer::push_index(&mut out, i),
                Step::Key(start, end) => {
                    let key = unescape(&self.src[start..end]).unwrap_or_default();
                    pointer::push(&mut out, &key);
                }
            }
        }
        out
    }

    fn unexpected<T>(&mut self, what: &str) -> Result<T, Stop> {
        match self.peek() {
            None => self.fail(
                Code::JsonSyntax,
                format!("unexpected end of input while parsing {what}"),
            ),
            Some(b) => {
                let shown = describe_byte(self.src, self.pos, b);
                self.fail(Code::JsonSyntax, format!("expected {what}, found {shown}"))
            }
        }
    }

    fn value(&mut self) -> Result<B::Value, Stop> {
        if self.builder.values() == MAX_VALUES {
            return self.fail(
                Code::JsonTooLarge,
                format!("the document holds more than the limit of {MAX_VALUES} values"),
            );
        }
        let start = self.pos;
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => {
                let s = self.string()?;
                Ok(self.builder.string(s, start))
            }
            Some(b't') => {
                self.literal("true")?;
                Ok(self.builder.bool(true, start))
            }
            Some(b'f') => {
                self.literal("false")?;
                Ok(self.builder.bool(false, start))
            }
            Some(b'n') => {
                self.literal("null")?;
                Ok(self.builder.null(start))
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => self.unexpected("a JSON value"),
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), Stop> {
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            self.fail(
                Code::JsonSyntax,
                format!("invalid literal: expected `{word}`"),
            )
        }
    }

    fn enter(&mut self) -> Result<(), Stop> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.fail(
                Code::JsonTooDeep,
                format!("arrays and objects nest deeper than the limit of {MAX_DEPTH}"),
            );
        }
        Ok(())
    }

    fn array(&mut self) -> Result<B::Value, Stop> {
        self.enter()?;
        let mut array = self.builder.begin_array(self.pos);
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(self.builder.end_array(array, self.pos));
        }
        let mut index = 0;
        loop {
            self.skip_ws();
            self.path.push(Step::Index(index));
            let value = self.value()?;
            self.builder.element(&mut array, value);
            index += 1;
            self.path.pop();
            if self.closed(b']', "`,` or `]` in an array")? {
                break;
            }
        }
        self.depth -= 1;
        Ok(self.builder.end_array(array, self.pos))
    }

    /// After a member or element: steps over a `,` (`false`, more follow)
    /// or the closing `close` (`true`), or fails expecting `what`.
    fn closed(&mut self, close: u8, what: &str) -> Result<bool, Stop> {
        self.skip_ws();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(false)
            }
            Some(b) if b == close => {
                self.pos += 1;
                Ok(true)
            }
            _ => self.unexpected(what),
        }
    }

    fn object(&mut self) -> Result<B::Value, Stop> {
        self.enter()?;
        let mut object = self.builder.begin_object(self.pos);
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(self.builder.end_object(object, self.pos));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                self.unexpected("a string key in an object")?;
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_end = self.pos - 1;
            self.builder.key(&mut object, key, key_start);
            self.path.push(Step::Key(key_start + 1, key_end));
            self.skip_ws();
            if self.peek() != Some(b':') {
                self.unexpected("`:` after an object key")?;
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value()?;
            if self.builder.member(&mut object, value) {
                let key = unescape(&self.src[key_start + 1..key_end]).unwrap_or_default();
                let pointer = self.pointer();
                let located = Located {
                    diagnostic: Diagnostic::new(
                        Code::JsonDuplicateKey,
                        pointer,
                        format!(
                            "duplicate key {key:?}: the last value is used, but the body is ambiguous"
                        ),
                    ),
                    offset: key_start,
                };
                let severity = located.diagnostic.severity;
                self.overflow.push(&mut self.diagnostics, located, severity);
            }
            self.path.pop();
            if self.closed(b'}', "`,` or `}` in an object")? {
                break;
            }
        }
        self.depth -= 1;
        Ok(self.builder.end_object(object, self.pos))
    }

    /// A string's value: borrowed from the text unless it holds escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, Stop> {
        self.pos += 1;
        let start = self.pos;
        // Skip the plain bytes with a table lookup each, as serde_json does: the
        // byte-by-byte match below only sees the bytes that end the fast run.
        self.pos += self.src[self.pos..]
            .iter()
            .position(|&b| STOPS_STRING[usize::from(b)])
            .unwrap_or(self.src.len() - self.pos);
        // The whole input is valid UTF-8, so any run without escapes is a valid &str.
        loop {
            match self.peek() {
                Some(b'"') => {
                    let s = &self.text[start..self.pos];
                    self.pos += 1;
                    return Ok(Cow::Borrowed(s));
                }
                Some(b'\\') => break,
                Some(0..0x20) => {
                    return self.fail(Code::JsonSyntax, "control character in a string".into());
                }
                Some(_) => self.pos += 1,
                None => {
                    return self.fail(
                        Code::JsonSyntax,
                        "unexpected end of input in a string".into(),
                    );
                }
            }
        }
        let mut out = Vec::with_capacity(self.pos - start + 16);
        out.extend_from_slice(&self.src[start..self.pos]);
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(
                        String::from_utf8(out).expect("escapes produce valid UTF-8"),
                    ));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let Some(escape) = self.peek() else {
                        return self.fail(
                            Code::JsonSyntax,
                            "unexpected end of input in a string".into(),
                        );
                    };
                    self.pos += 1;
                    let c = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => {
                            self.pos -= 1;
                            return self
                                .fail(Code::JsonSyntax, "invalid escape in a string".into());
                        }
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                Some(0..0x20) => {
                    return self.fail(Code::JsonSyntax, "control character in a string".into());
                }
                Some(b) => {
                    out.push(b);
                    self.pos += 1;
                }
                None => {
                    return self.fail(
                        Code::JsonSyntax,
                        "unexpected end of input in a string".into(),
                    );
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u16, Stop> {
        let digits = self
            .src
            .get(self.pos..self.pos + 4)
            .and_then(|d| std::str::from_utf8(d).ok());
        match digits.filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit())) {
            Some(d) => {
                let n = u16::from_str_radix(d, 16).expect("four hex digits");
                self.pos += 4;
                Ok(n)
            }
            None => self.fail(
                Code::JsonSyntax,
                "invalid \\u escape: expected four hex digits".into(),
            ),
        }
    }

    fn unicode_escape(&mut self) -> Result<char, Stop> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.src[self.pos..].starts_with(b"\\u") {
                    return self.fail(
                        Code::JsonSyntax,
                        "lone leading surrogate in a \\u escape".into(),
                    );
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return self.fail(
                        Code::JsonSyntax,
                        "invalid trailing surrogate in a \\u escape".into(),
                    );
                }
                0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00)
            }
            0xDC00..=0xDFFF => {
                return self.fail(
                    Code::JsonSyntax,
                    "lone trailing surrogate in a \\u escape".into(),
                );
            }
            n => u32::from(n),
        };
        Ok(char::from_u32(code).expect("surrogates were excluded"))
    }

    fn number(&mut self) -> Result<B::Value, Stop> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return self.unexpected("a digit in a number"),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return self.unexpected("a digit after the decimal point");
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return self.unexpected("a digit in an exponent");
            }
            self.digits();
        }
        let text = &self.text[start..self.pos];
        // Kept as written (serde_json's arbitrary precision): no number is
        // out of range, and none loses a digit. serde_json reads any number
        // the grammar above accepts; should it not, the number is reported.
        match self.builder.number(text, start) {
            Some(value) => Ok(value),
            None => {
                self.pos = start;
                self.fail(Code::JsonNumberOutOfRange, "number cannot be read".into())
            }
        }
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }
}

/// The bytes that end a run of plain string content: `"`, `\\` and control characters.
static STOPS_STRING: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

fn offset32(n: usize) -> u32 {
    // MAX_INPUT_BYTES keeps every offset and count below u32::MAX.
    u32::try_from(n).expect("input size is limited")
}

/// Unescapes the raw bytes of a JSON string (without its quotes).
fn unescape(raw: &[u8]) -> Option<String> {
    let mut quoted = Vec::with_capacity(raw.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(raw);
    quoted.push(b'"');
    serde_json::from_slice(&quoted).ok()
}

fn describe_byte(src: &[u8], pos: usize, b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("`{}`", b as char)
    } else if b.is_ascii() {
        format!("byte 0x{b:02x}")
    } else {
        // Never echo more than the one character: the input may hold secrets.
        let c = std::str::from_utf8(&src[pos..])
            .ok()
            .and_then(|s| s.chars().next());
        c.map_or_else(|| format!("byte 0x{b:02x}"), |c| format!("`{c}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(doc.offset_of("/c"), 26);
        assert_eq!(doc.offset_of("/a/1/b"), 16);
        assert_eq!(doc.offset_of("/a/9"), 6);
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
        assert_eq!(doc.offset_of("/a/x"), 33);
        assert_eq!(doc.offset_of("/b"), 19);
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
            let at = doc.offset_of(&pointer);
            let parsed: Value = serde_json::Deserializer::from_str(&body[at..])
                .into_iter()
                .next()
                .unwrap()
                .unwrap();
            assert_eq!(&parsed, doc.value.pointer(&pointer).unwrap(), "{pointer}");
        }
        let at = doc.offset_of("/end/a/1");
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
        let mut elements = Elements::default();
        for i in (0..40).rev() {
            for pointer in [format!("/a/{i}"), format!("/a/{i}/k/1/x")] {
                assert_eq!(
                    doc.offset_in(&pointer, &mut elements),
                    doc.offset_of(&pointer),
                    "{pointer}"
                );
            }
        }
        assert_eq!(elements.0.len(), 1, "only /a is long enough to index");
    }
}
