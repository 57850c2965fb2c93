//! Validating batches of lines on worker threads, with the memory in flight
//! bounded by a budget that does not depend on the thread count.

use std::collections::VecDeque;
use std::io::{self, BufRead};
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::thread;

use super::LineWork;
use super::read::{Batch, Lines};

/// The budget of work in flight, in input bytes: the lines sent to the
/// workers whose reports are not yet freed, whatever the thread count.
///
/// Validating a line costs several times its size (the serde_json tree and
/// spans, then the typed instance the report keeps): 6.5x measured on 200 MB
/// lines of labels, 25x on the shortest labels. So the budget is 0.4-1.7 GB
/// of memory at most, beyond one line's. A batch larger than the budget is
/// sent only once the work before it has drained, so at most one such line
/// is parsed at any time, as with one thread; lines of more than half the
/// budget are parsed one at a time too.
///
/// 64 MiB is 64 batches of the largest size (one per thread at
/// [`MAX_THREADS`](super::MAX_THREADS)) and about 230 batches of full
/// GetInstance bodies (32 lines of 9 KB): up to some 50 threads the batch
/// count limit below binds first, so the budget does not slow small lines.
pub(super) const IN_FLIGHT_BYTES: u64 = 64 << 20;

/// Batches read ahead per thread: enough to keep workers busy while the
/// output of the oldest batch waits, few enough to bound memory.
const IN_FLIGHT_PER_THREAD: u64 = 4;

/// The admission rule: whether the reader may read or send another batch,
/// given the work in flight.
#[derive(Debug)]
pub(super) struct Budget {
    limit: u64,
    /// The weight of the batches sent and not yet freed.
    bytes: u64,
    /// How many batches that is.
    batches: u64,
    /// The most `bytes` has been.
    pub(super) peak: u64,
    /// The most `bytes` has been with more than one batch in flight.
    pub(super) peak_shared: u64,
    /// The most `bytes` has been when the reader began a batch.
    pub(super) peak_at_read: u64,
}

impl Budget {
    pub(super) fn new(limit: u64) -> Self {
        Budget {
            limit,
            bytes: 0,
            batches: 0,
            peak: 0,
            peak_shared: 0,
            peak_at_read: 0,
        }
    }

    /// Reading while the budget is spent would buffer a line that can only
    /// wait; with a huge line in flight, it would hold a second one.
    fn may_read(&self) -> bool {
        self.bytes < self.limit
    }

    fn read(&mut self) {
        self.peak_at_read = self.peak_at_read.max(self.bytes);
    }

    /// A batch larger than the budget still goes, alone: it is never refused
    /// forever, and it is parsed with nothing else in flight.
    fn may_send(&self, weight: u64) -> bool {
        self.batches == 0 || self.bytes.saturating_add(weight) <= self.limit
    }

    fn send(&mut self, weight: u64) {
        debug_assert!(self.may_send(weight), "{self:?} cannot send {weight}");
        self.bytes += weight;
        self.batches += 1;
        self.peak = self.peak.max(self.bytes);
        if self.batches > 1 {
            self.peak_shared = self.peak_shared.max(self.bytes);
        }
    }

    fn free(&mut self, weight: u64) {
        self.bytes -= weight;
        self.batches -= 1;
    }
}

/// What the reader asks of a worker.
enum Job<O> {
    /// Work on batch number `.0`.
    Check(u64, Batch),
    /// Drop these outputs, which weigh `.1`: they were emitted.
    Free(Vec<O>, u64),
}

/// What a worker tells the reader.
enum Event<O> {
    /// Batch number `.0` is done, or the work on it panicked.
    Checked(u64, thread::Result<(Batch, Vec<O>)>),
    /// Reports of this weight are dropped.
    Freed(u64),
}

