//! The colours of the text outputs (validate's diagnostics, the diff), in
//! one palette, and the one way they are written.

use std::fmt;

use anstyle::{AnsiColor, Reset, Style};

use crate::diagnostic::Severity;

/// Where a diagnostic points (`FILE:LINE:COLUMN:`).
pub(crate) const LOCATION: Style = Style::new().bold();
/// A heading: the instance a diff is about, a section of it.
pub(crate) const HEADING: Style = Style::new().bold();
/// A value only the new snapshot has.
pub(crate) const ADDED: Style = AnsiColor::Green.on_default();
/// A value only the old snapshot has.
pub(crate) const REMOVED: Style = AnsiColor::Red.on_default();
/// The marker of a value both snapshots have, changed.
pub(crate) const CHANGED: Style = AnsiColor::Yellow.on_default();
/// What matters less: a field's class, lines left out of a line diff.
pub(crate) const DIM: Style = Style::new().dimmed();

/// The colour of a severity.
pub(crate) const fn severity(severity: Severity) -> Style {
    match severity {
        Severity::Error => AnsiColor::Red.on_default(),
        Severity::Warning => AnsiColor::Yellow.on_default(),
        Severity::Info => AnsiColor::Cyan.on_default(),
    }
}

/// The `SEVERITY[CODE]` label of a diagnostic line: its severity's colour,
/// bold, since it is what a reader scans a list of diagnostics for.
pub(crate) const fn label(severity: Severity) -> Style {
    self::severity(severity).bold()
}

/// Paints text in a style when colour is on, and leaves it plain otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Painter {
    on: bool,
}

impl Painter {
    pub(crate) const fn new(on: bool) -> Self {
        Painter { on }
    }

    /// `text` in `style`, as something to format.
    pub(crate) fn paint<T: fmt::Display>(self, style: Style, text: T) -> Painted<T> {
        Painted {
            style: if self.on { style } else { Style::new() },
            text,
        }
    }
}

/// Text and the style it is written in (see [`Painter::paint`]).
pub(crate) struct Painted<T> {
    style: Style,
    text: T,
}

impl<T: fmt::Display> fmt::Display for Painted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.style.is_plain() {
            return self.text.fmt(f);
        }
        // anstyle writes one SGR sequence per attribute (`ESC[1m ESC[31m`);
        // they are joined into one (`ESC[1;31m`), the bytes dswcheck has
        // always written and that its users may match on.
        let start = self.style.render().to_string().replace("m\x1b[", ";");
        write!(f, "{start}{}{}", self.text, Reset.render())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_sequence_per_style_and_nothing_when_off() {
        let on = Painter::new(true);
        assert_eq!(
            on.paint(label(Severity::Error), "error").to_string(),
            "\x1b[1;31merror\x1b[0m"
        );
        assert_eq!(on.paint(HEADING, "a").to_string(), "\x1b[1ma\x1b[0m");
        assert_eq!(on.paint(ADDED, "+").to_string(), "\x1b[32m+\x1b[0m");
        assert_eq!(on.paint(DIM, "...").to_string(), "\x1b[2m...\x1b[0m");
        assert_eq!(
            on.paint(severity(Severity::Info), 1).to_string(),
            "\x1b[36m1\x1b[0m"
        );
        assert_eq!(on.paint(Style::new(), "plain").to_string(), "plain");
        let off = Painter::new(false);
        assert_eq!(off.paint(label(Severity::Warning), "w").to_string(), "w");
    }
}
