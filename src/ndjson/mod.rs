//! Validating documents read from streams with bounded memory: one whole
//! document, or NDJSON (one document a line) validated on several threads.

mod parallel;
mod read;

use std::io::{self, BufRead, Read};
use std::num::NonZeroUsize;

use crate::diagnostic::{Code, Diagnostic};
use crate::json::MAX_INPUT_BYTES;
use crate::parse::Report;
use crate::render::Summary;
use crate::validate::Validator;

use parallel::{Budget, IN_FLIGHT_BYTES};
use read::{Batch, Lines};

/// The most threads [`validate_lines`] runs: a larger request is cut to
/// this. More threads than cores gain nothing, and each has its own stack
/// and allocator heap, so the cap also bounds the memory a thread count can
/// ask for beyond the lines in flight (which do not depend on it).
pub const MAX_THREADS: usize = 64;

/// The report of one line of an NDJSON stream.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Line {
    /// The 1-based line number in the stream (blank lines count).
    pub number: u64,
    /// What validating the line found. To keep the memory in flight small,
    /// it holds no parsed document: [`Report::value`] is `None` (parse the
    /// line again for its data).
    pub report: Report,
}

/// Validates one document read from `reader`, without reading more than
/// [`MAX_INPUT_BYTES`] into memory.
///
/// A larger input is reported as one `json.too-large` diagnostic, and
/// reading stops at the limit (an endless input such as `/dev/zero` ends
/// there too); otherwise this is [`validate`](crate::validate) of the bytes.
///
/// # Examples
///
/// ```
/// let report = dswcheck::validate_reader(&br#"{"InstanceId": "dsw-1"}"#[..])?;
/// assert!(report.is_valid());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// Fails when reading fails; a body that is not JSON is an invalid report, not an error.
pub fn validate_reader<R: Read>(reader: R) -> io::Result<Report> {
    reader_with(&Validator::new(), reader)
}

/// [`validate_reader`] with `validator`'s policies.
pub(crate) fn reader_with<R: Read>(validator: &Validator, mut reader: R) -> io::Result<Report> {
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_INPUT_BYTES {
        let message =
            format!("input is more than the limit of {MAX_INPUT_BYTES} bytes; not read further");
        return Ok(Report::from_diagnostics(vec![Diagnostic {
            line: 1,
            column: 1,
            ..Diagnostic::new(Code::JsonTooLarge, crate::Pointer::root(), message)
        }]));
    }
    Ok(validator.validate(&bytes))
}

fn too_large(what: &str, len: u64, limit: usize) -> Report {
    let message = format!("{what} is {len} bytes, more than the limit of {limit} bytes");
    Report::from_diagnostics(vec![Diagnostic {
        line: 1,
        column: 1,
        ..Diagnostic::new(Code::JsonTooLarge, crate::Pointer::root(), message)
    }])
}

/// Validates each line of an NDJSON stream (JSON Lines) on `threads` threads
/// (at most [`MAX_THREADS`]) and hands the reports to `sink` in input order.
///
/// Blank lines (only spaces, tabs and carriage returns) are skipped but
/// counted in line numbers. The stream is read in batches of 32 lines (or
/// 1 MiB); at most four batches per thread, and 64 MiB of lines whatever the
/// thread count, are in flight, so memory grows neither with the length of
/// the stream nor with `threads`. Lines of more than 32 MiB are validated one
/// at a time, and one of more than 64 MiB only once the lines before it are
/// done, so on long lines the peak is within 1.5x of one thread's. A line
/// longer than [`MAX_INPUT_BYTES`] is not buffered; it is reported as a
/// `json.too-large` document. Batching also means that on a live stream (`tail -f`), a line's
/// report waits for the rest of its batch or the end of the stream.
///
/// `sink` runs on the calling thread and borrows each line; clone a report
/// to keep it. The reports are dropped later on the worker threads, which
/// keeps the calling thread free to read and write. With one thread, no
/// thread is spawned. Returns the counts over every line handed to `sink`.
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
///
/// let stream = b"{\"InstanceId\": \"dsw-1\"}\n\n{\"Status\": \"running\"}\n";
/// let mut invalid = Vec::new();
/// let threads = NonZeroUsize::new(2).unwrap();
/// let summary = dswcheck::validate_lines(&stream[..], threads, |line| {
///     if !line.report.is_valid() {
///         invalid.push(line.number);
///     }
///     Ok(())
/// })?;
/// assert_eq!(invalid, [3]);
/// assert_eq!((summary.documents, summary.invalid), (2, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// Fails when reading fails, after the lines read before the failure have
/// gone to `sink`, or as soon as `sink` fails.
///
/// # Panics
///
/// Only if validation itself panics, which is a bug: the panic is resumed on
/// the calling thread.
pub fn validate_lines<R, F>(reader: R, threads: NonZeroUsize, sink: F) -> io::Result<Summary>
where
    R: BufRead,
    F: FnMut(&Line) -> io::Result<()>,
{
    lines_with(&Validator::new(), reader, threads, sink)
}

