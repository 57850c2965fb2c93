//! `dswcheck diff`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use dswcheck::{
    Code, Diagnostic, DiffOptions, FieldClass, Pointer, Report, Snapshot, read_limited,
};

use super::color::ColorChoice;

/// The long help's formats and exit codes.
const HELP_TAIL: &str = "\
Formats:
  text      changes grouped by section, with readable paths (default)
  json      {\"format_version\": 1, \"instance_id\", \"changes\": [...], \"findings\": [...]}
  patch     an RFC 6902 JSON Patch from OLD to NEW (secrets written as <redacted>)
  markdown  a table for a pull-request comment or a CI summary
  github    (--fleet) GitHub workflow commands: one per instance added, removed or changed
  html      (--fleet) one self-contained page for a CI artifact: counts, a chart, and \
collapsible, searchable tables

Fleets (--fleet): OLD and NEW are each a file (NDJSON of GetInstance bodies or of \
ListInstances pages, or one JSON document: a ListInstances page or a GetInstance body) or a \
directory (its regular files, not subdirectories, sorted by name; names starting with `.` \
are skipped). Instances are matched by InstanceId in any order; each pair is compared as two \
snapshots are. An InstanceId twice on one side is a finding, and its last occurrence is \
compared; lines that are not JSON, records without an InstanceId and API error bodies are \
findings (FILE:LINE), and the rest is still compared. An added or removed instance is a \
change of class identity. JSON: {\"format_version\": 1, \"counts\": {\"old\", \"new\", \
\"added\", \"removed\", \"changed\", \"unchanged\", \"findings\"}, \"added\": [{\"instance_id\", \
\"instance_name\", \"status\", \"source\": {\"file\", \"line\", \"item\"?}}], \"removed\": [...], \
\"changed\": [{\"instance_id\", \"instance_name\", \"old_source\", \"new_source\", \"changes\", \
\"findings\"}], \"findings\": [{\"severity\", \"code\", \"side\", \"instance_id\", \"sources\", \
\"message\"}]}; every list sorted by InstanceId.

Exit codes:
  0  nothing that --fail-on names (by default: no change, volatile and ignored fields left \
out; findings do not count)
  1  a change of a class --fail-on names (by default: any change; with --fleet, an added or \
removed instance too, as class identity), or a finding when it names `findings`
  2  the snapshots could not be compared: unreadable or not a JSON object, an API error \
body, different InstanceIds, or wrong arguments; with --fleet, a file or directory that \
cannot be read, or a side with no file (a line that is not JSON is a finding, not an error)";

/// The long help: the matching rules come from the field table.
fn help() -> String {
    format!(
        "Array elements are matched by identity, not position: {}. Volatile fields, left out \
         unless --include-volatile: {}. Secrets are compared but always shown as \
         <redacted>.\n\n{HELP_TAIL}",
        dswcheck::__private::identity_prose(),
        dswcheck::__private::volatile_list(),
    )
}

/// Arguments of `dswcheck diff`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = help())]
pub struct Args {
    /// The old snapshot; `-` reads standard input. With --fleet, a dump: a file or a directory.
    #[arg(value_name = "OLD")]
    old: PathBuf,

    /// The new snapshot; `-` reads standard input. With --fleet, a dump: a file or a directory.
    #[arg(value_name = "NEW")]
    new: PathBuf,

    /// Compare two dumps of a fleet, instance by instance, matched by InstanceId.
    #[arg(long)]
    fleet: bool,

    /// With --fleet, the threads that read and compare (1 to 64; default: every core).
    #[arg(long, value_name = "N", value_parser = super::inputs::parse_threads, requires = "fleet")]
    threads: Option<std::num::NonZeroUsize>,

    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Compare volatile fields too (RequestId, AccumulatedRunningTimeInMs, ...;
    /// all listed in --help).
    #[arg(long)]
    include_volatile: bool,

    /// Leave out values whose JSON Pointer matches; `*` matches any one token
    /// (`/Datasets/*/Options`). Repeatable.
    #[arg(long, value_name = "POINTER", value_parser = parse_pointer)]
    ignore: Vec<Pointer>,

    /// When to colour text output. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// What fails (exit 1): `any` change (the default), changes of the classes
    /// `identity`, `spec`, `status`, `volatile` or `secret`, `findings`, or
    /// `never`. Comma-separated or repeatable.
    #[arg(long, value_name = "WHAT", value_delimiter = ',', value_parser = parse_fail_on)]
    fail_on: Vec<String>,

    /// Read this config file instead of looking for dswcheck.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,

    /// Read no config file.
    #[arg(long)]
    no_config: bool,
}

/// What `--fail-on` of `diff` accepts besides the field classes.
const FAIL_ON_WORDS: &[&str] = &["any", "never", "findings"];

/// Whether `name` is something `diff --fail-on` can name.
pub(super) fn check_fail_on(name: &str) -> Result<(), String> {
    if FAIL_ON_WORDS.contains(&name) || FieldClass::ALL.iter().any(|c| c.as_str() == name) {
        Ok(())
    } else {
        let classes: Vec<&str> = FieldClass::ALL.iter().map(|c| c.as_str()).collect();
        Err(format!(
            "expected any, never, findings or a class ({}), found {name:?}",
            classes.join(", ")
        ))
    }
}

fn parse_fail_on(s: &str) -> Result<String, String> {
    check_fail_on(s).map(|()| s.to_owned())
}

/// Whether a comparison fails under `fail_on` (checked names; empty means
/// `any`): whether anything `changed`, the classes of the changes, and
/// whether there are findings.
fn fails(
    fail_on: &[String],
    changed: bool,
    mut classes: impl Iterator<Item = FieldClass>,
    findings: bool,
) -> bool {
    if fail_on.is_empty() || fail_on.iter().any(|w| w == "any") {
        return changed;
    }
    classes.any(|class| fail_on.iter().any(|w| w == class.as_str()))
        || (findings && fail_on.iter().any(|w| w == "findings"))
}

/// How the diff is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Changes grouped by section.
    Text,
    /// One JSON object (format version 1).
    Json,
    /// An RFC 6902 JSON Patch.
    Patch,
    /// A Markdown table.
    Markdown,
    /// GitHub workflow commands (with --fleet).
    Github,
    /// One self-contained HTML page, for a CI artifact (with --fleet).
    Html,
}

/// Accepts JSON Pointers only, so that a forgotten `/` is an error rather
/// than a pattern that matches nothing. Not the root either, which would
/// ignore everything: an empty argument is more likely an unset variable.
pub(super) fn parse_pointer(s: &str) -> Result<Pointer, String> {
    match Pointer::parse(s) {
        Ok(pointer) if !pointer.is_root() => Ok(pointer),
        Ok(_) => Err("expected a JSON Pointer starting with `/`, such as /Labels".to_owned()),
        Err(e) => Err(e.to_string()),
    }
}

/// The diff options the flags ask for.
pub(super) fn options(include_volatile: bool, ignore: &[Pointer]) -> DiffOptions {
    ignore.iter().fold(
        DiffOptions::new().should_include_volatile(include_volatile),
        |options, p| options.with_ignored(p),
    )
}

/// Runs `dswcheck diff`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if args.old == Path::new("-") && args.new == Path::new("-") {
        anyhow::bail!("OLD and NEW cannot both be standard input");
    }
    let config = super::config::find(args.config.as_deref(), args.no_config)?
        .map(|path| super::config::load(&path))
        .transpose()?
        .unwrap_or_default()
        .diff;
    // Flags win: their ignores add to the file's, and a flag's fail-on replaces its.
    let include_volatile = args.include_volatile || config.include_volatile == Some(true);
    let ignore: Vec<Pointer> = config.ignore.iter().chain(&args.ignore).cloned().collect();
    let fail_on = if args.fail_on.is_empty() {
        config.fail_on.unwrap_or_default()
    } else {
        args.fail_on.clone()
    };
    if fail_on.iter().any(|w| w == "never") && fail_on.len() > 1 {
        anyhow::bail!("--fail-on never cannot be combined with other values");
    }
    let options = options(include_volatile, &ignore);
    if args.fleet {
        return fleet(args, options, &fail_on);
    }
    if matches!(args.format, Format::Github | Format::Html) {
        anyhow::bail!(
            "--format github and html are for --fleet; a diff of two snapshots is text, json, \
             patch or markdown"
        );
    }
    let old = load(&args.old)?;
    let new = load(&args.new)?;
    let diff = dswcheck::diff_snapshots(&old, &new, &options)?;
    drop((old, new));
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let written = match args.format {
        Format::Text => out.write_all(diff.to_text(args.color.stdout()).as_bytes()),
        Format::Json => write_json(&mut out, &diff),
        Format::Patch => {
            let patch = diff.patch();
            let redacted = patch.redacted_ops();
            if redacted > 0 {
                #[allow(clippy::print_stderr)]
                {
                    eprintln!(
                        "note: {redacted} patch operation(s) write {} in place of a secret (marked \"redacted\": true); \
                         applying the patch does not restore secrets",
                        dswcheck::REDACTED
                    );
                }
            }
            write_json(&mut out, &patch)
        }
        Format::Markdown | Format::Github | Format::Html => {
            out.write_all(diff.to_markdown().as_bytes())
        }
    }
    .and_then(|()| out.flush());
    let classes = diff.changes.iter().map(|c| c.class);
    let code = if fails(
        &fail_on,
        !diff.is_empty(),
        classes,
        !diff.findings.is_empty(),
    ) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    super::verdict(written, code)
}

