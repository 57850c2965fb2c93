//! Which values are secrets, and whether the API masked them.
//!
//! Secrets never reach an output: messages describe them without their value,
//! and the diff and normalize outputs replace them with [`REDACTED`].

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use crate::model::{self, ELEMENT};

/// What every output shows in place of a secret value.
pub const REDACTED: &str = "<redacted>";

/// Words that make a key name look like it holds a secret.
const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PWD",
    "PASS",
    "SECRET",
    "TOKEN",
    "KEY",
    "APIKEY",
    "ACCESSKEY",
    "CREDENTIAL",
    "CREDENTIALS",
    "PRIVATE",
    "SIGNATURE",
    "SESSION",
    "COOKIE",
    "AUTH",
    "AUTHORIZATION",
];

/// Whether a key name (an environment variable, an unknown field) looks like it holds a secret.
///
/// The name is split into words at `_`, `-`, `.` and lower-to-upper case changes
/// (`DB_PASSWORD`, `hfToken`, `aws.secret.key`), and matches when any word is a
/// secret word such as `PASSWORD`, `TOKEN` or `KEY`.
#[must_use]
pub fn looks_secret(name: &str) -> bool {
    let mut word = String::new();
    let mut prev_lower = false;
    let mut hit = false;
    let mut flush = |word: &mut String| {
        if !word.is_empty() {
            hit |= SECRET_WORDS.contains(&word.as_str());
            word.clear();
        }
    };
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            flush(&mut word);
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower {
            flush(&mut word);
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        word.push(c.to_ascii_uppercase());
    }
    flush(&mut word);
    hit
}

/// Whether the value at this path (unescaped object keys and array indexes)
/// is a secret: a field the field table marks secret, or a secret-looking key
/// of a string map or of a field the documentation does not describe.
#[must_use]
pub fn is_secret_path<S: AsRef<str>>(path: &[S]) -> bool {
    let keys: Vec<&str> = path
        .iter()
        .map(|s| {
            let s = s.as_ref();
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                ELEMENT
            } else {
                s
            }
        })
        .collect();
    is_secret_at(&keys)
}

/// [`is_secret_path`] for a path of object keys and [`ELEMENT`]s.
pub(crate) fn is_secret_at(path: &[&str]) -> bool {
    let Some(&last) = path.last() else {
        return false;
    };
    // An array element names no secret by itself.
    if last == ELEMENT {
        return false;
    }
    match model::field_at(path) {
        Some(field) => field.is_secret(),
        None => looks_secret(last) && !model::is_documented_non_secret(last),
    }
}

/// Whether a secret value is masked the way the API masks credentials: empty,
/// or hiding its content behind a run of `*` (`******`, `LTAI****************`).
#[must_use]
pub fn is_masked(value: &str) -> bool {
    value.is_empty() || value.contains("***")
}

/// Whether an `ImageAuth` value (Base64 of `user:password`) has its password masked.
#[must_use]
pub fn is_image_auth_masked(value: &str) -> bool {
    if is_masked(value) {
        return true;
    }
    match base64_decode(value).and_then(|bytes| String::from_utf8(bytes).ok()) {
        Some(text) => text
            .split_once(':')
            .is_some_and(|(_, password)| is_masked(password)),
        None => false,
    }
}

/// Decodes Base64 in the standard or the URL-safe alphabet, padded or not,
/// leniently about the unused bits of the last character (as browsers'
/// "forgiving" decoder is); `None` if `text` is not Base64.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    const CONFIG: GeneralPurposeConfig = GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true);
    const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, CONFIG);
    const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, CONFIG);
    // Any run of padding is dropped first, so that padding is optional.
    let text = text.trim_end_matches('=');
    STANDARD
        .decode(text)
        .or_else(|_| URL_SAFE.decode(text))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_looking_names() {
        for name in [
            "DB_PASSWORD",
            "hfToken",
            "aws.secret.key",
            "OPENAI_API_KEY",
            "KEY",
            "password",
            "X-Auth-Token",
        ] {
            assert!(looks_secret(name), "{name}");
        }
        for name in [
            "PATH",
            "HOME",
            "MONKEY",
            "TOKENIZERS_PARALLELISM_X",
            "PYTHONPATH",
            "app",
        ] {
            assert!(!looks_secret(name), "{name}");
        }
    }

    #[test]
    fn secret_paths() {
        assert!(is_secret_path(&["ImageAuth"]));
        assert!(is_secret_path(&[
            "CredentialConfig",
            "Configs",
            "0",
            "Roles",
            "1",
            "UserInfo",
            "SecurityToken"
        ]));
        assert!(is_secret_path(&["EnvironmentVariables", "HF_TOKEN"]));
        assert!(!is_secret_path(&["EnvironmentVariables", "PATH"]));
        assert!(!is_secret_path(&[
            "UserVpc",
            "ForwardInfos",
            "0",
            "SSHPublicKey"
        ]));
        assert!(!is_secret_path(&["Labels", "0", "Key"]));
        assert!(!is_secret_path(&["CredentialConfig"]));
        assert!(!is_secret_path::<&str>(&[]));
        // Names the table documents as secret stay secret where it does not describe them.
        assert!(is_secret_path(&["MigrationOptions", "SecurityToken"]));
        assert!(!is_secret_path(&["MigrationOptions", "SSHPublicKey"]));
    }

    #[test]
    fn masking() {
        assert!(is_masked("******"));
        assert!(is_masked("LTAI****************"));
        assert!(!is_masked("LTAI5tAbCdEfGhIjKlMn"));
        // "user:******" and "user:hunter2"
        assert!(is_image_auth_masked("dXNlcjoqKioqKio="));
        assert!(!is_image_auth_masked("dXNlcjpodW50ZXIy"));
        assert!(!is_image_auth_masked("not base64!"));
    }

    #[test]
    fn base64_in_either_alphabet_with_or_without_padding() {
        let bytes = Some(vec![0xfb, 0xff, 0xbf]);
        assert_eq!(base64_decode("+/+/"), bytes);
        assert_eq!(base64_decode("-_-_"), bytes);
        assert_eq!(base64_decode("YWI="), Some(b"ab".to_vec()));
        assert_eq!(base64_decode("YWI"), Some(b"ab".to_vec()));
        assert_eq!(base64_decode("YWI=="), Some(b"ab".to_vec()));
        // Unused bits set in the last character are ignored.
        assert_eq!(base64_decode("YWJ"), Some(b"ab".to_vec()));
        assert_eq!(base64_decode(""), Some(Vec::new()));
        for bad in ["YW I=", "YW=I", "Y", "+/-_", "é"] {
            assert_eq!(base64_decode(bad), None, "{bad}");
        }
        // "a>?:******" has a `/` in the standard alphabet, a `_` in the URL-safe one.
        assert!(is_image_auth_masked("YT4/OioqKioqKg=="));
        assert!(is_image_auth_masked("YT4_OioqKioqKg"));
    }
}
