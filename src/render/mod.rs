//! Rendering reports: one line per diagnostic for people, one JSON object per
//! document for programs, workflow commands for GitHub Actions, and the
//! formats written once a run is over (SARIF, JUnit XML, Markdown) from an
//! [`Aggregate`] of its redacted diagnostics.

use std::fmt;
use std::io::{self, Write};

use serde::ser::{Serialize, Serializer};

use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::Report;
use crate::style::{self, Painter};
use crate::text::plural;

mod aggregate;
pub(crate) mod github;
#[cfg(feature = "junit")]
mod junit;
pub(crate) mod markdown;
#[cfg(feature = "sarif")]
mod sarif;

pub use aggregate::{Aggregate, DocumentEntry, Entry, FileEntry};
pub use markdown::MARKDOWN_MAX_ROWS;
#[cfg(feature = "sarif")]
pub use sarif::{SARIF_FINGERPRINT_KEY, SARIF_SCHEMA};

/// Where a document came from, as shown in rendered output.
///
/// Its [`Display`](fmt::Display) form is the `source` of the JSON output:
/// the name, or `NAME:LINE` for a line of an NDJSON stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    /// A whole document, such as a file or standard input, under this name.
    Document(&'a str),
    /// The document on one line of an NDJSON stream.
    Line {
        /// The name of the stream.
        name: &'a str,
        /// The 1-based line number in the stream.
        line: u64,
    },
}

impl<'a> Source<'a> {
    /// The name of the file or stream.
    pub(crate) fn name(self) -> &'a str {
        match self {
            Source::Document(name) | Source::Line { name, .. } => name,
        }
    }

    /// The line of the file that a document's `line` is on: a stream's
    /// document starts on the stream's line.
    pub(crate) fn file_line(self, line: u32) -> u64 {
        let first = match self {
            Source::Document(_) => 1,
            Source::Line { line, .. } => line,
        };
        first.saturating_add(u64::from(line).saturating_sub(1))
    }
}

impl fmt::Display for Source<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Document(name) => f.write_str(name),
            Source::Line { name, line } => write!(f, "{name}:{line}"),
        }
    }
}

impl Serialize for Source<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Renders [`Report`]s as text, JSON Lines or GitHub workflow commands, one
/// report at a time, and an [`Aggregate`] of a whole run as SARIF, JUnit XML
/// or Markdown.
///
/// Every format writes the same diagnostics, those at or above
/// [`with_min_severity`](Renderer::with_min_severity), in the order given,
/// and only the strings of the finished report, which the secret policy has
/// redacted: [`write_github`](Renderer::write_github),
/// [`write_sarif`](Renderer::write_sarif), [`write_junit`](Renderer::write_junit)
/// and [`write_markdown`](Renderer::write_markdown) describe their own formats.
///
/// # Format
///
/// **Text** ([`Renderer::write_text`]) gives one line per diagnostic, in
/// position order, and nothing for a document without diagnostics:
///
/// ```text
/// FILE:LINE:COLUMN: SEVERITY[CODE] POINTER: MESSAGE
/// ```
///
/// `POINTER` is `(root)` for the whole document. For a line of an NDJSON
/// stream, `FILE:LINE` is the file and its line, so editors can jump to it.
/// Control characters in names, pointers and messages are escaped (`\u{1b}`),
/// so every diagnostic stays on one line and cannot drive the terminal.
///
/// **JSON Lines** ([`Renderer::write_json`]), format version 1, gives one line
/// per document holding one JSON object, even for a document without
/// diagnostics:
///
/// ```json
/// {"source":"a.ndjson:3","valid":false,"diagnostics":[{"severity":"error","code":"enum.unknown","pointer":"/Status","line":1,"column":35,"message":"..."}]}
/// ```
///
/// - `source` (string): the name of the input (the CLI uses the path as
///   given, `<stdin>` for standard input), or `NAME:LINE` for the document on
///   line `LINE` of an NDJSON stream.
/// - `valid` (boolean): `false` when the document has an error-severity
///   diagnostic, whether or not [`with_min_severity`](Renderer::with_min_severity)
///   hides it.
/// - `diagnostics` (array): the diagnostics at or above the minimum severity,
///   in position order, each with:
///   - `severity`: `"error"`, `"warning"` or `"info"`;
///   - `code`: the stable [`Code`](crate::Code) string, such as `"enum.unknown"`;
///   - `pointer`: RFC 6901 JSON Pointer to the offending value, `""` for the whole document;
///   - `line`, `column`: 1-based position of the offending value in the
///     document (the column counts Unicode scalar values); for an NDJSON
///     line, `line` is 1 and `column` is within that line;
///   - `message`: what was expected and what was found; never a secret's value.
///
/// The format may expand over time: version 1 may gain fields and codes, and
/// consumers should ignore what they do not know. Fields are never renamed,
/// removed or given another meaning within version 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Renderer {
    color: bool,
    min_severity: Severity,
}