/// `dswcheck diff --fleet`.
fn fleet(args: &Args, options: DiffOptions, fail_on: &[String]) -> anyhow::Result<ExitCode> {
    if args.old == Path::new("-") || args.new == Path::new("-") {
        anyhow::bail!(
            "--fleet reads files or directories, not standard input: records are read twice"
        );
    }
    if args.format == Format::Patch {
        anyhow::bail!(
            "--format patch is a patch of one snapshot; a fleet diff is text, json, markdown, \
             github or html"
        );
    }
    let mut fleet_options = dswcheck::FleetOptions::new().with_diff_options(options);
    if let Some(threads) = args.threads {
        fleet_options = fleet_options.with_threads(threads);
    }
    let fleet = dswcheck::diff_fleet(&[&args.old], &[&args.new], &fleet_options)?;
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let written = match args.format {
        Format::Text | Format::Patch => {
            out.write_all(fleet.to_text(args.color.stdout()).as_bytes())
        }
        Format::Json => write_json(&mut out, &fleet),
        Format::Markdown => out.write_all(fleet.to_markdown().as_bytes()),
        Format::Github => out.write_all(fleet.to_github().as_bytes()),
        Format::Html => out.write_all(fleet.to_html().as_bytes()),
    }
    .and_then(|()| out.flush());
    // An added or removed instance is a change of its identity.
    let births = std::iter::repeat_n(
        FieldClass::Identity,
        usize::from(!fleet.added.is_empty() || !fleet.removed.is_empty()),
    );
    let classes = births.chain(fleet.iter_changes().map(|c| c.class));
    let code = if fails(
        fail_on,
        !fleet.is_empty(),
        classes,
        fleet.counts.findings > 0,
    ) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    super::verdict(written, code)
}

