//! What the aggregate formats (SARIF, JUnit XML, Markdown) keep of a run
//! until its last document: the shown diagnostics, already redacted, and
//! counts; never a document.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Severity};
use crate::fingerprint::Fingerprint;
use crate::gate::FailOn;
use crate::parse::Report;
use crate::pointer::Pointer;

use super::{Renderer, Source, Summary};

/// One shown diagnostic, as an aggregate format writes it.
///
/// Its strings are those of the finished [`Report`], where the secret policy
/// has already redacted them; nothing here is read from the document again.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entry {
    /// How serious it is.
    pub severity: Severity,
    /// What kind of finding it is.
    pub code: Code,
    /// The offending value (the root for the whole document), as the
    /// report shows it: through the secret policy.
    pub pointer: Pointer,
    /// 1-based line in the file: for a line of an NDJSON stream, the
    /// stream's line, not the document's.
    pub line: u64,
    /// 1-based column within that line, in Unicode scalar values.
    pub column: u32,
    /// What was expected and what was found.
    pub message: String,
    /// The finding's stable identity across runs, in its document (see
    /// [`Fingerprint`] and [`document_name`](crate::document_name)): SARIF's
    /// `partialFingerprints["dswcheck/v1"]`, and what a baseline matches.
    pub fingerprint: Fingerprint,
}

/// One document of an input, with its shown diagnostics in position order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DocumentEntry {
    /// The document's line in an NDJSON stream, `None` for a whole file.
    pub line: Option<u64>,
    /// Whether the document has no error-severity diagnostic, shown or hidden.
    pub valid: bool,
    /// Whether the document fails the run's [`FailOn`] (shown or hidden
    /// diagnostics alike): what a JUnit failure is. With the default
    /// threshold, exactly when it is not valid.
    pub failed: bool,
    /// The diagnostics at or above the renderer's minimum severity.
    pub entries: Vec<Entry>,
}

/// One input (a file, standard input or a stream) and its documents, in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FileEntry {
    /// The name of the input, as in [`Source`].
    pub name: String,
    /// Its documents; see [`Aggregate::should_keep_clean`] for which.
    pub documents: Vec<DocumentEntry>,
    /// Counts of every document of the input, kept or not.
    pub summary: Summary,
}

/// Every input of a run, in input order, for the formats written once the
/// last document is in: [`Renderer::write_sarif`], [`Renderer::write_junit`]
/// and [`Renderer::write_markdown`].
///
/// Memory grows with the diagnostics shown, not with the documents: a
/// document without shown diagnostics is only counted, unless
/// [`should_keep_clean`](Aggregate::should_keep_clean) asks to keep it (JUnit
/// XML has a test case for each document). Each report lists at most
/// [`MAX_DIAGNOSTICS`](crate::MAX_DIAGNOSTICS).
///
/// ```
/// use dswcheck::{Aggregate, Renderer, Source};
///
/// let renderer = Renderer::new();
/// let mut all = Aggregate::new();
/// let report = dswcheck::validate(br#"{"InstanceId": "dsw-1", "Status": "running"}"#);
/// all.add(&renderer, Source::Document("a.json"), &report);
/// let markdown = renderer.markdown(&all);
/// assert!(markdown.contains("| a.json | 1:35 | error | `enum.unknown` | /Status |"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aggregate {
    files: Vec<FileEntry>,
    summary: Summary,
    by_code: BTreeMap<Code, u64>,
    keep_clean: bool,
    fail_on: FailOn,
    /// The codes of the run's policies, beyond the built-in ones.
    #[cfg(feature = "policy")]
    policy_rules: Vec<crate::policy::PolicyRule>,
}

impl Aggregate {
    /// Nothing yet; documents without shown diagnostics are not kept.
    #[must_use]
    pub const fn new() -> Self {
        Aggregate {
            files: Vec::new(),
            summary: Summary::new(),
            by_code: BTreeMap::new(),
            keep_clean: false,
            fail_on: FailOn::Error,
            #[cfg(feature = "policy")]
            policy_rules: Vec::new(),
        }
    }

    /// The severity from which a document fails (default [`FailOn::Error`]),
    /// as `--fail-on` sets it, so that a JUnit failure is a document that
    /// fails the build.
    #[must_use]
    pub const fn with_fail_on(mut self, fail_on: FailOn) -> Self {
        self.fail_on = fail_on;
        self
    }

    /// The severity from which a document fails.
    #[must_use]
    pub const fn fail_on(&self) -> FailOn {
        self.fail_on
    }

    /// The codes the run's policies can report, so that formats which list
    /// their rules (SARIF) list these too, with their descriptions.
    #[cfg(feature = "policy")]
    #[must_use]
    pub fn with_policy_rules(mut self, rules: Vec<crate::policy::PolicyRule>) -> Self {
        self.policy_rules = rules;
        self
    }

    /// The codes of the run's policies (see [`with_policy_rules`](Self::with_policy_rules)).
    #[cfg(feature = "policy")]
    #[must_use]
    pub fn policy_rules(&self) -> &[crate::policy::PolicyRule] {
        &self.policy_rules
    }

    /// Whether documents without shown diagnostics are kept, as JUnit XML
    /// needs (one test case per document). The default is `false`.
    #[must_use]
    pub const fn should_keep_clean(mut self, keep: bool) -> Self {
        self.keep_clean = keep;
        self
    }

