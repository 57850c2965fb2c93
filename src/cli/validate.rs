//! `dswcheck validate`.

use std::fs::File;
use std::io::{self, BufReader, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use dswcheck::{Aggregate, BodyKind, Renderer, Report, Severity, Source, Summary, Validator};

use super::color::ColorChoice;
use super::inputs::{self, Inputs};

/// Arguments of `dswcheck validate`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = "\
Files ending in .ndjson or .jsonl (and every input with --ndjson) hold one document per line; \
blank lines are skipped, and a document's source is then FILE:LINE. Their lines are validated \
in parallel and reported in input order.

Text output has one line per diagnostic, FILE:LINE:COLUMN: SEVERITY[CODE] POINTER: MESSAGE, \
then a summary line. JSON output has one JSON object per document (format version 1, see the \
documentation of dswcheck::Renderer) and no summary. GitHub output has one workflow command \
per diagnostic (an annotation on the file and line). SARIF, JUnit XML and Markdown are written \
once every input is read, from the diagnostics alone: SARIF 2.1.0 for code scanning, one JUnit \
test suite per file and test case per document, and a Markdown summary (counts, then at most \
1000 findings) for $GITHUB_STEP_SUMMARY. Every format shows the same diagnostics, in input \
order, with the same secrets redacted.

A file that cannot be read is reported on stderr and skipped; the other files are still \
validated, and the exit code is then 2.

The CI gate: --deny, --warn and --allow change the severity of a code or a whole family \
(`secret`, every secret.* code); --fail-on says which severity fails; --baseline reports only \
findings not recorded by --write-baseline; --policy adds a team's rules (JSON Schema). These can \
be kept in dswcheck.toml (found from the working directory up to the repository root; see the \
README), which the flags override.

Exit codes:
  0  no document fails: none has a diagnostic at or above --fail-on (default error, so \
warnings and info do not count)
  1  some document fails (a body that is not JSON is an invalid document), or --report-stale \
found stale baseline entries
  2  the tool could not run: a file could not be read, the arguments, the config file, a \
policy or the baseline are wrong")]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,

    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// What each body is: `auto` detects it (a ListInstances page has
    /// `Instances` or `TotalCount`; an error body says the call failed);
    /// `get-instance`, `list-instances` or `api-error` reads every body as
    /// that, with a `response.kind` warning where one looks otherwise.
    #[arg(long, value_name = "KIND", default_value = "auto", value_parser = parse_kind)]
    kind: KindChoice,

    /// When to colour text output. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Hide diagnostics less severe than this. Info diagnostics (such as field.unknown)
    /// are shown by default, since they are how API drift shows up. Hidden diagnostics
    /// still count in validity, the exit code and the summary.
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = MinSeverity::Info)]
    min_severity: MinSeverity,

    /// Check this policy too: a JSON Schema file whose violations are
    /// reported as `policy.NAME` (see the README). Repeatable; adds to the
    /// config file's `policies`.
    #[arg(long, value_name = "FILE")]
    policy: Vec<PathBuf>,

    #[command(flatten)]
    gate: super::gate::GateArgs,
}

/// How reports are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// One line per diagnostic, then a summary line.
    Text,
    /// JSON Lines: one object per document.
    Json,
    /// GitHub Actions workflow commands: one ::error, ::warning or ::notice per diagnostic.
    Github,
    /// SARIF 2.1.0, one run, for GitHub code scanning; written once all inputs are read.
    Sarif,
    /// JUnit XML: a test suite per file, a test case per document; written at the end.
    Junit,
    /// A Markdown summary: counts, then a table of findings; written at the end.
    Markdown,
}