/// Writes `value` as indented JSON and a newline, keeping I/O errors as
/// `io::Error` so that a closed pipe is recognized.
fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// Reads and parses one snapshot; a side that is not a JSON object is an
/// error naming the file, line and column. Other diagnostics (coerced
/// scalars, unknown enum values) do not prevent a comparison, but a duplicate
/// key, whose meaning is ambiguous, is warned about.
/// The duplicate keys shown on stderr; the rest are counted. A hostile body
/// can repeat a key a million times, and a million unbuffered lines on a
/// terminal take longer than reading the body.
const DUPLICATES_SHOWN: usize = 20;

/// Warns about duplicate keys, whose last value the comparison uses.
fn warn_duplicates(name: &str, diagnostics: &[Diagnostic]) {
    use std::io::Write as _;
    let duplicates: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code == Code::JsonDuplicateKey)
        .collect();
    let mut err = io::BufWriter::new(io::stderr().lock());
    // Warnings are best effort: a closed stderr must not fail the comparison.
    for d in duplicates.iter().take(DUPLICATES_SHOWN) {
        let _ = writeln!(
            err,
            "warning: {name}:{}:{}: {}",
            d.line, d.column, d.message
        );
    }
    if duplicates.len() > DUPLICATES_SHOWN {
        let more = duplicates.len() - DUPLICATES_SHOWN;
        // Past the report's limit, duplicates are counted with everything else.
        let truncated = diagnostics.iter().any(|d| d.code == Code::ReportTruncated);
        let at_least = if truncated { "at least " } else { "" };
        let _ = writeln!(err, "warning: {name}: {at_least}{more} more duplicate keys");
    }
    let _ = err.flush();
}

/// The name of `path` in messages, and its bytes, at most the limit every
/// input path shares.
fn read_input(path: &Path) -> anyhow::Result<(String, Vec<u8>)> {
    if super::inputs::is_stdin(path) {
        let bytes = read_limited(io::stdin().lock()).context("failed to read standard input")?;
        Ok((super::inputs::name(path), bytes))
    } else {
        let bytes = std::fs::File::open(path)
            .and_then(read_limited)
            .with_context(|| format!("failed to read {}", path.display()))?;
        Ok((path.display().to_string(), bytes))
    }
}

/// Warns about duplicate keys, and refuses a side that is not a JSON
/// object, naming the file, line and column.
fn check_side(name: &str, diagnostics: &[Diagnostic], is_object: bool) -> anyhow::Result<()> {
    warn_duplicates(name, diagnostics);
    if is_object {
        return Ok(());
    }
    let blocking = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .find(|d| d.code.is_syntax() || (d.code == Code::TypeMismatch && d.pointer.is_root()))
        .map(|d| format!("{name}:{}:{}: {}", d.line, d.column, d.message));
    Err(anyhow::anyhow!(blocking.unwrap_or_else(|| format!(
        "{name}: not a GetInstance body (a JSON object)"
    ))))
}

pub(super) fn load(path: &Path) -> anyhow::Result<Snapshot> {
    let (name, bytes) = read_input(path)?;
    // Comparing needs the JSON data, not the typed model: the text and a
    // compact index of it, about twice its size.
    let snapshot = Snapshot::read(bytes);
    check_side(&name, snapshot.diagnostics(), snapshot.is_object())?;
    Ok(snapshot)
}

/// [`load`] as a [`Report`], for the snapshot store, which compares and
/// normalizes reports.
pub(super) fn load_report(path: &Path) -> anyhow::Result<Report> {
    let (name, bytes) = read_input(path)?;
    let report = dswcheck::read(&bytes);
    let is_object = matches!(report.value(), Some(serde_json::Value::Object(_)));
    check_side(&name, report.diagnostics(), is_object)?;
    Ok(report)
}
