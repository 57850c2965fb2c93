//! Reading an NDJSON stream into batches of lines, and checking a batch.

use std::io::{self, BufRead};

use super::LineWork;

/// A batch is handed to a worker once it holds this many lines...
const BATCH_LINES: usize = 32;
/// ...or this many bytes, whichever comes first.
pub(super) const BATCH_BYTES: usize = 1 << 20;

/// Consecutive non-blank lines, stored back to back in one buffer.
#[derive(Default)]
pub(super) struct Batch {
    pub(super) text: Vec<u8>,
    pub(super) entries: Vec<Entry>,
}

pub(super) struct Entry {
    pub(super) number: u64,
    /// Where the line starts in the stream, in bytes.
    pub(super) offset: u64,
    pub(super) text: TextOf,
}

pub(super) enum TextOf {
    /// The line is `text[start..end]`.
    Range(usize, usize),
    /// The line had this many bytes and was not kept.
    TooLarge(u64),
}

impl Batch {
    pub(super) fn clear(&mut self) {
        self.text.clear();
        self.entries.clear();
        // One huge line must not keep its memory for the rest of the stream.
        self.text.shrink_to(2 * BATCH_BYTES);
    }

    fn is_full(&self) -> bool {
        self.entries.len() >= BATCH_LINES || self.text.len() >= BATCH_BYTES
    }

    /// What the batch counts for in the budget of work in flight: the bytes
    /// it buffers. A line too large to keep counts for nothing, since its
    /// report is one diagnostic.
    pub(super) fn weight(&self) -> u64 {
        self.text.len() as u64
    }

    /// Runs `work` on every line into `out`, after what it holds.
    ///
    /// It takes `&self` so that the batch, and so its [`weight`](Self::weight),
    /// is the same after as before.
    pub(super) fn check<W: LineWork>(&self, work: &W, out: &mut Vec<W::Out>, limit: usize) {
        out.extend(self.entries.iter().map(|entry| {
            let text = match entry.text {
                TextOf::Range(start, end) => Ok(&self.text[start..end]),
                TextOf::TooLarge(len) => Err(len),
            };
            let at = super::At {
                number: entry.number,
                offset: entry.offset,
            };
            work.line(at, text, limit)
        }));
    }
}

/// Reads lines without ever buffering one longer than `limit`.
pub(super) struct Lines<R> {
    pub(super) reader: R,
    pub(super) number: u64,
    /// The bytes consumed so far, newlines included.
    pub(super) offset: u64,
    pub(super) limit: usize,
}

impl<R: BufRead> Lines<R> {
    pub(super) fn new(reader: R, limit: usize) -> Self {
        Lines {
            reader,
            number: 0,
            offset: 0,
            limit,
        }
    }

    /// Appends lines to `batch` until it is full or the stream ends; returns whether it ended.
    pub(super) fn fill(&mut self, batch: &mut Batch) -> io::Result<bool> {
        while !batch.is_full() {
            if self.next(batch)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Appends the next line to `batch`, unless it is blank; returns whether the stream ended.
    fn next(&mut self, batch: &mut Batch) -> io::Result<bool> {
        let start = batch.text.len();
        let offset = self.offset;
        let mut len: u64 = 0;
        let mut kept = true;
        let mut ended = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                ended = true;
                break;
            }
            // A byte-by-byte search was a visible share of the reading
            // thread's time; memchr's is vectorized.
            let newline = memchr::memchr(b'\n', available);
            let take = newline.unwrap_or(available.len());
            len += take as u64;
            if kept && len > self.limit as u64 {
                kept = false;
                batch.text.truncate(start);
            }
            if kept {
                batch.text.extend_from_slice(&available[..take]);
            }
            match newline {
                Some(_) => {
                    self.reader.consume(take + 1);
                    self.offset += take as u64 + 1;
                    break;
                }
                None => {
                    self.reader.consume(take);
                    self.offset += take as u64;
                }
            }
        }
        if ended && len == 0 {
            // Nothing after the last newline is not a line.
            return Ok(true);
        }
        self.number += 1;
        let text = if kept {
            if batch.text[start..]
                .iter()
                .all(|b| matches!(b, b' ' | b'\t' | b'\r'))
            {
                batch.text.truncate(start);
                return Ok(ended);
            }
            TextOf::Range(start, batch.text.len())
        } else {
            TextOf::TooLarge(len)
        };
        batch.entries.push(Entry {
            number: self.number,
            offset,
            text,
        });
        Ok(ended)
    }
}
