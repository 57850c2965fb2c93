//! `dswcheck snapshot record|check|pending`: the store of accepted snapshots.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read as _, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use dswcheck::DiffOptions;
use dswcheck::snapshot::{Check, Name, Review, Store, Verdict, compare};

use super::color::ColorChoice;
use super::diff::parse_pointer;

/// The store's directory when neither `--store` nor the config names one.
pub(super) const DEFAULT_STORE: &str = "dswcheck-snapshots";

/// The long help's description of the store.
const STORE_HELP: &str = "\
The store (--store DIR, else `[snapshot] store` in dswcheck.toml, else ./dswcheck-snapshots) \
holds one accepted snapshot per instance, NAME.json, in the canonical form of `dswcheck \
normalize` (secrets redacted, volatile and ignored fields left out, identity-keyed arrays \
sorted), and pending ones beside them, NAME.json.new, to be accepted or rejected with \
`dswcheck review`. NAME is the body's InstanceId, or --name for a single body.";

/// `dswcheck snapshot`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Compare captures with their accepted snapshots, and write the new and changed ones
    /// as pending review.
    #[command(after_long_help = format!("{STORE_HELP}\n\nExit codes:\n  0  every capture \
matches its accepted snapshot; nothing written\n  1  some snapshot became pending (new, or \
changed)\n  2  the tool could not run: an unreadable capture or store file, a body that is \
not JSON or is an API error, a bad name, wrong arguments"))]
    Record(CaptureArgs),
    /// Fail when a capture differs from its accepted snapshot, has none, or a snapshot is
    /// pending review. Never writes.
    #[command(after_long_help = format!("{STORE_HELP}\n\nExit codes:\n  0  every capture \
matches its accepted snapshot and none is pending\n  1  a capture is new or changed, or a \
snapshot is pending review\n  2  the tool could not run (as for record)"))]
    Check(CheckArgs),
    /// List the snapshots pending review.
    #[command(after_long_help = format!("{STORE_HELP}\n\nExit codes:\n  0  listed (none \
or some)\n  2  the store could not be read"))]
    Pending(PendingArgs),
}

/// Where the store is, and the comparison's options: shared by every
/// command on the store.
#[derive(Debug, Clone, clap::Args)]
pub(super) struct StoreArgs {
    /// The store's directory [default: `[snapshot] store` in dswcheck.toml, else
    /// ./dswcheck-snapshots].
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,

    /// Compare (and store) volatile fields too, as `dswcheck diff --include-volatile`.
    #[arg(long)]
    include_volatile: bool,

    /// Leave out values whose JSON Pointer matches, as `dswcheck diff --ignore`; adds to
    /// `[diff] ignore`. Repeatable.
    #[arg(long, value_name = "POINTER", value_parser = parse_pointer)]
    ignore: Vec<dswcheck::Pointer>,

    /// Read this config file instead of looking for dswcheck.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,

    /// Read no config file.
    #[arg(long)]
    no_config: bool,
}

/// The store and the options, from the flags over the config file.
pub(super) fn open(args: &StoreArgs) -> anyhow::Result<(Store, DiffOptions)> {
    let config = super::config::find(args.config.as_deref(), args.no_config)?
        .map(|path| super::config::load(&path))
        .transpose()?
        .unwrap_or_default();
    let dir = args
        .store
        .clone()
        .or(config.snapshot.store)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_STORE));
    let include_volatile = args.include_volatile || config.diff.include_volatile == Some(true);
    let ignore: Vec<dswcheck::Pointer> = config
        .diff
        .ignore
        .iter()
        .chain(&args.ignore)
        .cloned()
        .collect();
    Ok((
        Store::new(dir),
        super::diff::options(include_volatile, &ignore),
    ))
}

/// The captures of `record` and `check`.
#[derive(Debug, clap::Args)]
pub(super) struct CaptureArgs {
    /// GetInstance bodies, or NDJSON files of them (`.ndjson`, `.jsonl`, or --ndjson);
    /// `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,

    /// The snapshot's name for a single body without an InstanceId (or to name it
    /// otherwise).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,

    /// Read every input as NDJSON, one body per line (needed for `-`).
    #[arg(long)]
    ndjson: bool,

    #[command(flatten)]
    store: StoreArgs,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    captures: CaptureArgs,

    /// The output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,

    /// When to colour text output. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CheckFormat {
    /// Each failing capture with its diff, the pending snapshots, a summary.
    Text,
    /// A summary and diff tables, for $GITHUB_STEP_SUMMARY.
    Markdown,
    /// GitHub Actions `::error` annotations.
    Github,
}

#[derive(Debug, clap::Args)]
struct PendingArgs {
    /// The output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,

