//! Snapshot names: file names that cannot leave the store.

use std::fmt;

/// The longest name, in bytes: with `.json.new` it stays under the 255
/// bytes most file systems allow in one name.
pub const MAX_NAME_BYTES: usize = 200;

/// The name of a snapshot, its file in the store without `.json`: an
/// `InstanceId`, or a name given on the command line.
///
/// A name is one path component that means the same on every system the
/// store is checked out on: not empty, at most [`MAX_NAME_BYTES`], without
/// `/`, `\`, `..`, a control character, a leading `.` (hidden, and `.` and
/// `..` themselves), a trailing space or `.` (which Windows drops), or any of
/// `< > : " | ? *` (which Windows forbids). The body an `InstanceId` comes
/// from is untrusted, so every name is checked before it touches a path.
///
/// # Examples
///
/// ```
/// use dswcheck::snapshot::Name;
///
/// assert_eq!(Name::new("dsw-123").unwrap().as_str(), "dsw-123");
/// assert!(Name::new("../etc/passwd").is_err());
/// assert!(Name::new(".hidden").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(String);

/// Why a string cannot name a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameError {
    name: String,
    reason: &'static str,
}

impl Name {
    /// Checks `name`.
    ///
    /// # Errors
    ///
    /// When `name` breaks one of the rules above; the error says which.
    pub fn new(name: &str) -> Result<Name, NameError> {
        let reason = if name.is_empty() {
            Some("it is empty")
        } else if name.len() > MAX_NAME_BYTES {
            Some("it is longer than 200 bytes")
        } else if name.contains(['/', '\\']) {
            Some("it holds a path separator")
        } else if name.contains("..") {
            Some("it holds `..`")
        } else if name.chars().any(char::is_control) {
            Some("it holds a control character")
        } else if name.starts_with('.') {
            Some("it starts with `.`")
        } else if name.ends_with(['.', ' ']) {
            Some("it ends with `.` or a space")
        } else if name.contains(['<', '>', ':', '"', '|', '?', '*']) {
            Some("it holds one of < > : \" | ? *")
        } else {
            None
        };
        match reason {
            None => Ok(Name(name.to_owned())),
            Some(reason) => Err(NameError {
                name: name.to_owned(),
                reason,
            }),
        }
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Debug-quoted, so that the rejected name cannot drive a terminal.
        let shown = crate::text::truncate(&self.name, 80);
        write!(f, "{shown:?} cannot name a snapshot: {}", self.reason)
    }
}

impl std::error::Error for NameError {}

/// Whether `name` matches `pattern`, where `*` is any run of characters and
/// `?` any one character.
#[must_use]
pub fn glob_matches(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    // The classic linear backtracking match: the last `*` seen absorbs more
    // of the name on a mismatch.
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_leave_the_store() {
        for bad in [
            "",
            "/etc/passwd",
            "a/b",
            "a\\b",
            "..",
            ".",
            "a..b",
            ".git",
            "a\u{1b}[2J",
            "a\nb",
            "a\0",
            "C:x",
            "a*",
            "a.",
            "a ",
        ] {
            assert!(Name::new(bad).is_err(), "{bad:?}");
        }
        assert!(Name::new(&"x".repeat(201)).is_err());
        for good in [
            "dsw-123",
            "dsw-1a2b.v2",
            "before_upgrade",
            "x".repeat(200).as_str(),
            "名前",
        ] {
            assert!(Name::new(good).is_ok(), "{good:?}");
        }
        let error = Name::new("a\u{1b}b").unwrap_err().to_string();
        assert_eq!(
            error,
            "\"a\\u{1b}b\" cannot name a snapshot: it holds a control character"
        );
    }

    #[test]
    fn globs() {
        assert!(glob_matches("*", "dsw-1"));
        assert!(glob_matches("dsw-*", "dsw-1"));
        assert!(glob_matches("dsw-?", "dsw-1"));
        assert!(!glob_matches("dsw-?", "dsw-12"));
        assert!(glob_matches("*-1*", "dsw-123"));
        assert!(glob_matches("dsw-1", "dsw-1"));
        assert!(!glob_matches("dsw-1", "dsw-12"));
        assert!(glob_matches("a*b*c", "axxbyyc"));
        assert!(!glob_matches("a*b*c", "axxbyy"));
    }
}
