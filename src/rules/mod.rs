//! Semantic rules: what the documents say that a schema cannot express.

use crate::diagnostic::Diagnostic;
use crate::model::Instance;

/// Runs every rule over `instance`.
pub(crate) fn check(_instance: &Instance, _out: &mut Vec<Diagnostic>) {}