    #[command(flatten)]
    store: StoreArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ListFormat {
    /// One line per pending snapshot.
    Text,
    /// One JSON object: `{"format_version": 1, "store", "pending": [...]}`.
    Json,
}

/// Runs `dswcheck snapshot`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    match &args.command {
        Command::Record(args) => record(args),
        Command::Check(args) => check(args),
        Command::Pending(args) => pending(args),
    }
}

/// Where a capture came from: its file, and its line in an NDJSON file.
struct Origin<'a> {
    file: &'a str,
    line: Option<u64>,
}

impl std::fmt::Display for Origin<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file),
            None => f.write_str(self.file),
        }
    }
}

/// Compares every capture with the store and hands each comparison to
/// `sink`; a capture that cannot be compared is reported on stderr and the
/// others go on. Returns whether one could not.
fn each_capture(
    args: &CaptureArgs,
    store: &Store,
    options: &DiffOptions,
    mut sink: impl FnMut(&Origin<'_>, dswcheck::snapshot::Comparison) -> anyhow::Result<()>,
) -> anyhow::Result<bool> {
    let ndjson = |path: &Path| args.ndjson || super::inputs::is_ndjson(path);
    if args.name.is_some() && (args.files.len() != 1 || ndjson(&args.files[0])) {
        anyhow::bail!("--name names the snapshot of a single body: give one FILE, not NDJSON");
    }
    // Set by the closure below and by the loop over files alike.
    let failed = std::cell::Cell::new(false);
    let mut seen: HashMap<Name, String> = HashMap::new();
    let mut one = |origin: &Origin<'_>, report: anyhow::Result<dswcheck::Report>| {
        let compared = report.and_then(|report| {
            dswcheck::snapshot::check_capture(&report)?;
            let name = match (&args.name, report.instance_id()) {
                (Some(name), _) => Name::new(name)?,
                (None, Some(id)) => Name::new(id)?,
                (None, None) => anyhow::bail!("no InstanceId: name its snapshot with --name NAME"),
            };
            if let Some(before) = seen.insert(name.clone(), origin.to_string()) {
                warn(&format!(
                    "{origin}: {name} was captured before, at {before}; the last capture counts"
                ));
            }
            Ok(compare(store, name, &report, options)?)
        });
        match compared {
            Ok(comparison) => sink(origin, comparison),
            Err(e) => {
                failed.set(true);
                warn_error(&format!("{origin}: {e:#}"));
                Ok(())
            }
        }
    };
    for path in &args.files {
        let file = if path == Path::new("-") {
            "<stdin>".to_owned()
        } else {
            path.display().to_string()
        };
        if !ndjson(path) {
            // `load` names the file in its errors.
            match super::diff::load_report(path) {
                Ok(report) => one(
                    &Origin {
                        file: &file,
                        line: None,
                    },
                    Ok(report),
                )?,
                Err(e) => {
                    failed.set(true);
                    warn_error(&format!("{e:#}"));
                }
            }
            continue;
        }
        let reader: Box<dyn BufRead> = if path == Path::new("-") {
            Box::new(io::stdin().lock())
        } else {
            match File::open(path) {
                Ok(f) => Box::new(BufReader::with_capacity(256 * 1024, f)),
                Err(e) => {
                    failed.set(true);
                    warn_error(&format!("failed to read {file}: {e}"));
                    continue;
                }
            }
        };
        let result = each_line(reader, |number, bytes| {
            let origin = Origin {
                file: &file,
                line: Some(number),
            };
            one(&origin, body(bytes))
        });
        if let Err(e) = result {
            failed.set(true);
            warn_error(&format!("{file}: {e:#}"));
        }
    }
    Ok(failed.get())
}

/// An NDJSON line's body, which must be a JSON object.
fn body(bytes: &[u8]) -> anyhow::Result<dswcheck::Report> {
    let report = dswcheck::read(bytes);
    if matches!(report.value(), Some(serde_json::Value::Object(_))) {
        return Ok(report);
    }
    let reason = report.iter_errors().next().map_or_else(
        || "not a GetInstance body (a JSON object)".to_owned(),
        |d| format!("column {}: {}", d.column, d.message),
    );
    Err(anyhow::anyhow!(reason))
}

/// Hands each non-blank line of `reader` to `each`, with its 1-based
/// number; a line longer than [`dswcheck::MAX_INPUT_BYTES`] ends the file.
fn each_line(
    mut reader: impl BufRead,
    mut each: impl FnMut(u64, &[u8]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let limit = dswcheck::MAX_INPUT_BYTES;
    let mut line = Vec::new();
    for number in 1u64.. {
        line.clear();
        // The newline may come one byte past the limit.
        let read = reader
            .by_ref()
            .take(limit as u64 + 2)
            .read_until(b'\n', &mut line)
            .context("failed to read")?;
        if read == 0 {
            return Ok(());
        }
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        if text.len() > limit {
            anyhow::bail!(
                "line {number} is more than the limit of {limit} bytes; not read further"
            );
        }
        if !text.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')) {
            each(number, text)?;
        }
    }
    Ok(())
}