impl Default for Renderer {
    fn default() -> Self {
        Renderer::new()
    }
}

impl Renderer {
    /// A renderer without colour that shows every diagnostic.
    #[must_use]
    pub const fn new() -> Self {
        Renderer {
            color: false,
            min_severity: Severity::Info,
        }
    }

    /// Whether text output uses ANSI colours. The default is `false`.
    ///
    /// JSON output is never coloured.
    #[must_use]
    pub const fn should_color(mut self, color: bool) -> Self {
        self.color = color;
        self
    }

    /// The least severe diagnostics shown. The default is [`Severity::Info`]:
    /// everything, since info diagnostics such as `field.unknown` are how API
    /// drift shows up.
    ///
    /// Hidden diagnostics still count for validity and in [`Summary`].
    #[must_use]
    pub const fn with_min_severity(mut self, min_severity: Severity) -> Self {
        self.min_severity = min_severity;
        self
    }

    fn shown<'r>(&self, report: &'r Report) -> impl Iterator<Item = &'r Diagnostic> + use<'r> {
        let min = self.min_severity;
        report
            .diagnostics()
            .iter()
            .filter(move |d| d.severity >= min)
    }

    /// Writes the text lines of `report`, one per shown diagnostic (see [the format](Renderer#format)).
    ///
    /// # Errors
    ///
    /// Fails when writing to `out` fails.
    pub fn write_text<W: Write + ?Sized>(
        &self,
        out: &mut W,
        source: Source<'_>,
        report: &Report,
    ) -> io::Result<()> {
        let name = source.name();
        let paint = Painter::new(self.color);
        for d in self.shown(report) {
            let line = source.file_line(d.line);
            let pointer = d.pointer.shown();
            writeln!(
                out,
                "{} {} {}: {}",
                paint.paint(
                    style::LOCATION,
                    format_args!("{}:{line}:{}:", Escaped(name), d.column)
                ),
                paint.paint(
                    style::label(d.severity),
                    format_args!("{}[{}]", d.severity, d.code)
                ),
                Escaped(pointer),
                Escaped(&d.message),
            )?;
        }
        Ok(())
    }

    /// Writes `report` as one JSON line, newline included (see [the format](Renderer#format)).
    ///
    /// # Errors
    ///
    /// Fails when writing to `out` fails.
    pub fn write_json<W: Write + ?Sized>(
        &self,
        out: &mut W,
        source: Source<'_>,
        report: &Report,
    ) -> io::Result<()> {
        let line = JsonLine {
            source,
            valid: report.is_valid(),
            diagnostics: Shown {
                renderer: self,
                report,
            },
        };
        serde_json::to_writer(&mut *out, &line).map_err(io::Error::from)?;
        out.write_all(b"\n")
    }

    /// The text lines of `report` (see [the format](Renderer#format)).
    ///
    /// # Examples
    ///
    /// ```
    /// use dswcheck::{Renderer, Source};
    ///
    /// let report = dswcheck::validate(br#"{"InstanceId": "dsw-1", "Status": "running"}"#);
    /// let text = Renderer::new().text(Source::Document("a.json"), &report);
    /// assert!(text.starts_with("a.json:1:35: error[enum.unknown] /Status: "));
    /// ```
    #[must_use]
    pub fn text(&self, source: Source<'_>, report: &Report) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and only UTF-8 is written.
        let _ = self.write_text(&mut out, source, report);
        String::from_utf8(out).unwrap_or_default()
    }

    /// `report` as one JSON line, newline included (see [the format](Renderer#format)).
    ///
    /// # Examples
    ///
    /// ```
    /// use dswcheck::{Renderer, Source};
    ///
    /// let report = dswcheck::validate(br#"{"InstanceId": "dsw-1"}"#);
    /// let line = Renderer::new().json(Source::Line { name: "all.ndjson", line: 7 }, &report);
    /// assert_eq!(line, "{\"source\":\"all.ndjson:7\",\"valid\":true,\"diagnostics\":[]}\n");
    /// ```
    #[must_use]
    pub fn json(&self, source: Source<'_>, report: &Report) -> String {
        let mut out = Vec::new();
        let _ = self.write_json(&mut out, source, report);
        String::from_utf8(out).unwrap_or_default()
    }
}

