//! A Markdown summary of a run, for `$GITHUB_STEP_SUMMARY` or a pull
//! request comment.

use std::fmt;
use std::io::{self, Write};

use crate::diagnostic::Severity;
use crate::text::plural;

use super::{Aggregate, Renderer};

/// The most findings the Markdown table lists (1,000); the rest are counted
/// below it. GitHub cuts a step summary at 1 MiB and a comment at 65,536
/// characters, and a table longer than this is not read anyway.
pub const MARKDOWN_MAX_ROWS: usize = 1_000;

impl Renderer {
    /// Writes `aggregate` as a Markdown summary: the counts of documents, of
    /// diagnostics per severity and per code (every diagnostic, shown or
    /// hidden, as in [`Summary`](crate::Summary)), then a table of the shown
    /// diagnostics in input order:
    ///
    /// ```markdown
    /// | Source | Line:Col | Severity | Code | Pointer | Message |
    /// |---|---|---|---|---|---|
    /// | a.json | 3:13 | error | `enum.unknown` | /Status | "running" is not one of ... |
    /// ```
    ///
    /// `Line` is the line of the file (for an NDJSON stream, the stream's).
    /// The table lists at most [`MARKDOWN_MAX_ROWS`] rows and then says how
    /// many were left out. Cells are escaped so that no text from a document
    /// can end a cell or a row, open a code span, write HTML or mention
    /// someone: `|`, backticks, `<` and the other Markdown punctuation are
    /// escaped, and line breaks become `<br>`.
    ///
    /// # Errors
    ///
    /// Fails when writing to `out` fails.
    pub fn write_markdown<W: Write + ?Sized>(
        &self,
        out: &mut W,
        aggregate: &Aggregate,
    ) -> io::Result<()> {
        let summary = aggregate.summary();
        writeln!(out, "## dswcheck validate")?;
        writeln!(out)?;
        writeln!(
            out,
            "{}: {} valid, {} invalid.",
            plural(summary.documents, "document"),
            summary.valid,
            summary.invalid
        )?;
        writeln!(out)?;
        writeln!(out, "| Severity | Count |")?;
        writeln!(out, "|---|---:|")?;
        for (severity, count) in [
            (Severity::Error, summary.errors),
            (Severity::Warning, summary.warnings),
            (Severity::Info, summary.infos),
        ] {
            writeln!(out, "| {severity} | {count} |")?;
        }
        if !aggregate.by_code().is_empty() {
            writeln!(out)?;
            writeln!(out, "| Code | Count |")?;
            writeln!(out, "|---|---:|")?;
            for (code, count) in aggregate.by_code() {
                writeln!(out, "| `{code}` | {count} |")?;
            }
        }
        let mut entries = aggregate.entries();
        let mut rows = 0usize;
        for (source, e) in entries.by_ref().take(MARKDOWN_MAX_ROWS) {
            if rows == 0 {
                writeln!(out)?;
                writeln!(out, "### Findings")?;
                writeln!(out)?;
                writeln!(
                    out,
                    "| Source | Line:Col | Severity | Code | Pointer | Message |"
                )?;
                writeln!(out, "|---|---|---|---|---|---|")?;
            }
            rows += 1;
            let pointer = e.pointer.shown();
            writeln!(
                out,
                "| {} | {}:{} | {} | `{}` | {} | {} |",
                Cell(&source.to_string()),
                e.line,
                e.column,
                e.severity,
                e.code,
                Cell(pointer),
                Cell(&e.message),
            )?;
        }
        let left_out = entries.count();
        if left_out > 0 {
            writeln!(out)?;
            writeln!(
                out,
                "{left_out} more {} not listed (the table lists at most {MARKDOWN_MAX_ROWS}).",
                if left_out == 1 { "finding" } else { "findings" }
            )?;
        } else if rows == 0 && summary.documents > 0 {
            writeln!(out)?;
            writeln!(out, "No findings to show.")?;
        }
        Ok(())
    }

    /// `aggregate` as a Markdown summary (see [`write_markdown`](Renderer::write_markdown)).
    #[must_use]
    pub fn markdown(&self, aggregate: &Aggregate) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and only UTF-8 is written.
        let _ = self.write_markdown(&mut out, aggregate);
        String::from_utf8(out).unwrap_or_default()
    }
}

/// Text made safe for one cell of a Markdown table.
pub(crate) struct Cell<'a>(pub(crate) &'a str);