impl Format {
    /// Whether the format is written once, from every document's diagnostics.
    fn is_aggregate(self) -> bool {
        matches!(self, Format::Sarif | Format::Junit | Format::Markdown)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum MinSeverity {
    Info,
    Warning,
    Error,
}

/// Why an input could not be validated to the end.
enum Failure {
    /// Reading it failed: reported, and the other inputs go on.
    Input(anyhow::Error),
    /// Writing the output failed: nothing more can be done.
    Output(io::Error),
}

/// Runs `dswcheck validate`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let min_severity = match args.min_severity {
        MinSeverity::Info => Severity::Info,
        MinSeverity::Warning => Severity::Warning,
        MinSeverity::Error => Severity::Error,
    };
    let renderer = Renderer::new()
        .should_color(args.color.stdout())
        .with_min_severity(min_severity);
    let threads = args.inputs.threads();
    let config = super::gate::config(&args.gate)?;
    let mut validator = Validator::new();
    if let KindChoice(Some(kind)) = args.kind {
        validator = validator.with_kind(kind);
    }
    let mut rules = Vec::new();
    for path in config.validate.policies.iter().chain(&args.policy) {
        let policy = dswcheck::Policy::from_file(path)?;
        rules.extend(policy.rules());
        validator = validator.with_policy(policy);
    }
    let codes: Vec<_> = rules.iter().map(|r| r.code).collect();
    let mut run = super::gate::Run::new(&args.gate, &config, &codes)?;
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let mut tally = Tally::default();
    // Only the diagnostics the aggregate formats write, never a document.
    let mut kept = Aggregate::new()
        .should_keep_clean(args.format == Format::Junit)
        .with_fail_on(run.gate.fail_on())
        .with_policy_rules(rules);
    let mut unreadable = false;
    for path in &args.inputs.files {
        let input = Input {
            path,
            format: args.format,
            renderer: &renderer,
            validator: &validator,
            threads,
        };
        let mut output = Output {
            out: &mut out,
            kept: &mut kept,
        };
        let result = if args.inputs.is_ndjson(path) {
            input.lines(&mut output, &mut run, &mut tally)
        } else {
            input.document(&mut output, &mut run, &mut tally)
        };
        match result {
            Ok(()) => {}
            Err(Failure::Output(e)) => {
                return super::verdict(Err(e), exit_code(unreadable, tally.failed));
            }
            Err(Failure::Input(e)) => {
                unreadable = true;
                // What was printed so far comes before the error.
                out.flush().context("failed to write the output")?;
                #[allow(clippy::print_stderr)]
                {
                    eprintln!("error: {e:#}");
                }
            }
        }
    }
    let finished = run.finish()?;
    let notes = finished.notes();
    let written = match args.format {
        Format::Text => writeln!(out, "{}", tally.summary)
            .and_then(|()| notes.iter().try_for_each(|note| writeln!(out, "{note}"))),
        Format::Json | Format::Github => Ok(()),
        Format::Sarif => renderer.write_sarif(&mut out, &kept),
        Format::Junit => renderer.write_junit(&mut out, &kept),
        Format::Markdown => renderer.write_markdown(&mut out, &kept),
    }
    .and_then(|()| out.flush());
    if args.format != Format::Text {
        #[allow(clippy::print_stderr)]
        for note in &notes {
            eprintln!("{note}");
        }
    }
    super::verdict(
        written,
        exit_code(unreadable, tally.failed || finished.fails()),
    )
}

/// What the documents came to, through the gate.
#[derive(Default)]
struct Tally {
    summary: Summary,
    /// Whether a document failed the gate's `--fail-on`.
    failed: bool,
}

impl Tally {
    fn add(&mut self, run: &super::gate::Run, report: &Report) {
        self.summary.add(report);
        self.failed |= run.gate.fails(report);
    }
}