#[allow(clippy::print_stderr)]
fn warn(message: &str) {
    eprintln!("warning: {message}");
}

#[allow(clippy::print_stderr)]
fn warn_error(message: &str) {
    eprintln!("error: {message}");
}

/// Runs `dswcheck snapshot record`.
fn record(args: &CaptureArgs) -> anyhow::Result<ExitCode> {
    let (store, options) = open(&args.store)?;
    let mut out = io::stdout().lock();
    let (mut captures, mut pending) = (0u64, 0u64);
    let failed = each_capture(args, &store, &options, |origin, comparison| {
        captures += 1;
        if store.record(&comparison)? {
            pending += 1;
            writeln!(
                out,
                "{origin}: {} is pending ({}): {}",
                comparison.name,
                comparison.verdict.describe(),
                store.pending_path(&comparison.name).display()
            )?;
        }
        Ok(())
    })?;
    let written = writeln!(
        out,
        "{}: {} unchanged, {pending} pending review{}",
        dswcheck::__private::plural(captures, "capture"),
        captures - pending,
        if pending > 0 {
            " (dswcheck review)"
        } else {
            ""
        }
    );
    let code = match (failed, pending) {
        (true, _) => 2,
        (false, 0) => 0,
        (false, _) => 1,
    };
    super::verdict(written.and_then(|()| out.flush()), ExitCode::from(code))
}

/// Runs `dswcheck snapshot check`.
fn check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let (store, options) = open(&args.captures.store)?;
    let mut report = Check::new(store.clone());
    let failed = each_capture(&args.captures, &store, &options, |origin, comparison| {
        report.add(
            origin.file,
            origin.line,
            comparison.name,
            comparison.verdict,
        );
        Ok(())
    })?;
    report.set_pending(store.pending()?);
    let text = match args.format {
        CheckFormat::Text => report.to_text(args.color.stdout()),
        CheckFormat::Markdown => report.to_markdown(),
        CheckFormat::Github => report.to_github(),
    };
    let mut out = io::stdout().lock();
    let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    let code = if failed { 2 } else { u8::from(report.fails()) };
    super::verdict(written, ExitCode::from(code))
}

/// Runs `dswcheck snapshot pending`.
fn pending(args: &PendingArgs) -> anyhow::Result<ExitCode> {
    let (store, options) = open(&args.store)?;
    let mut failed = false;
    let mut entries = Vec::new();
    for name in store.pending()? {
        match Review::load(&store, &name, &options) {
            Ok(review) => entries.push(review),
            Err(e) => {
                failed = true;
                warn_error(&format!("{e}"));
            }
        }
    }
    let mut out = io::stdout().lock();
    let written = match args.format {
        ListFormat::Text => entries.iter().try_for_each(|review| {
            writeln!(
                out,
                "{}: {}",
                store.pending_path(&review.name).display(),
                review.verdict.describe()
            )
        }),
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = entries
                .iter()
                .map(|review| pending_json(&store, review))
                .collect();
            let value = serde_json::json!({
                "format_version": 1,
                "store": store.dir().display().to_string(),
                "pending": list,
            });
            serde_json::to_writer_pretty(&mut out, &value)
                .map_err(io::Error::from)
                .and_then(|()| writeln!(out))
        }
    };
    super::verdict(
        written.and_then(|()| out.flush()),
        ExitCode::from(if failed { 2 } else { 0 }),
    )
}

/// One pending snapshot in `snapshot pending --format json`.
fn pending_json(store: &Store, review: &Review) -> serde_json::Value {
    let (kind, changes) = match &review.verdict {
        Verdict::Changed(diff) => (
            "changed",
            dswcheck::snapshot::class_counts(diff)
                .into_iter()
                .map(|(class, n)| (class.as_str().to_owned(), serde_json::Value::from(n)))
                .collect(),
        ),
        _ => ("new", serde_json::Map::new()),
    };
    let accepted = store.accepted_path(&review.name);
    serde_json::json!({
        "name": review.name.as_str(),
        "kind": kind,
        "changes": changes,
        "instance_name": review.instance_name,
        "status": review.status,
        "pending": store.pending_path(&review.name).display().to_string(),
        "accepted": (kind == "changed").then(|| accepted.display().to_string()),
    })
}