/// [`validate_lines`] with `validator`'s policies.
pub(crate) fn lines_with<R, F>(
    validator: &Validator,
    reader: R,
    threads: NonZeroUsize,
    mut sink: F,
) -> io::Result<Summary>
where
    R: BufRead,
    F: FnMut(&Line) -> io::Result<()>,
{
    let mut summary = Summary::new();
    map_lines(validator, reader, threads, |out: &mut [Line]| {
        for line in out {
            summary.add(&line.report);
            sink(line)?;
        }
        Ok(())
    })?;
    Ok(summary)
}

/// What is done with each line of an NDJSON stream, on the worker threads of
/// [`map_lines`]: validation, or the drift and fleet passes, which need the
/// parsed document that a [`Line`] does not keep.
pub(crate) trait LineWork: Sync {
    /// What a line gives. It waits, in a batch, for the lines before it to
    /// be emitted, so it should be small next to the line's parsed tree.
    type Out: Send;

    /// The work on the line `at`: its bytes, or `Err(len)` when it had
    /// `len` bytes, more than `limit`, and was not read into memory.
    fn line(&self, at: At, text: Result<&[u8], u64>, limit: usize) -> Self::Out;
}

/// Where a line is in its stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct At {
    /// The 1-based line number (blank lines count).
    pub number: u64,
    /// The byte offset of the line's start, for work that reads it again
    /// later (the fleet diff's index): line numbers cannot say, since blank
    /// lines are skipped.
    pub offset: u64,
}

impl LineWork for Validator {
    type Out = Line;

    fn line(&self, at: At, text: Result<&[u8], u64>, limit: usize) -> Line {
        Line {
            number: at.number,
            report: match text {
                // A line's report waits in a batch until the lines before it
                // are written: without its parsed document it is a few
                // diagnostics, not a tree several times the line's size.
                Ok(text) => self.validate_lean(text),
                Err(len) => too_large("line", len, limit),
            },
        }
    }
}

/// Runs `work` on each line of an NDJSON stream on `threads` threads (at
/// most [`MAX_THREADS`]) and hands the outputs to `emit` in input order, a
/// batch at a time, with the bounds of [`validate_lines`]: blank lines
/// skipped but counted, lines over [`MAX_INPUT_BYTES`] never buffered, and
/// at most 64 MiB of lines in flight whatever the thread count. `emit` may
/// take what it keeps out of the outputs it is lent.
///
/// # Panics
///
/// Only if `work` panics: the panic is resumed on the calling thread.
pub(crate) fn map_lines<W, R, F>(
    work: &W,
    reader: R,
    threads: NonZeroUsize,
    mut emit: F,
) -> io::Result<()>
where
    W: LineWork,
    R: BufRead,
    F: FnMut(&mut [W::Out]) -> io::Result<()>,
{
    let mut lines = Lines::new(reader, MAX_INPUT_BYTES);
    if threads.get() == 1 {
        let (mut batch, mut out) = (Batch::default(), Vec::new());
        loop {
            let filled = lines.fill(&mut batch);
            batch.check(work, &mut out, lines.limit);
            batch.clear();
            emit(&mut out)?;
            // Before the next batch is read: one batch in memory at a time.
            out.clear();
            if filled? {
                return Ok(());
            }
        }
    }
    let threads = threads.get().min(MAX_THREADS);
    parallel::run(
        work,
        &mut lines,
        threads,
        &mut Budget::new(IN_FLIGHT_BYTES),
        &mut emit,
    )
}

#[cfg(test)]
mod tests {
    use super::read::{Entry, TextOf};
    use super::*;

