//! [`Snapshot`]: a body read for a diff alone, in a fraction of the memory of a [`Report`](crate::Report).

use crate::diagnostic::Diagnostic;
use crate::json::{Tape, TapeNode};

/// A snapshot read for [`diff_snapshots`](crate::diff_snapshots): its text,
/// kept, and a compact index of its values, about twice the size of the
/// text, where a [`Report`](crate::Report)'s parsed document is several
/// times it. For comparing large bodies; it has no typed model.
///
/// # Examples
///
/// ```
/// let snapshot = dswcheck::Snapshot::read(b"{\"a\": 1, \"a\": 2}".to_vec());
/// assert!(snapshot.is_object());
/// let d = &snapshot.diagnostics()[0];
/// assert_eq!((d.code.as_str(), d.line, d.column), ("json.duplicate-key", 1, 10));
/// ```
#[derive(Debug, Clone)]
pub struct Snapshot {
    tape: Option<Tape>,
    diagnostics: Vec<Diagnostic>,
}

impl Snapshot {
    /// Reads `bytes` as [`read`](crate::read) does, with the same
    /// diagnostics (`json.*`, and a body that is not an object), and keeps
    /// them. Never fails and never panics.
    #[must_use]
    pub fn read(bytes: Vec<u8>) -> Snapshot {
        let (tape, diagnostics) = crate::parse::read_tape(bytes);
        Snapshot { tape, diagnostics }
    }

    /// Every diagnostic, in the order of the positions they point at. They
    /// carry no [`fingerprint`](Diagnostic::fingerprint) (it is the default):
    /// fingerprints name findings in baselines and SARIF, which come from
    /// [`validate`](crate::validate)'s reports, and computing them on the
    /// tape would cost a walk per diagnostic.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The error-severity diagnostics.
    pub fn iter_errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// Whether the bytes held a JSON object, which a diff can compare.
    #[must_use]
    pub fn is_object(&self) -> bool {
        use crate::json::Node as _;
        self.root().is_some_and(|root| root.is_object())
    }

    pub(crate) fn root(&self) -> Option<TapeNode<'_>> {
        self.tape.as_ref().map(Tape::root)
    }
}