/// Runs the workers; the calling thread reads batches and emits them in order.
///
/// Batch `n` goes to worker `n % threads`, and once emitted its reports go
/// back to that worker to be dropped: each report is then freed by the thread
/// that allocated it. With a shared queue, reports were freed on other
/// threads, and glibc's malloc spent the difference locking and refilling
/// arenas: on 2 idle cores and 20,000 full bodies, 2 threads ran 1.5-1.7x
/// faster than one with a shared queue, and 1.95x with this one. Output order
/// makes the oldest batch the bottleneck anyway, so a shared queue would
/// balance little more. The reader frees the text of the batches it reads,
/// for the same reason.
///
/// A batch counts against the [`Budget`] from when it is sent until its
/// worker has dropped its reports, since the typed instance a report keeps
/// can itself be several times the line's size.
pub(super) fn run<W: LineWork, R: BufRead>(
    work: &W,
    lines: &mut Lines<R>,
    threads: usize,
    budget: &mut Budget,
    emit: &mut impl FnMut(&mut [W::Out]) -> io::Result<()>,
) -> io::Result<()> {
    thread::scope(|scope| {
        let (done_tx, done_rx) = mpsc::channel::<Event<W::Out>>();
        // Dropping these, however this closure ends, stops the workers.
        let mut work_txs = Vec::with_capacity(threads);
        for _ in 0..threads {
            let (work_tx, work_rx) = mpsc::channel::<Job<W::Out>>();
            let done_tx = done_tx.clone();
            let limit = lines.limit;
            // Spawning can fail (too many threads for the system): an error, not a panic.
            thread::Builder::new()
                .name("dswcheck-lines".into())
                .spawn_scoped(scope, move || worker_loop(work, &work_rx, &done_tx, limit))?;
            work_txs.push(work_tx);
        }
        drop(done_tx);
        let worker = |seq: u64| (seq % threads as u64) as usize;

        let max_in_flight = (threads as u64).saturating_mul(IN_FLIGHT_PER_THREAD);
        let (mut sent, mut emitted) = (0u64, 0u64);
        // Reports waiting for an older batch's, with their weight; index 0 is batch `emitted`.
        let mut pending: VecDeque<Option<(Vec<W::Out>, u64)>> = VecDeque::new();
        let mut spare: Vec<Batch> = Vec::new();
        // A batch read but waiting for room in the budget.
        let mut held: Option<Batch> = None;
        let mut read_error = None;
        let mut eof = false;
        loop {
            loop {
                if held.is_none() {
                    if eof || sent - emitted >= max_in_flight || !budget.may_read() {
                        break;
                    }
                    budget.read();
                    let mut batch = spare.pop().unwrap_or_default();
                    match lines.fill(&mut batch) {
                        Ok(at_end) => eof = at_end,
                        Err(e) => {
                            read_error = Some(e);
                            eof = true;
                        }
                    }
                    if batch.entries.is_empty() {
                        spare.push(batch);
                        continue;
                    }
                    held = Some(batch);
                }
                let Some(batch) = held.take_if(|batch| budget.may_send(batch.weight())) else {
                    break;
                };
                budget.send(batch.weight());
                // The workers outlive this loop, so sending cannot fail.
                let _ = work_txs[worker(sent)].send(Job::Check(sent, batch));
                sent += 1;
            }
            // Every batch sent has been emitted once it is freed.
            if eof && held.is_none() && budget.batches == 0 {
                break;
            }
            let Ok(event) = done_rx.recv() else {
                return Err(io::Error::other("the validation threads stopped"));
            };
            let (seq, done) = match event {
                Event::Freed(weight) => {
                    budget.free(weight);
                    continue;
                }
                Event::Checked(seq, done) => (seq, done),
            };
            let (mut batch, out) = done.unwrap_or_else(|payload| panic::resume_unwind(payload));
            let weight = batch.weight();
            batch.clear();
            spare.push(batch);
            let slot = usize::try_from(seq - emitted).unwrap_or(usize::MAX);
            if pending.len() <= slot {
                pending.resize_with(slot + 1, || None);
            }
            pending[slot] = Some((out, weight));
            while let Some(Some(_)) = pending.front() {
                let Some(Some((mut out, weight))) = pending.pop_front() else {
                    break;
                };
                emit(&mut out)?;
                let _ = work_txs[worker(emitted)].send(Job::Free(out, weight));
                emitted += 1;
            }
        }
        read_error.map_or(Ok(()), Err)
    })
}

