//! The tolerant parse: bytes in, a typed instance and diagnostics out, never a panic.

use serde_json::Value;

use crate::decode::Cx;
use crate::diagnostic::{Code, Diagnostic, Overflow};
use crate::json::{self, Doc, Document, Kind, Located, Node, Tape};
use crate::kind::BodyKind;
use crate::lines::Positions;
use crate::model::{self, Instance, ListInstances};
use crate::pointer::Pointer;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What parsing or validating one document found.
///
/// It keeps the parsed document, so that [`diff`](crate::diff) and
/// [`normalize`](crate::normalize) work from the JSON data as sent rather
/// than from the typed model serialized again.
#[derive(Debug, Clone, Default)]
pub struct Report {
    document: Option<Document>,
    kind: Option<BodyKind>,
    instance: Option<Instance>,
    list: Option<ListInstances>,
    diagnostics: Vec<Diagnostic>,
    /// Kept apart from the document, which NDJSON reports drop.
    instance_id: Option<Box<str>>,
}

impl Report {
    /// The JSON data of the document as parsed (the last of repeated keys
    /// kept), if the input was JSON at all.
    #[must_use]
    pub fn value(&self) -> Option<&Value> {
        self.document.as_ref().map(|d| &d.value)
    }

    /// What the body is, if the input was a JSON object: detected, or as
    /// [`Validator::with_kind`](crate::Validator::with_kind) forced it.
    #[must_use]
    pub fn kind(&self) -> Option<BodyKind> {
        self.kind
    }

    /// The instance, if the input was a JSON object read as a GetInstance
    /// body or an API error body (whose envelope fields it holds).
    #[must_use]
    pub fn instance(&self) -> Option<&Instance> {
        self.instance.as_ref()
    }

    /// The page, if the input was a JSON object read as a ListInstances body.
    #[must_use]
    pub fn list(&self) -> Option<&ListInstances> {
        self.list.as_ref()
    }

    /// Takes the instance out of the report.
    #[must_use]
    pub fn into_instance(self) -> Option<Instance> {
        self.instance
    }

    /// Every diagnostic, in the order of the positions they point at.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The error-severity diagnostics.
    pub fn iter_errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// The document's `InstanceId`, when it has a non-empty string one: what
    /// names the document across files and captures.
    #[must_use]
    pub fn instance_id(&self) -> Option<&str> {
        self.instance_id.as_deref()
    }

    /// `report`'s document identity with other diagnostics: what a
    /// [`Gate`](crate::Gate) makes of it.
    pub(crate) fn gated(report: &Report, diagnostics: Vec<Diagnostic>) -> Self {
        Report {
            document: None,
            kind: report.kind,
            instance: None,
            list: None,
            diagnostics,
            instance_id: report.instance_id.clone(),
        }
    }

    pub(crate) fn diagnostics_mut(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.diagnostics
    }

    /// Whether no diagnostic is an error.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        self.iter_errors().next().is_none()
    }

    /// The report without its parsed document, which is several times the
    /// size of the input.
    #[cfg(feature = "policy")]
    pub(crate) fn without_document(self) -> Self {
        Report {
            document: None,
            ..self
        }
    }

    /// A report about input that was never parsed, such as a stream too large to buffer.
    pub(crate) fn from_diagnostics(mut diagnostics: Vec<Diagnostic>) -> Self {
        for d in &mut diagnostics {
            d.fingerprint = crate::fingerprint::of(None::<&Value>, d);
        }
        Report {
            document: None,
            kind: None,
            instance: None,
            list: None,
            diagnostics,
            instance_id: None,
        }
    }
}

/// One document on its way through the pipeline, read into `D`: a
/// [`Document`] (what a [`Report`] keeps) or a [`Tape`] (what costs least
/// to read, for reports that keep no document).
pub(crate) struct Pass<'a, D = Document> {
    /// The document's text, which positions what is said about it.
    pub source: Positions<'a>,
    pub document: Option<D>,
    pub kind: Option<BodyKind>,
    pub instance: Option<Instance>,
    pub list: Option<ListInstances>,
    /// Every diagnostic, positioned when it is made.
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics past [`MAX_DIAGNOSTICS`](crate::MAX_DIAGNOSTICS), counted.
    pub overflow: Overflow,
}

