//! The one JSON grammar: a single pass over the text that checks it, enforces
//! the limits, and hands each value to a [`Build`]er.

use std::borrow::Cow;

use crate::diagnostic::{Code, Diagnostic, Overflow};
use crate::pointer::Pointer;

use super::{Build, Located, MAX_DEPTH, MAX_VALUES};

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
            diagnostic: Diagnostic::new(
                Code::JsonEmpty,
                Pointer::root(),
                "empty input: expected a JSON object",
            ),
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

    fn pointer(&self) -> Pointer {
        let mut out = Pointer::root();
        for step in &self.path {
            match *step {
                Step::Index(i) => out.push_index(i),
                Step::Key(start, end) => {
                    let key = unescape(&self.src[start..end]).unwrap_or_default();
                    out.push(&key);
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
        // Skip the plain bytes eight at a time: the byte-by-byte match below
        // only sees the bytes that end the fast run.
        self.pos += plain_run(&self.src[self.pos..]);
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

/// How many bytes `bytes` starts with that need no look in a string: up to
/// the first `"`, `\\` or control character, or all of them.
///
/// Eight bytes a word, as serde_json's `skip_to_escape` does: for each
/// test, `(w - 0x0101..) & !w & 0x8080..` flags the bytes that are zero
/// (after the XOR) or below the bound, and the lowest flag is always a true
/// one (a borrow only runs upward from it).
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    let mut chunks = bytes.chunks_exact(8);
    let mut skipped = 0;
    for chunk in &mut chunks {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        let flags = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (w.wrapping_sub(ONES * 0x20) & !w);
        let flags = flags & HIGH;
        if flags != 0 {
            return skipped + (flags.trailing_zeros() / 8) as usize;
        }
        skipped += 8;
    }
    let rest = chunks.remainder();
    skipped
        + rest
            .iter()
            .position(|&b| STOPS_STRING[usize::from(b)])
            .unwrap_or(rest.len())
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

    proptest::proptest! {
        /// The word-at-a-time run ends where a byte-at-a-time look ends it.
        #[test]
        fn plain_run_stops_at_the_first_stop(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    4 => 0x20_u8..=0xFF,
                    1 => proptest::sample::select(vec![b'"', b'\\', 0x00, 0x1F, 0x7F, 0x80, 0x21, 0x5D]),
                ],
                0..40,
            )
        ) {
            let expected = bytes
                .iter()
                .position(|&b| STOPS_STRING[usize::from(b)])
                .unwrap_or(bytes.len());
            proptest::prop_assert_eq!(plain_run(&bytes), expected);
        }
    }
}
