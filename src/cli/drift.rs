//! `dswcheck drift`.

use std::fs::File;
use std::io::{self, BufReader, Write};
use std::process::ExitCode;

use dswcheck::{Drift, Source, Validator};

use super::color::ColorChoice;
use super::inputs::{self, Inputs};

/// The long help: what the report holds, its formats and exit codes.
const HELP: &str = "\
Inputs are GetInstance bodies and ListInstances pages, one per file, or one per line in files \
ending in .ndjson or .jsonl (and every input with --ndjson, which standard input `-` needs). \
Each is validated as `dswcheck validate` does; each item of a ListInstances page counts as an \
instance, and the page's own fields have paths starting with (page).

The report: the diagnostics per code; each unknown field (array indexes written [], as in \
Datasets[].Foo) with its count, the instances carrying it and where it was first seen \
(FILE:LINE); each enum value outside the documentation, per field, with its count and first \
source; for each documented field, the share of instances that carry it (not null), which is \
how a rollout shows; and the values of Status, AcceleratorType and PaymentType. Values go \
through the secret policy and are cut after 64 characters; unknown fields' values are never \
shown. At most 100 values per field and 1000 unknown fields are kept; the rest are counted.

Formats:
  text      a summary, then aligned tables; documented fields only when part of the fleet has them (default)
  json      one object, format version 1:
              format_version  1
              documents       {total, invalid, instances, pages, api_errors, unreadable}
              codes           [{code, severity, count}], most frequent first
              unknown_fields  [{path, count, instances, first_source}], most frequent first
              unknown_fields_left_out  sightings of the unknown fields past the 1000 kept
              enum_values     [{path, code (enum.unknown or enum.unlisted), value, count, first_source}]
              enum_values_left_out     occurrences of the values past the 100 kept per field
              fields          [{path, instances, out_of, share}] every documented field: the
                              instances carrying it, out of those whose kind documents it,
                              and the share rounded to 4 decimals (null when out_of is 0)
              distributions   [{field, values: [{value, count}], other, absent}] for Status,
                              AcceleratorType and PaymentType
            Version 1 may gain keys; none is renamed, removed or given another meaning.
  markdown  the same tables for $GITHUB_STEP_SUMMARY or a pull-request comment
  html      one self-contained page (inline CSS and SVG, no network): headline figures, then
            collapsible sections with charts and filterable tables

Exit codes:
  0  the report was written
  2  the tool could not run: a file could not be read (the report covers the others), or the \
arguments are wrong";

/// Arguments of `dswcheck drift`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = HELP)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,

    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// When to colour text output. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// A summary, then aligned tables.
    Text,
    /// One JSON object (format version 1).
    Json,
    /// Markdown tables.
    Markdown,
    /// One self-contained HTML page.
    Html,
}

/// Runs `dswcheck drift`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let threads = args.inputs.threads();
    let validator = Validator::new();
    let mut drift = Drift::new();
    let mut unreadable = false;
    for path in &args.inputs.files {
        let stdin = inputs::is_stdin(path);
        let name = inputs::name(path);
        let result = if args.inputs.is_ndjson(path) {
            if stdin {
                drift.add_lines(&name, io::stdin().lock(), threads)
            } else {
                File::open(path).and_then(|file| {
                    drift.add_lines(&name, BufReader::with_capacity(256 * 1024, file), threads)
                })
            }
        } else {
            let report = if stdin {
                validator.validate_reader(io::stdin().lock())
            } else {
                File::open(path).and_then(|file| validator.validate_reader(file))
            };
            report.map(|report| drift.add(Source::Document(&name), &report))
        };
        if let Err(e) = result {
            unreadable = true;
            let what = if stdin { "standard input" } else { &name };
            #[allow(clippy::print_stderr)]
            {
                eprintln!(
                    "error: {:#}",
                    anyhow::Error::new(e).context(format!("failed to read {what}"))
                );
            }
        }
    }
    let text = match args.format {
        Format::Text => drift.to_text(args.color.stdout()),
        Format::Json => drift.to_json() + "\n",
        Format::Markdown => drift.to_markdown(),
        Format::Html => drift.to_html(),
    };
    let mut out = io::stdout().lock();
    let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    let code = if unreadable {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    };
    super::verdict(written, code)
}