/// Reads `bytes` and, when `typed`, decodes them as the `forced` kind or the
/// kind they look like, without the semantic checks.
pub(crate) fn pass(bytes: &[u8], typed: bool, forced: Option<BodyKind>) -> Pass<'_> {
    let (text, diagnostics) = without_bom(bytes);
    let read = json::read(text);
    let mut pass = Pass::read(
        text,
        diagnostics,
        read.document,
        read.diagnostics,
        read.overflow,
    );
    pass.decode(typed, forced);
    pass
}

/// [`pass`], typed, through a [`Tape`] scanned with its starts rather than
/// a [`Value`]: the same diagnostics at a fraction of the cost, for reports
/// that keep no document.
pub(crate) fn lean_pass(bytes: &[u8], forced: Option<BodyKind>) -> Pass<'_, Tape<&str>> {
    let (text, diagnostics) = without_bom(bytes);
    let (document, located, overflow) = match json::checked(text) {
        Ok(json) => {
            let (tape, located, overflow) = Tape::scan(json, 0, true);
            (tape.ok(), located, overflow)
        }
        Err(located) => (None, vec![located], Overflow::default()),
    };
    let mut pass = Pass::read(text, diagnostics, document, located, overflow);
    pass.decode(true, forced);
    pass
}

/// `bytes` without a leading byte order mark, and its diagnostic if it had one.
fn without_bom(bytes: &[u8]) -> (&[u8], Vec<Diagnostic>) {
    match bytes.strip_prefix(BOM) {
        Some(rest) => (rest, vec![bom()]),
        None => (bytes, Vec::new()),
    }
}

impl<'a, D: Doc> Pass<'a, D> {
    /// A pass over `text` (a BOM removed, its diagnostic in `diagnostics`)
    /// read into `document`, with what the reading said.
    fn read(
        text: &'a [u8],
        mut diagnostics: Vec<Diagnostic>,
        document: Option<D>,
        located: Vec<Located>,
        overflow: Overflow,
    ) -> Self {
        let source = Positions::new(text);
        for located in located {
            let (line, column) = source.position(located.offset);
            diagnostics.push(Diagnostic {
                line,
                column,
                ..located.diagnostic
            });
        }
        Pass {
            source,
            document,
            kind: None,
            instance: None,
            list: None,
            diagnostics,
            overflow,
        }
    }

    /// Detects the document's kind (or takes the `forced` one) and, when
    /// `typed`, decodes it as that kind.
    fn decode(&mut self, typed: bool, forced: Option<BodyKind>) {
        let Some(document) = &self.document else {
            return;
        };
        let root = document.root();
        // What is said of the body as a whole is said at its start.
        let (line, column) = self.source.position(document.start(0).unwrap_or(0));
        if !root.is_object() {
            let expected = forced.unwrap_or(BodyKind::GetInstance);
            self.diagnostics.push(Diagnostic {
                line,
                column,
                ..not_an_object(root, expected)
            });
            return;
        }
        let detected = BodyKind::of(root);
        let read_as = forced.unwrap_or(detected);
        if read_as != detected {
            self.diagnostics.push(Diagnostic {
                line,
                column,
                ..Diagnostic::new(
                    Code::ResponseKind,
                    Pointer::root(),
                    format!(
                        "read as {} as asked, but the body looks like {}",
                        read_as.title(),
                        detected.title()
                    ),
                )
            });
        }
        self.kind = Some(read_as);
        if typed {
            let mut cx = Cx::located(document, &self.source);
            match read_as {
                BodyKind::ListInstances => self.list = model::decode_list(root, &mut cx),
                _ => self.instance = model::decode_instance(root, &mut cx),
            }
            self.diagnostics.append(&mut cx.diagnostics);
            self.overflow.merge(cx.overflow);
        }
    }

