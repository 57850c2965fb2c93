//! What review shows of a pending snapshot.

use std::fmt::Write as _;

use serde_json::Value;

use super::{Error, Name, Store, Verdict, describe, read_object};
use crate::diff::DiffOptions;
use crate::style::{self, Painter};
use crate::text::escape_controls;

/// A pending snapshot, as review shows it: what it is and what changed.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Review {
    /// The snapshot's name.
    pub name: Name,
    /// New, or the changes from the accepted snapshot.
    pub verdict: Verdict,
    /// The pending snapshot's `InstanceName`, if it has one.
    pub instance_name: Option<String>,
    /// The pending snapshot's `Status`, if it has one.
    pub status: Option<String>,
    /// The whole pending snapshot in the canonical form, volatile fields
    /// kept and secrets redacted.
    pub full: String,
}

impl Review {
    /// The pending snapshot `name` of `store`, compared with its accepted
    /// snapshot under `options`.
    ///
    /// # Errors
    ///
    /// When either file cannot be read or is not a JSON object, when there
    /// is no pending snapshot `name`, and when the two cannot be compared.
    pub fn load(store: &Store, name: &Name, options: &DiffOptions) -> Result<Review, Error> {
        let path = store.pending_path(name);
        let bytes = store.read_pending(name)?.ok_or_else(|| Error::Io {
            path: path.clone(),
            source: std::io::ErrorKind::NotFound.into(),
        })?;
        let pending = read_object(&path, &bytes)?;
        drop(bytes);
        let verdict = match store.read_accepted(name)? {
            None => Verdict::New,
            Some(accepted) => {
                let accepted_path = store.accepted_path(name);
                let accepted = read_object(&accepted_path, &accepted)?;
                let diff =
                    crate::diff(&accepted, &pending, options).map_err(|source| Error::Diff {
                        path: accepted_path,
                        source,
                    })?;
                Verdict::Changed(diff)
            }
        };
        // Everything shown comes through the canonical form again, so that a
        // pending file edited by hand still shows no credential, in the
        // header either.
        let canonical =
            crate::normalize(&pending, &DiffOptions::new().should_include_volatile(true));
        let field = |key: &str| {
            canonical.get(key).map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
        };
        // serde_json leaves DEL and the C1 controls as they are; the
        // newlines between lines stay.
        let pretty = serde_json::to_string_pretty(&canonical).unwrap_or_default();
        let full: String = pretty
            .lines()
            .map(|line| format!("{}\n", escape_controls(line)))
            .collect();
        Ok(Review {
            name: name.clone(),
            instance_name: field("InstanceName"),
            status: field("Status"),
            verdict,
            full,
        })
    }

    /// The header: the name, what kind of change, `InstanceName` and
    /// `Status`; coloured when `color` is on.
    #[must_use]
    pub fn header(&self, color: bool) -> String {
        let paint = Painter::new(color);
        let mut out = String::new();
        let kind = describe(&self.verdict);
        let kind_style = match self.verdict {
            Verdict::New => style::ADDED,
            _ => style::CHANGED,
        };
        let _ = writeln!(
            out,
            "{} {}",
            paint.paint(style::HEADING, &self.name),
            paint.paint(kind_style, format_args!("({kind})"))
        );
        for (label, value) in [
            ("InstanceName", &self.instance_name),
            ("Status", &self.status),
        ] {
            if let Some(value) = value {
                // Secrets are never here: neither field is one. Controls
                // are escaped, as every value a terminal shows.
                let _ = writeln!(
                    out,
                    "  {}: {}",
                    paint.paint(style::DIM, label),
                    escape_controls(value)
                );
            }
        }
        out
    }

    /// What changed: the diff for a changed snapshot, the whole canonical
    /// form for a new one.
    #[must_use]
    pub fn body(&self, color: bool) -> String {
        match &self.verdict {
            Verdict::Changed(diff) => diff.to_text(color),
            Verdict::New | Verdict::Unchanged => self.full.clone(),
        }
    }
}
