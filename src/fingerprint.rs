//! Stable fingerprints of diagnostics, for baselines and code scanning.
//!
//! A fingerprint names a finding, not where it was printed: it stays the same
//! when the body is reformatted (pretty or minified), its fields reordered,
//! its identity-keyed arrays shuffled or its lines moved. It digests
//!
//! - the code,
//! - the pointer, with each element of an identity-keyed array named by its
//!   key (`Labels[Key=env]`) rather than its index,
//! - a digest of the offending value: scalars as their canonical text,
//!   arrays and objects by their type and length (a digest of a whole subtree
//!   per diagnostic would make the work quadratic), never for a secret, whose
//!   digest a short password could be guessed back from.
//!
//! What names the document (its `InstanceId`, or its file) is added by
//! whoever knows the file: [`Fingerprint::in_document`].

use std::fmt;

use std::str::FromStr;

use serde::{Serialize, Serializer};
use serde_json::Number;
use sha2::{Digest, Sha256};

use crate::diagnostic::{Code, Diagnostic};
use crate::json::{Kind, Node};
use crate::model::{ELEMENT, Identity};

/// A 64-bit digest of a finding: its code, its place and its value.
///
/// Shown and serialized as 16 lowercase hex digits. The digest is SHA-256,
/// cut to its first 8 bytes: the same input gives the same fingerprint on
/// every platform and in every version that keeps
/// [`FINGERPRINT_VERSION`](crate::FINGERPRINT_VERSION).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fingerprint(u64);

/// The version of the fingerprint scheme; fingerprints of different versions
/// never match.
pub const FINGERPRINT_VERSION: u32 = 1;

impl Fingerprint {
    /// The fingerprint of the same finding in the document named `document`
    /// (its `InstanceId`, or its file name when it has none).
    #[must_use]
    pub fn in_document(self, document: &str) -> Fingerprint {
        let mut hasher = Hasher::new();
        hasher.part(document.as_bytes());
        hasher.part(&self.0.to_be_bytes());
        hasher.finish()
    }

