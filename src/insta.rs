//! insta snapshots of `GetInstance` bodies in the canonical form (feature
//! `insta`).
//!
//! [`assert_response_snapshot!`](crate::assert_response_snapshot) is insta's
//! `assert_snapshot!` of a body's canonical form
//! ([`normalize_to_vec`](crate::normalize_to_vec)): secrets redacted,
//! volatile fields left out, keys sorted, identity-keyed arrays sorted by
//! identity. Two bodies that [`diff`](crate::diff) finds equal give the same
//! snapshot, so `cargo insta review` shows only semantic changes, and no
//! credential reaches a `.snap` file.
//!
//! ```no_run
//! # fn main() {
//! let body = br#"{"InstanceId": "dsw-1", "RequestId": "r-1",
//!     "Labels": [{"Key": "team", "Value": "nlp"}, {"Key": "env", "Value": "dev"}]}"#;
//! dswcheck::assert_response_snapshot!("dsw_1", body);
//! # }
//! ```
//!
//! The snapshot holds (after insta's header):
//!
//! ```text
//! {
//!   "InstanceId": "dsw-1",
//!   "Labels": [
//!     {
//!       "Key": "env",
//!       "Value": "dev"
//!     },
//!     {
//!       "Key": "team",
//!       "Value": "nlp"
//!     }
//!   ]
//! }
//! ```

#[doc(hidden)]
pub use ::insta as __insta;

use crate::diff::DiffOptions;

/// The canonical form of `body` as text: what the snapshot holds.
///
/// # Panics
///
/// When `body` is not a JSON object or is an API error body, which no
/// snapshot of an instance should hold: the test fails, saying why.
#[must_use]
#[track_caller]
pub fn canonical(body: &[u8]) -> String {
    canonical_with(body, &DiffOptions::new())
}

/// [`canonical`] with other options: volatile fields kept, more fields
/// ignored.
///
/// # Panics
///
/// As [`canonical`].
#[must_use]
#[track_caller]
pub fn canonical_with(body: &[u8], options: &DiffOptions) -> String {
    let report = crate::read(body);
    let Some(value @ serde_json::Value::Object(_)) = report.value() else {
        let why = report
            .iter_errors()
            .next()
            .map_or_else(String::new, |d| format!(": {d}"));
        panic!("not a GetInstance body (a JSON object){why}");
    };
    if let Some(message) = crate::rules::api_error::describe_value(value) {
        panic!("not an instance (response.api-error): {message}");
    }
    // The canonical form is JSON text, so always UTF-8.
    String::from_utf8_lossy(&crate::normalize_to_vec(&report, options)).into_owned()
}

/// Asserts that a `GetInstance` body matches its insta snapshot, in the
/// canonical form (see [the module](crate::insta)). The body is anything
/// that is `AsRef<[u8]>`; the name is optional, as for insta's
/// `assert_snapshot!`, and options ([`DiffOptions`]) may follow the body.
///
/// ```no_run
/// # fn main() {
/// let body = std::fs::read("tests/data/valid/modern-full.json").unwrap();
/// dswcheck::assert_response_snapshot!(body);                     // named after the test
/// dswcheck::assert_response_snapshot!("modern_full", body);      // named
/// let keep = dswcheck::DiffOptions::new().should_include_volatile(true);
/// dswcheck::assert_response_snapshot!("with_volatile", body, &keep);
/// # }
/// ```
///
/// Review changes with `cargo insta review`, as for any insta snapshot.
#[macro_export]
macro_rules! assert_response_snapshot {
    ($body:expr $(,)?) => {{
        let canonical = $crate::insta::canonical(::core::convert::AsRef::<[u8]>::as_ref(&$body));
        $crate::insta::__insta::assert_snapshot!(canonical);
    }};
    ($name:expr, $body:expr $(,)?) => {{
        let canonical = $crate::insta::canonical(::core::convert::AsRef::<[u8]>::as_ref(&$body));
        $crate::insta::__insta::assert_snapshot!($name, canonical);
    }};
    ($name:expr, $body:expr, $options:expr $(,)?) => {{
        let canonical =
            $crate::insta::canonical_with(::core::convert::AsRef::<[u8]>::as_ref(&$body), $options);
        $crate::insta::__insta::assert_snapshot!($name, canonical);
    }};
}
