//! Which values are secrets, and whether the API masked them.
//!
//! The one secret policy: a value is a credential when the field table says
//! so, when its name says so (`names`), or when its shape does (`shapes`).
//! Secrets never reach an output: every output goes through `redact`, which
//! replaces them with [`REDACTED`].

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use crate::model::{self, ELEMENT};

mod names;
pub(crate) mod redact;
pub(crate) mod shapes;

pub use names::looks_secret;
pub(crate) use names::may_hold_secret_name;

/// What every output shows in place of a secret value.
pub const REDACTED: &str = "<redacted>";

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
    is_secret(path, model::field_at(path))
}

/// [`is_secret_at`] for a caller that has looked up the path's field already.
pub(crate) fn is_secret(path: &[&str], field: Option<&model::Field>) -> bool {
    let Some(&last) = path.last() else {
        return false;
    };
    // An array element names no secret by itself.
    if last == ELEMENT {
        return false;
    }
    match field {
        Some(field) => field.is_secret(),
        // Where the documentation describes nothing, the name decides; a
        // documented name (`SSHPublicKey`) means what it means only in its place.
        None => looks_secret(last),
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
        // A bare generic word is no credential, in a map or anywhere else.
        assert!(!is_secret_path(&["EnvironmentVariables", "key"]));
        assert!(is_secret_path(&["Extra", "Secrets"]));
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