impl fmt::Display for Cell<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chars = self.0.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '&' => f.write_str("&amp;")?,
                // CR LF is one break.
                '\r' if chars.peek() == Some(&'\n') => {}
                '\r' | '\n' => f.write_str("<br>")?,
                // Punctuation that could end a cell or start emphasis, a
                // link, an image, a code span, a mention or an issue
                // reference: escaped with a backslash, which CommonMark
                // allows before any ASCII punctuation.
                '|' | '`' | '\\' | '*' | '_' | '[' | ']' | '~' | '@' | '#' | '!' => {
                    write!(f, "\\{c}")?;
                }
                c if c.is_control() => write!(f, "\\u{{{:x}}}", u32::from(c))?,
                c => write!(f, "{c}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Source;
    use crate::diagnostic::{Code, Diagnostic};
    use crate::parse::Report;

    fn at(code: Code, pointer: &str, line: u32, column: u32, message: &str) -> Diagnostic {
        Diagnostic::at(code, pointer, line, column, message)
    }

    #[test]
    fn cells_cannot_break_the_table_or_write_markup() {
        let table = [
            ("plain text", "plain text"),
            ("a|b", "a\\|b"),
            ("`code`", "\\`code\\`"),
            ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
            ("&amp;", "&amp;amp;"),
            ("l1\nl2\r\nl3\rl4", "l1<br>l2<br>l3<br>l4"),
            ("[a](http://x)", "\\[a\\](http://x)"),
            ("@someone #1", "\\@someone \\#1"),
            ("**b** _i_ ~s~", "\\*\\*b\\*\\* \\_i\\_ \\~s\\~"),
            ("back\\slash", "back\\\\slash"),
            ("bell\u{7}", "bell\\u{7}"),
        ];
        for (text, cell) in table {
            assert_eq!(Cell(text).to_string(), cell, "{text:?}");
        }
    }

    #[test]
    fn counts_then_findings_in_input_order() {
        let renderer = Renderer::new();
        let mut all = Aggregate::new();
        let bad = Report::from_diagnostics(vec![
            at(Code::EnumUnknown, "/Status", 1, 35, "bad | value\nhere"),
            at(Code::FieldUnknown, "/X", 1, 50, "unknown"),
        ]);
        all.add(
            &renderer,
            Source::Line {
                name: "s.ndjson",
                line: 4,
            },
            &bad,
        );
        all.add(
            &renderer,
            Source::Document("ok.json"),
            &Report::from_diagnostics(vec![]),
        );
        let md = renderer.markdown(&all);
        assert!(md.contains("2 documents: 1 valid, 1 invalid."), "{md}");
        assert!(
            md.contains("| error | 1 |\n| warning | 0 |\n| info | 1 |"),
            "{md}"
        );
        assert!(
            md.contains("| `field.unknown` | 1 |\n| `enum.unknown` | 1 |"),
            "{md}"
        );
        assert!(
            md.contains(
                "| s.ndjson:4 | 4:35 | error | `enum.unknown` | /Status | bad \\| value<br>here |\n\
                 | s.ndjson:4 | 4:50 | info | `field.unknown` | /X | unknown |\n"
            ),
            "{md}"
        );
        assert!(!md.contains("more not listed"));
    }

    #[test]
    fn the_table_stops_at_the_limit_and_counts_the_rest() {
        let renderer = Renderer::new().with_min_severity(Severity::Warning);
        let mut all = Aggregate::new();
        let many: Vec<Diagnostic> = (1..=MARKDOWN_MAX_ROWS as u32 + 5)
            .map(|n| at(Code::TypeCoerced, "/P", n, 1, "m"))
            .chain([at(Code::FieldUnknown, "/Q", 9_999, 1, "hidden")])
            .collect();
        all.add(
            &renderer,
            Source::Document("a"),
            &Report::from_diagnostics(many),
        );
        let md = renderer.markdown(&all);
        let rows = md.lines().filter(|l| l.starts_with("| a |")).count();
        assert_eq!(rows, MARKDOWN_MAX_ROWS);
        assert!(
            md.ends_with("\n5 more findings not listed (the table lists at most 1000).\n"),
            "{}",
            &md[md.len() - 200..]
        );
        // Hidden, yet counted.
        assert!(md.contains("| info | 1 |"));
        assert!(!md.contains("hidden"));
    }

    #[test]
    fn nothing_to_show_says_so() {
        let renderer = Renderer::new();
        let mut all = Aggregate::new();
        all.add(
            &renderer,
            Source::Document("a"),
            &Report::from_diagnostics(vec![]),
        );
        let md = renderer.markdown(&all);
        assert!(md.ends_with("\nNo findings to show.\n"), "{md}");
        assert!(!md.contains("| Code |"));
    }
}