    fn run(input: &[u8], threads: usize) -> (Vec<(u64, Vec<&'static str>)>, Summary) {
        let mut out = Vec::new();
        let summary = validate_lines(input, NonZeroUsize::new(threads).unwrap(), |line| {
            out.push((
                line.number,
                line.report
                    .diagnostics()
                    .iter()
                    .map(|d| d.code.as_str())
                    .collect(),
            ));
            Ok(())
        })
        .unwrap();
        (out, summary)
    }

    #[test]
    fn lines_are_numbered_and_blank_lines_skipped() {
        let input = b"{\"InstanceId\": \"a\"}\n\n  \t\r\n{\"InstanceId\": [1]}\r\nnot json\n{}";
        for threads in [1, 3] {
            let (out, summary) = run(input, threads);
            let numbers: Vec<u64> = out.iter().map(|(n, _)| *n).collect();
            assert_eq!(numbers, [1, 4, 5, 6], "threads {threads}");
            assert!(out[0].1.is_empty());
            assert!(out[1].1.contains(&"type.mismatch"), "{:?}", out[1]);
            assert_eq!(out[2].1, ["json.syntax"]);
            assert_eq!(
                (summary.documents, summary.valid, summary.invalid),
                (4, 2, 2)
            );
        }
    }

    /// The work of [`offsets_are_where_lines_start`]: each line's number,
    /// offset and text.
    struct Where;

    impl LineWork for Where {
        type Out = (u64, u64, Vec<u8>);

        fn line(&self, at: At, text: Result<&[u8], u64>, _: usize) -> Self::Out {
            (at.number, at.offset, text.unwrap_or_default().to_vec())
        }
    }

    #[test]
    fn offsets_are_where_lines_start() {
        let input = b"{\"a\": 1}\r\n\n  \n[2]\n\n\"three\"";
        for threads in [1, 2] {
            let mut seen = Vec::new();
            map_lines(
                &Where,
                &input[..],
                NonZeroUsize::new(threads).unwrap(),
                |out| {
                    seen.extend_from_slice(out);
                    Ok(())
                },
            )
            .unwrap();
            for (_, offset, text) in &seen {
                let at = usize::try_from(*offset).unwrap();
                assert_eq!(&input[at..at + text.len()], &text[..]);
            }
            let numbers: Vec<(u64, u64)> = seen.iter().map(|(n, o, _)| (*n, *o)).collect();
            assert_eq!(numbers, [(1, 0), (4, 14), (6, 19)], "threads {threads}");
        }
    }

    #[test]
    fn line_reports_keep_their_instance_but_not_the_parsed_tree() {
        let mut reports = Vec::new();
        validate_lines(
            &b"{\"InstanceId\": \"dsw-1\"}\n"[..],
            NonZeroUsize::MIN,
            |line| {
                reports.push(line.report.clone());
                Ok(())
            },
        )
        .expect("in-memory input");
        assert!(reports[0].value().is_none());
        assert_eq!(
            reports[0].instance().and_then(|i| i.instance_id.as_deref()),
            Some("dsw-1")
        );
    }

    #[test]
    fn thread_counts_past_the_cap_are_cut_to_it() {
        let threads = NonZeroUsize::new(100_000).expect("non-zero");
        let mut numbers = Vec::new();
        let summary = validate_lines(&b"{}\n{}\n"[..], threads, |line| {
            numbers.push(line.number);
            Ok(())
        })
        .expect("in-memory input");
        assert_eq!(numbers, [1, 2]);
        assert!(summary.is_valid());
    }

    #[test]
    fn empty_input_and_trailing_newline_give_no_extra_line() {
        assert!(run(b"", 2).0.is_empty());
        assert!(run(b"\n\n", 1).0.is_empty());
        assert_eq!(run(b"{}\n", 1).0.len(), 1);
    }

    #[test]
    fn order_is_input_order_whatever_the_thread_count() {
        // Varying sizes make workers finish out of order.
        let mut input = Vec::new();
        for i in 0..500 {
            if i % 7 == 0 {
                input.extend_from_slice(
                    format!("{{\"InstanceId\": \"dsw-{i}\", \"Labels\": [").as_bytes(),
                );
                for j in 0..200 {
                    input.extend_from_slice(
                        format!("{{\"Key\": \"k{j}\", \"Value\": \"v\"}},").as_bytes(),
                    );
                }
                input.extend_from_slice(b"{}]}\n");
            } else if i % 5 == 0 {
                input.extend_from_slice(b"{\"Status\": \"nope\"}\n");
            } else {
                input.extend_from_slice(format!("{{\"InstanceId\": \"dsw-{i}\"}}\n").as_bytes());
            }
        }
        let (one, one_summary) = run(&input, 1);
        assert_eq!(one.len(), 500);
        assert!(one.iter().enumerate().all(|(i, (n, _))| *n == i as u64 + 1));
        for threads in [2, 4, 7] {
            let (many, summary) = run(&input, threads);
            assert_eq!(many, one, "threads {threads}");
            assert_eq!(summary, one_summary);
        }
    }

    /// A reader that yields a long line in small pieces without holding it.
    struct Repeat {
        remaining: u64,
        tail: &'static [u8],
        buf: Vec<u8>,
    }

    impl Read for Repeat {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let available = self.fill_buf()?;
            let n = available.len().min(out.len());
            out[..n].copy_from_slice(&available[..n]);
            self.consume(n);
            Ok(n)
        }
    }

    impl BufRead for Repeat {
        fn fill_buf(&mut self) -> io::Result<&[u8]> {
            if self.remaining > 0 {
                let n = self.buf.len().min(usize::try_from(self.remaining).unwrap());
                Ok(&self.buf[..n])
            } else {
                Ok(self.tail)
            }
        }