    /// The report, without the document: the diagnostics fingerprinted,
    /// shown through the secret policy and ordered by position.
    fn report(self) -> (Report, Option<D>) {
        let Pass {
            source: _,
            document,
            kind,
            instance,
            list,
            mut diagnostics,
            overflow,
        } = self;
        debug_assert!(
            diagnostics.iter().all(|d| d.line > 0),
            "a diagnostic without a position: {diagnostics:?}"
        );
        // A closure, not `Doc::root`: Rust 1.85 cannot tell how long the path form borrows.
        let root = document.as_ref().map(|document| document.root());
        // Named by their true pointers, before these are redacted.
        for d in &mut diagnostics {
            d.fingerprint = crate::fingerprint::of(root, d);
        }
        finish_diagnostics(&mut diagnostics, overflow);
        // A page names no one instance.
        let instance_id = root
            .filter(|_| kind != Some(BodyKind::ListInstances))
            .and_then(|root| root.get("InstanceId")?.as_str())
            .filter(|id| !id.is_empty())
            .map(Box::from);
        let report = Report {
            document: None,
            kind,
            instance,
            list,
            diagnostics,
            instance_id,
        };
        (report, document)
    }
}

impl Pass<'_> {
    /// The report, which keeps the document.
    pub fn finish(self) -> Report {
        let (report, document) = self.report();
        Report { document, ..report }
    }
}

impl Pass<'_, Tape<&str>> {
    /// The report, which keeps no document: a tape is no [`Value`].
    pub fn finish(self) -> Report {
        self.report().0
    }
}

/// The diagnostic of a byte order mark.
fn bom() -> Diagnostic {
    Diagnostic {
        line: 1,
        column: 1,
        ..Diagnostic::new(
            Code::JsonBom,
            Pointer::root(),
            "a UTF-8 byte order mark precedes the JSON text; ignored",
        )
    }
}

/// The diagnostic of a root `value` that is not an object, where
/// `expected` was; its position is the caller's to give.
fn not_an_object<'a, N: Node<'a>>(value: N, expected: BodyKind) -> Diagnostic {
    let found = match value.kind() {
        Kind::String => "a string".into(),
        _ => crate::decode::describe(value, false),
    };
    Diagnostic::new(
        Code::TypeMismatch,
        Pointer::root(),
        format!(
            "expected {} (a JSON object), found {found}",
            expected.title()
        ),
    )
}

