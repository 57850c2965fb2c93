//! GitHub Actions workflow commands: one annotation per diagnostic.

use std::fmt;
use std::io::{self, Write};

use crate::diagnostic::Severity;
use crate::parse::Report;

use super::{Renderer, Source};

impl Renderer {
    /// Writes `report` as GitHub Actions workflow commands, one line per
    /// shown diagnostic, and nothing for a document without them:
    ///
    /// ```text
    /// ::error file=FILE,line=LINE,col=COLUMN,title=CODE::POINTER: MESSAGE
    /// ```
    ///
    /// `warning` is written for warnings and `notice` for info. As in
    /// [the text format](Renderer#format), `LINE` is the line of the file,
    /// so for an NDJSON stream the stream's line, and `COLUMN` is within it.
    /// Values are escaped as GitHub's toolkit (`@actions/core`) escapes them:
    /// `%`, CR and LF everywhere, and `:` and `,` in properties too, so that
    /// neither a message nor a file name can end the command or start another.
    /// Other control characters are written `\u{1b}`, as in the text format.
    ///
    /// # Errors
    ///
    /// Fails when writing to `out` fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use dswcheck::{Renderer, Source};
    ///
    /// let report = dswcheck::validate(br#"{"InstanceId": "dsw-1", "Status": "running"}"#);
    /// let mut out = Vec::new();
    /// Renderer::new().write_github(&mut out, Source::Document("a.json"), &report)?;
    /// let out = String::from_utf8(out).unwrap();
    /// assert!(out.starts_with("::error file=a.json,line=1,col=35,title=enum.unknown::/Status: "));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn write_github<W: Write + ?Sized>(
        &self,
        out: &mut W,
        source: Source<'_>,
        report: &Report,
    ) -> io::Result<()> {
        let name = source.name();
        for d in self.shown(report) {
            let line = source.file_line(d.line);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let pointer = d.pointer.shown();
            writeln!(
                out,
                "::{command} file={},line={line},col={},title={}::{}: {}",
                Property(name),
                d.column,
                Property(d.code.as_str()),
                Data(pointer),
                Data(&d.message),
            )?;
        }
        Ok(())
    }
}

/// A command's message, escaped as the toolkit's `escapeData`.
pub(crate) struct Data<'a>(pub(crate) &'a str);

/// A command's property value, escaped as the toolkit's `escapeProperty`.
pub(crate) struct Property<'a>(pub(crate) &'a str);

impl fmt::Display for Data<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escape(f, self.0, false)
    }
}

impl fmt::Display for Property<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escape(f, self.0, true)
    }
}

/// The toolkit's escapes, and beyond them the other control characters
/// written as the text format writes them (`\u{1b}`), so that a pointer
/// holding one cannot drive the terminal of whoever reads the log raw.
fn escape(f: &mut fmt::Formatter<'_>, text: &str, property: bool) -> fmt::Result {
    let mut rest = text;
    let special =
        |c: char| matches!(c, '%') || c.is_control() || (property && matches!(c, ':' | ','));
    while let Some(at) = rest.find(special) {
        f.write_str(&rest[..at])?;
        let c = rest[at..].chars().next().unwrap_or_default();
        match c {
            '%' => f.write_str("%25")?,
            '\r' => f.write_str("%0D")?,
            '\n' => f.write_str("%0A")?,
            ':' => f.write_str("%3A")?,
            ',' => f.write_str("%2C")?,
            c => write!(f, "\\u{{{:x}}}", u32::from(c))?,
        }
        rest = &rest[at + c.len_utf8()..];
    }
    f.write_str(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Diagnostic};

    fn github(source: Source<'_>, diagnostics: Vec<Diagnostic>) -> String {
        let mut out = Vec::new();
        Renderer::new()
            .write_github(&mut out, source, &Report::from_diagnostics(diagnostics))
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    fn at(code: Code, pointer: &str, line: u32, column: u32, message: &str) -> Diagnostic {
        Diagnostic::at(code, pointer, line, column, message)
    }

    #[test]
    fn escaping_follows_the_toolkit() {
        // (text, as data, as a property)
        let table = [
            ("plain", "plain", "plain"),
            ("100%", "100%25", "100%25"),
            ("%0A", "%250A", "%250A"),
            ("a,b", "a,b", "a%2Cb"),
            ("a:b", "a:b", "a%3Ab"),
            ("::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"),
            ("l1\nl2", "l1%0Al2", "l1%0Al2"),
            ("l1\r\nl2", "l1%0D%0Al2", "l1%0D%0Al2"),
            ("é,ü:%\n", "é,ü:%25%0A", "é%2Cü%3A%25%0A"),
            (
                "bell\u{7}esc\u{1b}[2J",
                "bell\\u{7}esc\\u{1b}[2J",
                "bell\\u{7}esc\\u{1b}[2J",
            ),
        ];
        for (text, data, property) in table {
            assert_eq!(Data(text).to_string(), data, "{text:?}");
            assert_eq!(Property(text).to_string(), property, "{text:?}");
        }
    }

    #[test]
    fn one_command_per_diagnostic_by_severity() {
        let out = github(
            Source::Document("a.json"),
            vec![
                at(Code::JsonSyntax, "", 1, 1, "expected a value"),
                at(Code::TypeCoerced, "/Priority", 2, 15, "found \"3\""),
                at(Code::FieldUnknown, "/NewField", 3, 3, "unknown"),
            ],
        );
        assert_eq!(
            out,
            "::error file=a.json,line=1,col=1,title=json.syntax::(root): expected a value\n\
             ::warning file=a.json,line=2,col=15,title=type.coerced::/Priority: found \"3\"\n\
             ::notice file=a.json,line=3,col=3,title=field.unknown::/NewField: unknown\n"
        );
    }

    #[test]
    fn messages_and_file_names_cannot_break_out_of_the_command() {
        let out = github(
            Source::Line {
                name: "dir,x/a:b%.ndjson\n::error::",
                line: 12,
            },
            vec![at(
                Code::EnumUnknown,
                "/a%b",
                1,
                40,
                "bad\r\n::error file=x::injected, 100%",
            )],
        );
        assert_eq!(out.lines().count(), 1, "{out}");
        assert_eq!(
            out,
            "::error file=dir%2Cx/a%3Ab%25.ndjson%0A%3A%3Aerror%3A%3A,line=12,col=40,\
             title=enum.unknown::/a%25b: bad%0D%0A::error file=x::injected, 100%25\n"
        );
    }

    #[test]
    fn hidden_diagnostics_are_not_written() {
        let mut out = Vec::new();
        Renderer::new()
            .with_min_severity(Severity::Warning)
            .write_github(
                &mut out,
                Source::Document("a"),
                &Report::from_diagnostics(vec![at(Code::FieldUnknown, "/A", 1, 2, "y")]),
            )
            .unwrap();
        assert!(out.is_empty());
    }
}