/// A worker: works on batches and frees outputs until its work channel closes.
fn worker_loop<W: LineWork>(
    work: &W,
    work_rx: &mpsc::Receiver<Job<W::Out>>,
    done_tx: &mpsc::Sender<Event<W::Out>>,
    limit: usize,
) {
    // Emptied output lists, for the next batches.
    let mut spare: Vec<Vec<W::Out>> = Vec::new();
    while let Ok(job) = work_rx.recv() {
        match job {
            Job::Check(seq, batch) => {
                let mut out = spare.pop().unwrap_or_default();
                // Reporting a panic instead of dying keeps the reader from
                // waiting forever for this batch.
                let result = panic::catch_unwind(AssertUnwindSafe(move || {
                    batch.check(work, &mut out, limit);
                    (batch, out)
                }));
                if done_tx.send(Event::Checked(seq, result)).is_err() {
                    return;
                }
            }
            Job::Free(mut out, weight) => {
                out.clear();
                spare.push(out);
                // The reader may have stopped; this worker still frees what it is sent.
                let _ = done_tx.send(Event::Freed(weight));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::MAX_INPUT_BYTES;
    use crate::ndjson::Line;
    use crate::validate::Validator;

    #[test]
    fn a_batch_over_the_budget_goes_alone() {
        let mut budget = Budget::new(100);
        assert!(budget.may_read() && budget.may_send(1000));
        budget.send(1000);
        assert!(!budget.may_read(), "a huge batch in flight stops reading");
        assert!(!budget.may_send(1));
        budget.free(1000);
        assert!(budget.may_read() && budget.may_send(100));
        budget.send(60);
        assert!(budget.may_read() && budget.may_send(40) && !budget.may_send(41));
        assert!(
            !budget.may_send(1000),
            "waits for the work before it to drain"
        );
        budget.send(40);
        assert!(!budget.may_read());
        budget.free(60);
        budget.free(40);
        assert!(budget.may_send(u64::MAX));
        assert_eq!((budget.peak, budget.peak_shared), (1000, 100));
    }

    /// Batches of about 1.6 KB, but lines 80, 180 and 280 are 4.5 KB.
    fn mixed_lines() -> Vec<u8> {
        let mut input = Vec::new();
        for i in 0..300 {
            let labels = if i % 100 == 80 { 150 } else { i % 2 };
            input.extend_from_slice(
                format!("{{\"InstanceId\": \"dsw-{i}\", \"Labels\": [").as_bytes(),
            );
            for j in 0..labels {
                input.extend_from_slice(
                    format!("{{\"Key\": \"k{j}\", \"Value\": \"v\"}},").as_bytes(),
                );
            }
            input.extend_from_slice(b"{}]}\n");
            if i % 17 == 0 {
                input.extend_from_slice(b"not json\n\n");
            }
        }
        input
    }

    fn run_with(input: &[u8], threads: usize, budget: &mut Budget) -> Vec<(u64, usize)> {
        let mut lines = Lines::new(input, MAX_INPUT_BYTES);
        let mut seen = Vec::new();
        run(
            &Validator::new(),
            &mut lines,
            threads,
            budget,
            &mut |out: &mut [Line]| {
                seen.extend(out.iter().map(|l| (l.number, l.report.diagnostics().len())));
                Ok(())
            },
        )
        .expect("in-memory input");
        seen
    }

    #[test]
    fn work_in_flight_stays_in_the_budget_whatever_the_thread_count() {
        let input = mixed_lines();
        let mut weights = Vec::new();
        let mut lines = Lines::new(&input[..], MAX_INPUT_BYTES);
        loop {
            let mut batch = Batch::default();
            let ended = lines.fill(&mut batch).expect("in-memory input");
            weights.push(batch.weight());
            if ended {
                break;
            }
        }
        // The first two batches just fit, and the batches holding a long line
        // do not fit even alone.
        let limit = weights[0] + weights[1];
        let heaviest = weights.iter().copied().max().unwrap_or(0);
        assert!(heaviest > limit, "{weights:?}");
        let one = run_with(&input, 1, &mut Budget::new(u64::MAX));
        assert_eq!(one.len(), 300 + 18);
        for threads in [1, 2, 4, 8, 64] {
            let mut budget = Budget::new(limit);
            assert_eq!(
                run_with(&input, threads, &mut budget),
                one,
                "threads {threads}"
            );
            // The reader sends what the budget admits before it waits for any
            // worker, so the first two batches are always in flight together.
            assert_eq!(budget.peak_shared, limit, "threads {threads}: {budget:?}");
            assert_eq!(budget.peak, heaviest, "threads {threads}: {budget:?}");
            // Nothing more is read while a long line is in flight.
            assert!(budget.peak_at_read < limit, "threads {threads}: {budget:?}");
            assert_eq!((budget.bytes, budget.batches), (0, 0), "all freed");
        }
    }

    #[test]
    fn small_lines_are_not_held_back_by_the_budget() {
        let input = b"{}\n".repeat(10_000);
        let mut budget = Budget::new(IN_FLIGHT_BYTES);
        run_with(&input, 8, &mut budget);
        assert!(budget.peak < IN_FLIGHT_BYTES / 100, "{budget:?}");
    }
}
