//! Text shared by messages and renderings: cutting long values short, and
//! counting things in words.

use std::fmt;

/// What ends text that was cut short.
const ELLIPSIS: char = '…';

/// The first `max` characters of `s`, if `s` is longer than that.
fn cut(s: &str, max: usize) -> Option<&str> {
    s.char_indices().nth(max).map(|(at, _)| &s[..at])
}

/// `s` cut after `max` characters, `…` marking the cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    match cut(s, max) {
        Some(head) => format!("{head}{ELLIPSIS}"),
        None => s.to_owned(),
    }
}

/// `s` as a quoted, escaped string, cut after `max` characters (the `…`
/// after the closing quote, so that the quotes hold only what was written).
///
/// Every value a message quotes comes through here, and so through the
/// secret policy, before it is cut: a cut could hide the end of a
/// credential's shape (the `@` after a URL's password) but not its start.
pub(crate) fn quote_cut(s: &str, max: usize) -> String {
    let s = crate::secret::redact::text(s);
    match cut(&s, max) {
        Some(head) => format!("{head:?}{ELLIPSIS}"),
        None => format!("{s:?}"),
    }
}

/// `s` with every control character but tab written as a JSON-style escape
/// (`\u001b`), so that no value can move the cursor, retitle the terminal
/// or overwrite lines already printed.
pub(crate) fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    use std::fmt::Write as _;
    let unsafe_char = |c: char| c.is_control() && c != '\t';
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A count and a noun that takes an `s` in the plural: `1 change`,
/// `2 changes`, `0 errors`.
pub fn plural<N>(n: N, noun: &str) -> Plural<'_, N> {
    Plural { n, noun }
}

/// See [`plural`].
pub struct Plural<'a, N> {
    n: N,
    noun: &'a str,
}

impl<N: fmt::Display + PartialEq + From<u8>> fmt::Display for Plural<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.n, self.noun)?;
        if self.n != N::from(1) {
            f.write_str("s")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_count_characters() {
        assert_eq!(truncate("abcdef", 3), "abc…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("éèêë", 2), "éè…");
        assert_eq!(quote_cut("a\"bcd", 3), "\"a\\\"b\"…");
        assert_eq!(quote_cut("ab", 3), "\"ab\"");
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(0u64, "error").to_string(), "0 errors");
        assert_eq!(plural(1usize, "change").to_string(), "1 change");
        assert_eq!(plural(2usize, "finding").to_string(), "2 findings");
    }

    #[test]
    fn control_characters_are_escaped_but_tabs_and_text_kept() {
        assert_eq!(escape_controls("plain\ttab é"), "plain\ttab é");
        assert!(matches!(
            escape_controls("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            escape_controls("a\u{1b}]0;title\u{7}\rb\u{7f}\u{9b}"),
            "a\\u001b]0;title\\u0007\\u000db\\u007f\\u009b"
        );
    }
}