    /// Adds one document's report, with the diagnostics `renderer` shows.
    ///
    /// Consecutive documents of the same name (the lines of one stream) go
    /// to one [`FileEntry`].
    pub fn add(&mut self, renderer: &Renderer, source: Source<'_>, report: &Report) {
        let name = source.name();
        let line = match source {
            Source::Document(_) => None,
            Source::Line { line, .. } => Some(line),
        };
        let document = crate::gate::document_name(report, name);
        let entries: Vec<Entry> = renderer
            .shown(report)
            .map(|d| Entry {
                severity: d.severity,
                code: d.code,
                pointer: d.pointer.clone(),
                line: source.file_line(d.line),
                column: d.column,
                message: d.message.clone(),
                fingerprint: d.fingerprint.in_document(document),
            })
            .collect();
        for d in report.diagnostics() {
            *self.by_code.entry(d.code).or_default() += 1;
        }
        self.summary.add(report);
        // A stream's lines share a name; a whole document joins only an
        // input just started for it, so a file named twice is two inputs.
        let same = matches!(self.files.last(),
            Some(f) if f.name == name && (line.is_some() || f.summary.documents == 0));
        if !same {
            self.files.push(FileEntry {
                name: name.to_owned(),
                documents: Vec::new(),
                summary: Summary::new(),
            });
        }
        let Some(file) = self.files.last_mut() else {
            return;
        };
        file.summary.add(report);
        if self.keep_clean || !entries.is_empty() {
            file.documents.push(DocumentEntry {
                line,
                valid: report.is_valid(),
                failed: report
                    .diagnostics()
                    .iter()
                    .any(|d| self.fail_on.fails(d.severity)),
                entries,
            });
        }
    }

    /// Starts an input that may have no documents (an empty stream), so that
    /// it still has its place (an empty JUnit test suite).
    pub fn start_file(&mut self, name: &str) {
        self.files.push(FileEntry {
            name: name.to_owned(),
            documents: Vec::new(),
            summary: Summary::new(),
        });
    }

    /// The inputs, in input order.
    #[must_use]
    pub fn files(&self) -> &[FileEntry] {
        &self.files
    }

    /// Counts of every document and diagnostic added, shown or hidden.
    #[must_use]
    pub const fn summary(&self) -> &Summary {
        &self.summary
    }

    /// How many diagnostics of each code were added, shown or hidden.
    #[must_use]
    pub const fn by_code(&self) -> &BTreeMap<Code, u64> {
        &self.by_code
    }

    /// Every kept entry with its source, in input order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (Source<'_>, &Entry)> {
        self.files.iter().flat_map(|file| {
            file.documents.iter().flat_map(move |doc| {
                let source = doc.source(&file.name);
                doc.entries.iter().map(move |e| (source, e))
            })
        })
    }
}

impl DocumentEntry {
    /// The document's [`Source`], given its input's name.
    #[must_use]
    pub fn source<'a>(&self, name: &'a str) -> Source<'a> {
        match self.line {
            None => Source::Document(name),
            Some(line) => Source::Line { name, line },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    fn report(diagnostics: Vec<Diagnostic>) -> Report {
        Report::from_diagnostics(diagnostics)
    }

    fn at(code: Code, line: u32, column: u32) -> Diagnostic {
        Diagnostic::at(code, "/X", line, column, "m")
    }

    #[test]
    fn lines_of_a_stream_join_one_file_and_positions_are_the_streams() {
        let renderer = Renderer::new();
        let mut all = Aggregate::new();
        let line = |line| Source::Line {
            name: "s.ndjson",
            line,
        };
        all.add(&renderer, line(1), &report(vec![]));
        let failing = report(vec![at(Code::EnumUnknown, 1, 40)]);
        all.add(&renderer, line(3), &failing);
        all.add(&renderer, Source::Document("a.json"), &report(vec![]));
        all.add(&renderer, Source::Document("a.json"), &report(vec![]));
        assert_eq!(all.files().len(), 3);
        let stream = &all.files()[0];
        assert_eq!(stream.summary.documents, 2);
        // The clean line is counted, not kept.
        assert_eq!(stream.documents.len(), 1);
        let doc = &stream.documents[0];
        assert_eq!((doc.line, doc.valid), (Some(3), false));
        assert_eq!((doc.entries[0].line, doc.entries[0].column), (3, 40));
        // Named by the stream, as a baseline names a document without an InstanceId.
        let fingerprint = failing.diagnostics()[0].fingerprint;
        assert_eq!(
            doc.entries[0].fingerprint,
            fingerprint.in_document("s.ndjson")
        );
        assert_eq!(all.summary().documents, 4);
        assert_eq!(all.by_code().get(&Code::EnumUnknown), Some(&1));
    }

    #[test]
    fn hidden_diagnostics_are_counted_not_kept() {
        let renderer = Renderer::new().with_min_severity(Severity::Error);
        let mut all = Aggregate::new().should_keep_clean(true);
        let r = report(vec![at(Code::FieldUnknown, 2, 3)]);
        all.add(&renderer, Source::Document("a"), &r);
        let doc = &all.files()[0].documents[0];
        assert!(doc.valid);
        assert!(doc.entries.is_empty());
        assert_eq!(all.summary().infos, 1);
        assert_eq!(all.by_code().get(&Code::FieldUnknown), Some(&1));
    }
}