/// Positioned diagnostics (all of them), shown through the secret policy
/// and in order, the ones past the limit counted.
fn finish_diagnostics(diagnostics: &mut Vec<Diagnostic>, overflow: Overflow) {
    // Positioned by their true pointers, shown through the secret policy:
    // a name can be a credential too, and every format prints these.
    for d in diagnostics.iter_mut() {
        d.pointer.redact();
        crate::secret::redact::text_in_place(&mut d.message);
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
    overflow.finish(diagnostics);
}

/// [`read`] into a compact [`Tape`] rather than a [`Value`]: the same
/// diagnostics, and the tape if the bytes held JSON. The bytes are kept, in
/// the tape.
pub(crate) fn read_tape(bytes: Vec<u8>) -> (Option<Tape>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let skip = if bytes.starts_with(BOM) {
        diagnostics.push(bom());
        BOM.len()
    } else {
        0
    };
    let position = |diagnostics: &mut Vec<Diagnostic>, text: &[u8], located: Vec<Located>| {
        let source = Positions::new(text);
        for located in located {
            let (line, column) = source.position(located.offset);
            diagnostics.push(Diagnostic {
                line,
                column,
                ..located.diagnostic
            });
        }
    };
    // Checked once, as the string the tape keeps.
    let checked = if bytes.len() - skip > crate::MAX_INPUT_BYTES {
        Err(bytes)
    } else {
        String::from_utf8(bytes).map_err(std::string::FromUtf8Error::into_bytes)
    };
    let text = match checked {
        Ok(text) => text,
        Err(bytes) => {
            let located = json::checked(&bytes[skip..]).err();
            position(
                &mut diagnostics,
                &bytes[skip..],
                located.into_iter().collect(),
            );
            finish_diagnostics(&mut diagnostics, Overflow::default());
            return (None, diagnostics);
        }
    };
    let (tape, located, overflow) = Tape::scan(text, skip, false);
    let tape = match tape {
        Ok(tape) => {
            position(&mut diagnostics, tape.json().as_bytes(), located);
            let root = tape.root();
            if !root.is_object() {
                let (line, column) =
                    Positions::new(tape.json().as_bytes()).position(tape.root_start);
                diagnostics.push(Diagnostic {
                    line,
                    column,
                    ..not_an_object(root, BodyKind::GetInstance)
                });
            }
            Some(tape)
        }
        Err(text) => {
            position(&mut diagnostics, &text.as_bytes()[skip..], located);
            None
        }
    };
    finish_diagnostics(&mut diagnostics, overflow);
    (tape, diagnostics)
}

/// Parses a GetInstance body tolerantly.
///
/// Never fails and never panics: what could be recovered is in
/// [`Report::instance`], and every problem met on the way is a diagnostic
/// with a JSON Pointer, a line and a column. This checks the JSON syntax,
/// the documented types and enums; [`validate`](crate::validate) adds the
/// semantic rules.
///
/// # Examples
///
/// ```
/// let report = dswcheck::parse(br#"{"InstanceId": "dsw-123", "Status": "running"}"#);
/// let instance = report.instance().unwrap();
/// assert_eq!(instance.instance_id.as_deref(), Some("dsw-123"));
/// let d = &report.diagnostics()[0];
/// assert_eq!((d.code.as_str(), d.pointer.as_str(), d.line, d.column), ("enum.unknown", "/Status", 1, 37));
/// assert!(d.message.contains("did you mean \"Running\"?"));
/// ```
#[must_use]
pub fn parse(bytes: &[u8]) -> Report {
    pass(bytes, true, None).finish()
}

/// Reads the JSON text alone: the JSON syntax diagnostics (`json.*`, and a
/// body that is not an object) and the parsed document, without decoding the
/// typed model, so [`Report::instance`] is `None`.
///
/// The first of three levels: [`parse`] adds the typed model with its type
/// and enum diagnostics, [`validate`](crate::validate) the semantic rules.
/// It is all that [`diff`](crate::diff) and [`normalize`](crate::normalize)
/// need, in about half the memory of [`parse`].
///
/// # Examples
///
/// ```
/// let report = dswcheck::read(br#"{"InstanceId": "dsw-1", "Status": "running"}"#);
/// assert!(report.diagnostics().is_empty()); // the enum is parse's business
/// assert!(report.instance().is_none());
/// assert_eq!(report.value().unwrap()["Status"], "running");
/// ```
#[must_use]
pub fn read(bytes: &[u8]) -> Report {
    pass(bytes, false, None).finish()
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::{Code, MAX_DIAGNOSTICS, Severity};

    #[test]
    fn reports_list_at_most_max_diagnostics_and_count_the_rest() {
        let n = MAX_DIAGNOSTICS + 5;
        let keys: Vec<String> = (0..n).map(|i| format!("\"k{i}\":0")).collect();
        // Unknown fields (info), then one type error past the limit.
        let body = format!("{{{},\"Priority\":[]}}", keys.join(","));
        let report = crate::parse(body.as_bytes());
        let diagnostics = report.diagnostics();
        assert_eq!(diagnostics.len(), MAX_DIAGNOSTICS + 1);
        let last = diagnostics.last().expect("a summary");
        assert_eq!(last.code, Code::ReportTruncated);
        assert_eq!(
            last.message,
            format!(
                "6 more diagnostics not listed (at most {MAX_DIAGNOSTICS} are); the worst of them is error"
            )
        );
        // The error left out still makes the document invalid.
        assert_eq!(last.severity, Severity::Error);
        assert!(!report.is_valid());
    }
}