    /// Parses the 16-hex-digit form.
    #[must_use]
    pub fn from_hex(hex: &str) -> Option<Fingerprint> {
        if hex.len() != 16 {
            return None;
        }
        u64::from_str_radix(hex, 16).ok().map(Fingerprint)
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// SHA-256 over length-prefixed parts, so that no two sequences of parts
/// hash the same input (`"ab" "c"` against `"a" "bc"`).
struct Hasher(Sha256);

impl Hasher {
    fn new() -> Self {
        let mut sha = Sha256::new();
        sha.update(FINGERPRINT_VERSION.to_be_bytes());
        Hasher(sha)
    }

    fn part(&mut self, bytes: &[u8]) {
        self.0.update((bytes.len() as u64).to_be_bytes());
        self.0.update(bytes);
    }

    fn finish(self) -> Fingerprint {
        let digest = self.0.finalize();
        let mut first = [0; 8];
        first.copy_from_slice(&digest[..8]);
        Fingerprint(u64::from_be_bytes(first))
    }
}

/// The fingerprint of `diagnostic` in `document` (the parsed body, if any),
/// from its true pointer: called before pointers are redacted.
pub(crate) fn of<'a, N: Node<'a>>(document: Option<N>, diagnostic: &Diagnostic) -> Fingerprint {
    let mut hasher = Hasher::new();
    hasher.part(diagnostic.code.as_str().as_bytes());
    let tokens: Vec<_> = diagnostic.pointer.tokens().collect();
    // The field table's path: object keys, and ELEMENT for array elements.
    let mut path: Vec<&str> = Vec::with_capacity(tokens.len());
    let mut node = document;
    for token in &tokens {
        match node.map(Node::kind) {
            Some(Kind::Array) => {
                let element = token
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| node.and_then(|n| n.element(i)));
                match element.and_then(|e| element_name(&path, e)) {
                    Some(name) => hasher.part(name.as_bytes()),
                    None => hasher.part(format!("[{token}]").as_bytes()),
                }
                node = element;
                path.push(ELEMENT);
            }
            Some(Kind::Object) => {
                hasher.part(format!("/{token}").as_bytes());
                node = node.and_then(|n| n.get(token));
                path.push(token);
            }
            // A pointer past the document's end (a rule's inner pointer):
            // its tokens are all there is to digest.
            _ => {
                hasher.part(format!("/{token}").as_bytes());
                node = None;
                path.push(token);
            }
        }
    }
    let secret = diagnostic.code == Code::SecretExposed || crate::secret::is_secret_at(&path);
    match node {
        _ if secret => hasher.part(b"secret"),
        None => hasher.part(b"absent"),
        Some(value) => hasher.part(value_digest(value).as_bytes()),
    }
    hasher.finish()
}

/// An identity-keyed element's name: `[Key=env]`; `None` where the array is
/// matched by position, or the element has no key.
fn element_name<'a, N: Node<'a>>(path: &[&str], element: N) -> Option<String> {
    match crate::diff::identity_of(path)? {
        Identity::Keys(candidates) => candidates.iter().find_map(|alternatives| {
            let key = crate::diff::key_of(element, alternatives, |_| true)?;
            Some(format!("[{}={key}]", alternatives[0]))
        }),
        Identity::Set => Some(format!("[={}]", crate::diff::set_key(element))),
    }
}

/// The part of a value a fingerprint digests: bounded, whatever its size.
fn value_digest<'a, N: Node<'a>>(value: N) -> String {
    match value.kind() {
        Kind::Null => "null".to_owned(),
        Kind::Bool => value.as_bool().unwrap_or_default().to_string(),
        Kind::Number => {
            let text = value.number_text().unwrap_or_default();
            // Every number of a document is one serde_json reads.
            match Number::from_str(&text) {
                Ok(n) => format!("number {}", crate::number::canonical(&n)),
                Err(_) => format!("number {text}"),
            }
        }
        Kind::String => format!("string {}", value.as_str().unwrap_or_default()),
        Kind::Array => format!("array {}", value.len()),
        Kind::Object => format!("object {}", value.len()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn fingerprints(body: &str) -> Vec<(String, Fingerprint)> {
        crate::validate(body.as_bytes())
            .diagnostics()
            .iter()
            .map(|d| (format!("{} {}", d.code, d.pointer), d.fingerprint))
            .collect()
    }

    #[test]
    fn stable_under_reformatting_and_reordering() {
        let a = fingerprints(
            r#"{"InstanceId": "dsw-1", "Priority": "3",
                "Labels": [{"Key": "env", "Value": "dev", "Color": 1}, {"Key": "team", "Value": "nlp"}]}"#,
        );
        let b = fingerprints(
            r#"{"Labels":[{"Key":"team","Value":"nlp"},{"Color":1,"Value":"dev","Key":"env"}],"Priority":"3","InstanceId":"dsw-1"}"#,
        );
        let mut a_prints: Vec<_> = a.iter().map(|(_, f)| *f).collect();
        let mut b_prints: Vec<_> = b.iter().map(|(_, f)| *f).collect();
        assert_eq!(a.len(), 2, "{a:?}");
        // The pointers differ (`/Labels/0/Color`, `/Labels/1/Color`), the fingerprints do not.
        assert_ne!(a, b);
        a_prints.sort();
        b_prints.sort();
        assert_eq!(a_prints, b_prints);
    }

    #[test]
    fn change_with_the_value_code_and_place() {
        let base = fingerprints(r#"{"Priority": "3"}"#);
        assert_eq!(base, fingerprints(r#"{"Priority":"3"}"#));
        assert_ne!(base[0].1, fingerprints(r#"{"Priority": "4"}"#)[0].1);
        assert_ne!(
            fingerprints(r#"{"Labels": [{"Key": "a", "X": 1}]}"#)[0].1,
            fingerprints(r#"{"Labels": [{"Key": "b", "X": 1}]}"#)[0].1,
        );
        // Arrays matched by position (here, undocumented) keep their index.
        let at = |pointer: &str, body: Value| {
            let d = Diagnostic::new(
                Code::FieldUnknown,
                crate::Pointer::parse(pointer).unwrap(),
                "",
            );
            of(Some(&body), &d)
        };
        let y = serde_json::json!({"Y": 1});
        assert_ne!(
            at("/X/0/Y", serde_json::json!({"X": [y, y]})),
            at("/X/1/Y", serde_json::json!({"X": [y, y]})),
        );
        assert_eq!(
            at(
                "/Labels/0/Y",
                serde_json::json!({"Labels": [{"Key": "a", "Y": 1}, {"Key": "b"}]})
            ),
            at(
                "/Labels/1/Y",
                serde_json::json!({"Labels": [{"Key": "b"}, {"Key": "a", "Y": 1}]})
            ),
        );
    }

    #[test]
    fn secrets_are_not_digested() {
        let one = fingerprints(r#"{"EnvironmentVariables": {"DB_PASSWORD": "hunter2"}}"#);
        let other = fingerprints(r#"{"EnvironmentVariables": {"DB_PASSWORD": "correct-horse"}}"#);
        assert_eq!(one[0].0, "secret.exposed /EnvironmentVariables/DB_PASSWORD");
        assert_eq!(one, other);
    }

    #[test]
    fn documents_and_hex() {
        let f = fingerprints(r#"{"Priority": "3"}"#)[0].1;
        assert_ne!(f.in_document("dsw-1"), f.in_document("dsw-2"));
        assert_eq!(Fingerprint::from_hex(&f.to_string()), Some(f));
        assert_eq!(Fingerprint::from_hex("xyz"), None);
    }
}