        fn consume(&mut self, amount: usize) {
            if self.remaining > 0 {
                self.remaining -= amount as u64;
            } else {
                self.tail = &self.tail[amount..];
            }
        }
    }

    #[test]
    fn an_overlong_line_is_reported_not_buffered() {
        let long = MAX_INPUT_BYTES as u64 + 10;
        let reader = Repeat {
            remaining: long,
            tail: b"\n{}\n",
            buf: vec![b' '; 1 << 16],
        };
        let mut seen = Vec::new();
        validate_lines(reader, NonZeroUsize::MIN, |line| {
            seen.push((line.number, line.report.diagnostics().to_vec()));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen.len(), 2);
        let (number, diagnostics) = &seen[0];
        assert_eq!(*number, 1);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, Code::JsonTooLarge);
        assert_eq!((diagnostics[0].line, diagnostics[0].column), (1, 1));
        assert_eq!(
            diagnostics[0].message,
            format!("line is {long} bytes, more than the limit of {MAX_INPUT_BYTES} bytes")
        );
        assert_eq!(seen[1].0, 2);
    }

    #[test]
    fn the_line_buffer_stops_at_the_limit() {
        // `remaining` bytes of `x` then `tail`, read as lines of at most 1000 bytes.
        let stream = |remaining, tail| Lines {
            reader: Repeat {
                remaining,
                tail,
                buf: vec![b'x'; 100],
            },
            number: 0,
            offset: 0,
            limit: 1000,
        };
        let mut lines = stream(1 << 20, b"\n{}\n");
        let mut batch = Batch::default();
        assert!(lines.fill(&mut batch).unwrap());
        assert!(
            batch.text.capacity() <= 2048,
            "buffered {} bytes",
            batch.text.capacity()
        );
        assert!(
            matches!(batch.entries[0], Entry { number: 1, offset: 0, text: TextOf::TooLarge(len) } if len == 1 << 20)
        );
        // The second line starts after the first and its newline.
        assert!(matches!(
            batch.entries[1],
            Entry {
                number: 2,
                offset,
                text: TextOf::Range(0, 2)
            } if offset == (1 << 20) + 1
        ));
        // A line of exactly the limit is kept.
        let mut lines = stream(1000, b"");
        let mut batch = Batch::default();
        assert!(lines.fill(&mut batch).unwrap());
        assert!(matches!(
            batch.entries[..],
            [Entry {
                number: 1,
                offset: 0,
                text: TextOf::Range(0, 1000)
            }]
        ));
    }

    #[test]
    fn a_sink_error_stops_the_stream() {
        let input = b"{}\n{}\n{}\n".repeat(100);
        for threads in [1, 2] {
            let mut calls = 0;
            let result = validate_lines(&input[..], NonZeroUsize::new(threads).unwrap(), |_| {
                calls += 1;
                if calls == 5 {
                    Err(io::Error::from(io::ErrorKind::BrokenPipe))
                } else {
                    Ok(())
                }
            });
            assert_eq!(result.unwrap_err().kind(), io::ErrorKind::BrokenPipe);
            assert_eq!(calls, 5);
        }
    }

    /// Yields `data`, then fails.
    struct FailAfter<'a>(&'a [u8]);

    impl Read for FailAfter<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("disk on fire"));
            }
            let n = buf.len().min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn a_read_error_comes_after_the_lines_before_it() {
        let input = b"{}\n".repeat(100);
        for threads in [1, 2] {
            let mut numbers = Vec::new();
            let reader = io::BufReader::with_capacity(16, FailAfter(&input));
            let err = validate_lines(reader, NonZeroUsize::new(threads).unwrap(), |line| {
                numbers.push(line.number);
                Ok(())
            })
            .unwrap_err();
            assert_eq!(err.to_string(), "disk on fire");
            assert_eq!(
                numbers,
                (1..=100).collect::<Vec<u64>>(),
                "threads {threads}"
            );
        }
    }

    #[test]
    fn validate_reader_matches_validate_and_bounds_memory() {
        let body = br#"{"InstanceId": "dsw-1", "Status": "running"}"#;
        let report = validate_reader(&body[..]).unwrap();
        assert_eq!(report.diagnostics(), crate::validate(body).diagnostics());
        // Endless, as /dev/zero is: reading stops at the limit.
        let reader = Repeat {
            remaining: u64::MAX,
            tail: b"",
            buf: vec![b' '; 1 << 16],
        };
        let report = validate_reader(reader).unwrap();
        assert_eq!(report.diagnostics().len(), 1);
        assert_eq!(report.diagnostics()[0].code, Code::JsonTooLarge);
        assert_eq!(
            report.diagnostics()[0].message,
            format!("input is more than the limit of {MAX_INPUT_BYTES} bytes; not read further")
        );
    }
}