/// 2 when an input could not be read, else 1 when a document failed.
fn exit_code(unreadable: bool, failed: bool) -> ExitCode {
    if unreadable {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--kind`: detected (`auto`, `None`) or forced.
#[derive(Debug, Clone, Copy)]
struct KindChoice(Option<BodyKind>);

/// `auto` or a [`BodyKind`]'s name.
fn parse_kind(s: &str) -> Result<KindChoice, String> {
    if s == "auto" {
        return Ok(KindChoice(None));
    }
    s.parse()
        .map(|kind| KindChoice(Some(kind)))
        .map_err(|e: dswcheck::UnknownKind| format!("{e}, or auto"))
}

/// Where reports go: written as they come, or kept for a format written at the end.
struct Output<'a, W> {
    out: &'a mut W,
    kept: &'a mut Aggregate,
}

/// One input, and how to report on it.
struct Input<'a> {
    path: &'a Path,
    format: Format,
    renderer: &'a Renderer,
    validator: &'a Validator,
    threads: NonZeroUsize,
}

impl Input<'_> {
    fn is_stdin(&self) -> bool {
        inputs::is_stdin(self.path)
    }

    fn name(&self) -> String {
        inputs::name(self.path)
    }

    fn read_failed(&self, e: io::Error) -> Failure {
        let what = if self.is_stdin() {
            "standard input".to_owned()
        } else {
            self.path.display().to_string()
        };
        Failure::Input(anyhow::Error::new(e).context(format!("failed to read {what}")))
    }

    fn write(
        &self,
        output: &mut Output<'_, impl Write>,
        source: Source<'_>,
        report: &Report,
    ) -> io::Result<()> {
        let out = &mut *output.out;
        match self.format {
            Format::Text => self.renderer.write_text(out, source, report),
            Format::Json => self.renderer.write_json(out, source, report),
            Format::Github => self.renderer.write_github(out, source, report),
            Format::Sarif | Format::Junit | Format::Markdown => {
                output.kept.add(self.renderer, source, report);
                Ok(())
            }
        }
    }

    /// Validates a whole file as one document.
    fn document(
        &self,
        out: &mut Output<'_, impl Write>,
        run: &mut super::gate::Run,
        tally: &mut Tally,
    ) -> Result<(), Failure> {
        let report = if self.is_stdin() {
            self.validator.validate_reader(io::stdin().lock())
        } else {
            File::open(self.path).and_then(|file| self.validator.validate_reader(file))
        }
        .map_err(|e| self.read_failed(e))?;
        let name = self.name();
        let report = run.apply(dswcheck::document_name(&report, &name), &report);
        tally.add(run, &report);
        self.write(out, Source::Document(&name), &report)
            .map_err(Failure::Output)
    }

    /// Validates each line of an NDJSON file as a document.
    fn lines(
        &self,
        out: &mut Output<'_, impl Write>,
        run: &mut super::gate::Run,
        tally: &mut Tally,
    ) -> Result<(), Failure> {
        let name = self.name();
        let file = if self.is_stdin() {
            None
        } else {
            Some(File::open(self.path).map_err(|e| self.read_failed(e))?)
        };
        if self.format.is_aggregate() {
            // An empty stream is still an input: an empty JUnit test suite.
            out.kept.start_file(&name);
        }
        let mut write_error = None;
        let sink = |line: &dswcheck::Line| {
            // A line is named by its InstanceId, or by its file: never by its
            // line number, which moves.
            let report = run.apply(dswcheck::document_name(&line.report, &name), &line.report);
            // Counted here rather than from the result, which a read error replaces.
            tally.add(run, &report);
            self.write(
                out,
                Source::Line {
                    name: &name,
                    line: line.number,
                },
                &report,
            )
            .map_err(|e| {
                // Kept to tell it from a read error; its kind stops the stream.
                let kind = e.kind();
                write_error = Some(e);
                io::Error::from(kind)
            })
        };
        let result = match file {
            None => self
                .validator
                .validate_lines(io::stdin().lock(), self.threads, sink),
            Some(file) => self.validator.validate_lines(
                BufReader::with_capacity(256 * 1024, file),
                self.threads,
                sink,
            ),
        };
        if let Some(e) = write_error {
            return Err(Failure::Output(e));
        }
        result.map(drop).map_err(|e| self.read_failed(e))
    }
}
