//! Where the rules and policies put what they find: each diagnostic gets
//! its line and column when it is made, from its pointer into the document.

use crate::diagnostic::{Code, Diagnostic};
use crate::json::{Doc, Locator};
use crate::lines::Positions;
use crate::pointer::Pointer;

/// The diagnostics of checks that look at the parsed document after its
/// reading (the rules, the policies), positioned as they are pushed.
///
/// The checks write pointers from the value they are given; for an item of
/// a ListInstances page that is the item, and [`Findings::set_within`]
/// puts the item's own pointer before theirs.
pub(crate) struct Findings<'a> {
    out: &'a mut Vec<Diagnostic>,
    /// `None` for values from no document: their diagnostics get no position.
    locator: Option<Locator<'a>>,
    /// Where the value being checked is in the document.
    within: Pointer,
}

impl<'a> Findings<'a> {
    /// Findings about values that come from no document: lines and columns
    /// stay 0, for the caller to give.
    pub fn new(out: &'a mut Vec<Diagnostic>) -> Self {
        Findings {
            out,
            locator: None,
            within: Pointer::root(),
        }
    }

    /// Findings about `document`, whose text `source` positions them.
    pub fn located<D: Doc>(
        out: &'a mut Vec<Diagnostic>,
        document: &'a D,
        source: &'a Positions<'a>,
    ) -> Self {
        Findings {
            locator: Some(Locator::new(document, source)),
            ..Findings::new(out)
        }
    }

    /// Checks from now on look at the value at `within` (a page's item),
    /// and their pointers are relative to it.
    pub fn set_within(&mut self, within: Pointer) {
        self.within = within;
    }

    /// Adds a diagnostic of `code` at `pointer`, with the code's severity.
    pub fn push(&mut self, code: Code, pointer: Pointer, message: impl Into<String>) {
        self.push_diagnostic(Diagnostic::new(code, pointer, message));
    }

    /// Adds `diagnostic`, whose pointer is relative to the value being
    /// checked, at its place in the document.
    pub fn push_diagnostic(&mut self, mut diagnostic: Diagnostic) {
        if !self.within.is_root() {
            diagnostic.pointer = self.within.join(&diagnostic.pointer);
        }
        if let Some(locator) = &mut self.locator {
            (diagnostic.line, diagnostic.column) = locator.position(&diagnostic.pointer);
        }
        self.out.push(diagnostic);
    }

    /// How many diagnostics the report holds so far, theirs and others'.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// Drops the diagnostics pushed since there were `len`, for a check
    /// that looks again more closely.
    pub fn truncate(&mut self, len: usize) {
        self.out.truncate(len);
    }
}
