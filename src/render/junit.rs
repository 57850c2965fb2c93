//! JUnit XML, for the test reports of GitLab, Jenkins and GitHub actions.

use std::fmt::Write as _;
use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::gate::FailOn;

use super::{Aggregate, DocumentEntry, Entry, Renderer};

impl Renderer {
    /// Writes `aggregate` as JUnit XML: one `<testsuite>` per input, named
    /// by its path, and in it one `<testcase>` per document, named by its
    /// source (the path, or `FILE:LINE` for a line of an NDJSON stream), in
    /// input order.
    ///
    /// A document that fails (one with an error, or with a diagnostic at or
    /// above [`Aggregate::with_fail_on`]) is a `<failure>`: its `message` is
    /// its first most severe failing diagnostic (`CODE at POINTER:
    /// MESSAGE`), its `type` that code, and its text every shown diagnostic of the
    /// document, one per line as in [the text format](Renderer#format)
    /// (`LINE:COLUMN: SEVERITY[CODE] POINTER: MESSAGE`), warnings and info
    /// included. Another document passes; its shown diagnostics, if
    /// any, are the test case's `<system-out>`, in the same form.
    ///
    /// The aggregate must keep documents without diagnostics
    /// ([`Aggregate::should_keep_clean`]), or they have no test case.
    ///
    /// # Errors
    ///
    /// Fails when writing to `out` fails.
    pub fn write_junit<W: Write + ?Sized>(
        &self,
        out: &mut W,
        aggregate: &Aggregate,
    ) -> io::Result<()> {
        let mut report = Report::new("dswcheck validate");
        for file in aggregate.files() {
            let mut suite = TestSuite::new(file.name.as_str());
            for doc in &file.documents {
                suite.add_test_case(test_case(&file.name, doc, aggregate.fail_on()));
            }
            report.add_test_suite(suite);
        }
        let mut sink = Sink { out, failed: None };
        match report.serialize(&mut sink) {
            Ok(()) => Ok(()),
            // The write's own error, so that a closed pipe stays one.
            Err(e) => Err(sink.failed.take().unwrap_or_else(|| io::Error::other(e))),
        }
    }

    /// `aggregate` as JUnit XML (see [`write_junit`](Renderer::write_junit)).
    #[must_use]
    pub fn junit(&self, aggregate: &Aggregate) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and only UTF-8 is written.
        let _ = self.write_junit(&mut out, aggregate);
        String::from_utf8(out).unwrap_or_default()
    }
}

fn test_case(name: &str, doc: &DocumentEntry, fail_on: FailOn) -> TestCase {
    let source = doc.source(name).to_string();
    let listing = |entries: &mut dyn Iterator<Item = &Entry>| {
        let mut text = String::new();
        for e in entries {
            let pointer = e.pointer.shown();
            let _ = writeln!(
                text,
                "{}:{}: {}[{}] {pointer}: {}",
                e.line, e.column, e.severity, e.code, e.message
            );
        }
        text
    };
    let first_error = doc
        .entries
        .iter()
        .filter(|e| fail_on.fails(e.severity))
        .min_by_key(|e| std::cmp::Reverse(e.severity));
    let status = if !doc.failed {
        TestCaseStatus::success()
    } else {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        match first_error {
            Some(e) => {
                let pointer = e.pointer.shown();
                status.set_message(format!("{} at {pointer}: {}", e.code, e.message));
                status.set_type(e.code.as_str());
            }
            None => {
                status.set_message("invalid document");
            }
        }
        status.set_description(listing(&mut doc.entries.iter()));
        status
    };
    let mut case = TestCase::new(source, status);
    case.set_classname(name);
    if !doc.failed && !doc.entries.is_empty() {
        case.set_system_out(listing(&mut doc.entries.iter()));
    }
    case
}

/// `out`, keeping the first write error for the caller.
struct Sink<'a, W: Write + ?Sized> {
    out: &'a mut W,
    failed: Option<io::Error>,
}

impl<W: Write + ?Sized> Write for Sink<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf).inspect_err(|e| self.keep(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush().inspect_err(|e| self.keep(e))
    }
}

impl<W: Write + ?Sized> Sink<'_, W> {
    fn keep(&mut self, e: &io::Error) {
        if self.failed.is_none() {
            self.failed = Some(io::Error::new(e.kind(), e.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Source;
    use crate::diagnostic::{Code, Diagnostic};
    use crate::parse::Report as DocReport;

    fn at(code: Code, pointer: &str, line: u32, column: u32, message: &str) -> Diagnostic {
        Diagnostic::at(code, pointer, line, column, message)
    }

    #[test]
    fn failures_list_every_shown_diagnostic_and_passes_their_warnings() {
        let renderer = Renderer::new();
        let mut all = Aggregate::new().should_keep_clean(true);
        let line = |line| Source::Line {
            name: "s.ndjson",
            line,
        };
        all.add(&renderer, line(1), &DocReport::from_diagnostics(vec![]));
        all.add(
            &renderer,
            line(2),
            &DocReport::from_diagnostics(vec![
                at(Code::EnumUnknown, "/Status", 1, 35, "bad <value> & \"x\""),
                at(Code::FieldUnknown, "/X", 1, 50, "unknown"),
            ]),
        );
        all.add(
            &renderer,
            line(3),
            &DocReport::from_diagnostics(vec![at(Code::TypeCoerced, "/P", 1, 9, "coerced")]),
        );
        let xml = renderer.junit(&all);
        assert!(
            xml.contains(r#"<testsuite name="s.ndjson" tests="3""#),
            "{xml}"
        );
        assert!(xml.contains(r#"failures="1""#), "{xml}");
        assert!(
            xml.contains(r#"<testcase name="s.ndjson:1" classname="s.ndjson"/>"#),
            "{xml}"
        );
        assert!(
            xml.contains(
                r#"<failure message="enum.unknown at /Status: bad &lt;value&gt; &amp; &quot;x&quot;" type="enum.unknown">"#
            ),
            "{xml}"
        );
        assert!(xml.contains("2:35: error[enum.unknown] /Status: bad &lt;value&gt; &amp; &quot;x&quot;\n2:50: info[field.unknown] /X: unknown"), "{xml}");
        assert!(
            xml.contains("<system-out>3:9: warning[type.coerced] /P: coerced\n</system-out>"),
            "{xml}"
        );
    }

    #[test]
    fn a_write_error_keeps_its_kind() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::from(io::ErrorKind::BrokenPipe))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let e = Renderer::new()
            .write_junit(&mut Closed, &Aggregate::new())
            .unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
    }
}
