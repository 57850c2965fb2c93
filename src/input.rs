//! Reading an input whole, within the limit every input path shares.

use std::io::{self, Read};

use crate::json::MAX_INPUT_BYTES;

/// Reads all of `reader`, at most [`MAX_INPUT_BYTES`]: past the limit the
/// input is an error, and the rest is never read (an endless input such as
/// `/dev/zero` ends there too).
///
/// # Errors
///
/// Fails when reading fails, or when the input is larger than the limit.
///
/// # Examples
///
/// ```
/// let bytes = dswcheck::read_limited(&b"{}"[..])?;
/// assert_eq!(bytes, b"{}");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn read_limited(reader: impl Read) -> io::Result<Vec<u8>> {
    let limit = MAX_INPUT_BYTES;
    let mut bytes = Vec::new();
    reader.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Err(io::Error::other(format!(
            "more than the limit of {limit} bytes; not read further"
        )));
    }
    Ok(bytes)
}