/// The JSON Lines object of one document.
#[derive(serde::Serialize)]
struct JsonLine<'a> {
    source: Source<'a>,
    valid: bool,
    diagnostics: Shown<'a>,
}

/// The diagnostics a renderer shows, serialized without collecting them first.
struct Shown<'a> {
    renderer: &'a Renderer,
    report: &'a Report,
}

impl Serialize for Shown<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.renderer.shown(self.report))
    }
}

/// Text with its control characters escaped, so that it stays on one line.
struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(char::is_control) {
            f.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write!(f, "\\u{{{:x}}}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

/// Counts of documents and diagnostics, for the summary line.
///
/// Its [`Display`](fmt::Display) form is the summary line of the text output:
///
/// ```
/// let mut summary = dswcheck::Summary::new();
/// summary.add(&dswcheck::validate(br#"{"InstanceId": "dsw-1"}"#));
/// summary.add(&dswcheck::validate(b"not json"));
/// assert_eq!(summary.to_string(), "2 documents: 1 valid, 1 invalid (1 error, 0 warnings, 0 info)");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// Documents seen.
    pub documents: u64,
    /// Documents without error-severity diagnostics.
    pub valid: u64,
    /// Documents with at least one error-severity diagnostic.
    pub invalid: u64,
    /// Error-severity diagnostics.
    pub errors: u64,
    /// Warning-severity diagnostics.
    pub warnings: u64,
    /// Info-severity diagnostics.
    pub infos: u64,
}

impl Summary {
    /// No documents yet.
    #[must_use]
    pub const fn new() -> Self {
        Summary {
            documents: 0,
            valid: 0,
            invalid: 0,
            errors: 0,
            warnings: 0,
            infos: 0,
        }
    }

    /// Counts one more document.
    pub fn add(&mut self, report: &Report) {
        let mut errors = 0;
        for d in report.diagnostics() {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
        self.documents += 1;
        self.errors += errors;
        if errors == 0 {
            self.valid += 1;
        } else {
            self.invalid += 1;
        }
    }

    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: &Summary) {
        self.documents += other.documents;
        self.valid += other.valid;
        self.invalid += other.invalid;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }

    /// Whether every document counted is valid.
    #[must_use]
    pub const fn is_valid(&self) -> bool {
        self.invalid == 0
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} valid, {} invalid ({}, {}, {} info)",
            plural(self.documents, "document"),
            self.valid,
            self.invalid,
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            self.infos
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    fn report(diagnostics: Vec<Diagnostic>) -> Report {
        Report::from_diagnostics(diagnostics)
    }

    fn at(code: Code, pointer: &str, line: u32, column: u32, message: &str) -> Diagnostic {
        Diagnostic::at(code, pointer, line, column, message)
    }

    fn sample() -> Report {
        report(vec![
            at(Code::JsonSyntax, "", 1, 1, "expected a value"),
            at(
                Code::TypeCoerced,
                "/Priority",
                2,
                15,
                "expected an integer, found \"3\"",
            ),
            at(
                Code::FieldUnknown,
                "/NewField",
                3,
                3,
                "unknown field \"NewField\"",
            ),
        ])
    }

    #[test]
    fn text_has_one_line_per_diagnostic_and_root_for_empty_pointer() {
        let text = Renderer::new().text(Source::Document("a.json"), &sample());
        assert_eq!(
            text,
            "a.json:1:1: error[json.syntax] (root): expected a value\n\
             a.json:2:15: warning[type.coerced] /Priority: expected an integer, found \"3\"\n\
             a.json:3:3: info[field.unknown] /NewField: unknown field \"NewField\"\n"
        );
    }

    #[test]
    fn text_of_an_ndjson_line_uses_the_stream_line() {
        let r = report(vec![at(Code::EnumUnknown, "/Status", 1, 40, "bad")]);
        let text = Renderer::new().text(
            Source::Line {
                name: "x.ndjson",
                line: 12,
            },
            &r,
        );
        assert_eq!(text, "x.ndjson:12:40: error[enum.unknown] /Status: bad\n");
    }

    #[test]
    fn min_severity_hides_less_severe_diagnostics() {
        let warnings = Renderer::new().with_min_severity(Severity::Warning);
        let text = warnings.text(Source::Document("a"), &sample());
        assert_eq!(text.lines().count(), 2);
        assert!(!text.contains("info["));
        let errors = Renderer::new().with_min_severity(Severity::Error);
        let json: serde_json::Value =
            serde_json::from_str(&errors.json(Source::Document("a"), &sample())).unwrap();
        assert_eq!(json["valid"], false);
        assert_eq!(json["diagnostics"].as_array().unwrap().len(), 1);
        assert_eq!(json["diagnostics"][0]["code"], "json.syntax");
        let quiet = report(vec![at(Code::FieldUnknown, "/A", 1, 2, "y")]);
        assert_eq!(errors.text(Source::Document("a"), &quiet), "");
        assert_eq!(
            errors.json(Source::Document("a"), &quiet),
            "{\"source\":\"a\",\"valid\":true,\"diagnostics\":[]}\n"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let plain = Renderer::new().text(Source::Document("a"), &sample());
        assert!(!plain.contains('\x1b'));
        let coloured = Renderer::new()
            .should_color(true)
            .text(Source::Document("a"), &sample());
        assert!(
            coloured
                .starts_with("\x1b[1ma:1:1:\x1b[0m \x1b[1;31merror[json.syntax]\x1b[0m (root): ")
        );
        assert!(coloured.contains("\x1b[1;33mwarning[type.coerced]\x1b[0m"));
        assert!(coloured.contains("\x1b[1;36minfo[field.unknown]\x1b[0m"));
        let json = Renderer::new()
            .should_color(true)
            .json(Source::Document("a"), &sample());
        assert!(!json.contains('\x1b'));
    }

    #[test]
    fn control_characters_are_escaped_in_text() {
        let r = report(vec![at(
            Code::FieldUnknown,
            "/a\nb\u{1b}[2J",
            1,
            1,
            "unknown\rfield",
        )]);
        let text = Renderer::new().text(Source::Document("f\u{7}"), &r);
        assert_eq!(
            text,
            "f\\u{7}:1:1: info[field.unknown] /a\\u{a}b\\u{1b}[2J: unknown\\u{d}field\n"
        );
    }

    #[test]
    fn json_line_has_the_documented_fields() {
        let line = Renderer::new().json(
            Source::Line {
                name: "s.jsonl",
                line: 3,
            },
            &sample(),
        );
        assert!(line.ends_with('\n'));
        assert_eq!(line.matches('\n').count(), 1);
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "source": "s.jsonl:3",
                "valid": false,
                "diagnostics": [
                    {"severity": "error", "code": "json.syntax", "pointer": "", "line": 1, "column": 1, "message": "expected a value"},
                    {"severity": "warning", "code": "type.coerced", "pointer": "/Priority", "line": 2, "column": 15, "message": "expected an integer, found \"3\""},
                    {"severity": "info", "code": "field.unknown", "pointer": "/NewField", "line": 3, "column": 3, "message": "unknown field \"NewField\""},
                ]
            })
        );
    }

    #[test]
    fn summary_counts_and_pluralizes() {
        let mut summary = Summary::new();
        assert_eq!(
            summary.to_string(),
            "0 documents: 0 valid, 0 invalid (0 errors, 0 warnings, 0 info)"
        );
        summary.add(&sample());
        assert_eq!(
            summary.to_string(),
            "1 document: 0 valid, 1 invalid (1 error, 1 warning, 1 info)"
        );
        summary.add(&report(vec![at(Code::FieldUnknown, "/A", 1, 2, "y")]));
        let mut total = Summary::new();
        total.merge(&summary);
        total.merge(&summary);
        assert_eq!(
            total.to_string(),
            "4 documents: 2 valid, 2 invalid (2 errors, 2 warnings, 4 info)"
        );
        assert!(!total.is_valid());
        assert!(Summary::new().is_valid());
    }
}
