//! The redaction layer: what every output shows of a response's values.
//!
//! Outputs never print a value straight from a document. Messages quote
//! values through [`crate::text::quote_cut`]; the diff and the canonical
//! form copy values through the diff's `Copier`, which replaces whatever
//! the names of [`super::is_secret_at`] call a secret (inside JSON text
//! too, which it copies as the JSON it holds) and scrubs every other string
//! and key here; reports and diffs pass their pointers, paths and messages
//! through [`text`] once they are made. So the one policy decides for every
//! format, and a new format, rendering those, gets it for free.

use std::borrow::Cow;

use super::{REDACTED, shapes};

/// `text` with every credential its shape gives away (a URL's password, a
/// private key, an AccessKey, a token) replaced by [`REDACTED`].
pub(crate) fn text(text: &str) -> Cow<'_, str> {
    shapes::scrub(text, REDACTED)
}

/// [`text`] in place, saying whether anything was hidden.
pub(crate) fn text_in_place(value: &mut String) -> bool {
    match text(value) {
        Cow::Borrowed(_) => false,
        Cow::Owned(scrubbed) => {
            *value = scrubbed;
            true
        }
    }
}
