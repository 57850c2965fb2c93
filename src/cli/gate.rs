//! The gate flags of `dswcheck validate`, merged with the config file.

use std::path::PathBuf;

use anyhow::Context as _;
use dswcheck::{Baseline, Code, FailOn, Gate, Level, Report, Selector, StaleEntry};

use dswcheck::__private::plural;

use super::config::{self, Config};

/// The flags of the CI gate.
#[derive(Debug, Clone, clap::Args)]
pub struct GateArgs {
    /// Fail (exit 1) when a document has a diagnostic of this severity or
    /// above, after overrides and the baseline [default: error].
    #[arg(long, value_name = "SEVERITY", value_parser = parse_fail_on)]
    fail_on: Option<FailOn>,

    /// Report the diagnostics of this code (`secret.exposed`) or family
    /// (`secret`) as errors. Repeatable, or comma-separated.
    #[arg(long, value_name = "CODE", value_parser = parse_selector, value_delimiter = ',')]
    deny: Vec<Selector>,

    /// Report this code or family as warnings.
    #[arg(long, value_name = "CODE", value_parser = parse_selector, value_delimiter = ',')]
    warn: Vec<Selector>,

    /// Do not report this code or family at all.
    #[arg(long, value_name = "CODE", value_parser = parse_selector, value_delimiter = ',')]
    allow: Vec<Selector>,

    /// Report only findings that are not in this baseline file, and count
    /// the others as suppressed.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,

    /// Record the findings (after overrides) as a baseline file.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,

    /// List the baseline's entries that no finding matched, and fail when there are any,
    /// so that the baseline shrinks as findings are fixed.
    #[arg(long, requires = "baseline")]
    report_stale: bool,

    /// Read this config file instead of looking for dswcheck.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,

    /// Read no config file.
    #[arg(long)]
    no_config: bool,
}

fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    s.parse()
}

fn parse_selector(s: &str) -> Result<Selector, String> {
    Selector::parse(s).map_err(|e| e.to_string())
}

/// The config file the flags select, read.
pub(super) fn config(args: &GateArgs) -> anyhow::Result<Config> {
    match config::find(args.config.as_deref(), args.no_config)? {
        Some(path) => config::load(&path),
        None => Ok(Config::default()),
    }
}

/// The gate, its baseline and what the run records, for one run.
pub(super) struct Run {
    pub gate: Gate,
    baseline: Option<(PathBuf, Baseline)>,
    recording: Option<(PathBuf, Baseline)>,
    report_stale: bool,
    /// Findings the baseline suppressed.
    pub suppressed: u64,
}

impl Run {
    /// The gate of the flags over the config file's `[validate]`; `rules`
    /// are the codes the policies define, which a selector of a policy
    /// code must name.
    pub(super) fn new(args: &GateArgs, config: &Config, rules: &[Code]) -> anyhow::Result<Self> {
        let file = &config.validate;
        let selectors = [
            &file.deny,
            &file.warn,
            &file.allow,
            &args.deny,
            &args.warn,
            &args.allow,
        ];
        for selector in selectors.into_iter().flatten() {
            check_policy_code(*selector, rules)?;
        }
        for ignore in &file.ignore {
            for selector in &ignore.codes {
                check_policy_code(*selector, rules)?;
            }
        }
        let mut gate = Gate::new().with_fail_on(args.fail_on.or(file.fail_on).unwrap_or_default());
        // The file, then the flags; in each, families before codes, so that
        // the more specific setting and the command line win.
        for layer in [
            (&file.deny, &file.warn, &file.allow),
            (&args.deny, &args.warn, &args.allow),
        ] {
            gate = layer_levels(gate, layer)?;
        }
        for ignore in &file.ignore {
            if ignore.codes.is_empty() {
                gate = gate.with_ignored(None, ignore.pointer.as_str());
            }
            for code in &ignore.codes {
                gate = gate.with_ignored(Some(*code), ignore.pointer.as_str());
            }
        }
        let baseline = match args.baseline.clone().or_else(|| file.baseline.clone()) {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("failed to read the baseline {}", path.display()))?;
                let baseline = Baseline::from_json(&text)
                    .map_err(|e| anyhow::anyhow!("{}:{e}", path.display()))?;
                Some((path, baseline))
            }
            None => None,
        };
        Ok(Run {
            gate,
            baseline,
            recording: args.write_baseline.clone().map(|p| (p, Baseline::new())),
            report_stale: args.report_stale,
            suppressed: 0,
        })
    }

    /// `report` through the gate and the baseline, for the document named `document`.
    pub(super) fn apply(&mut self, document: &str, report: &Report) -> Report {
        let mut gated = self.gate.apply(report);
        if let Some((_, recording)) = &mut self.recording {
            recording.record(document, &gated);
        }
        if let Some((_, baseline)) = &mut self.baseline {
            self.suppressed += baseline.suppress(document, &mut gated);
        }
        gated
    }

    /// Writes the recorded baseline, and gives the stale entries when asked to.
    pub(super) fn finish(self) -> anyhow::Result<Finished> {
        if let Some((path, recording)) = &self.recording {
            std::fs::write(path, recording.to_json())
                .with_context(|| format!("failed to write the baseline {}", path.display()))?;
        }
        let stale = match (&self.baseline, self.report_stale) {
            (Some((path, baseline)), true) => Some((path.clone(), baseline.stale())),
            _ => None,
        };
        Ok(Finished {
            suppressed: self.suppressed,
            baseline: self.baseline.map(|(path, _)| path),
            stale,
        })
    }
}

/// What a run leaves to report after the documents.
pub(super) struct Finished {
    pub suppressed: u64,
    pub baseline: Option<PathBuf>,
    pub stale: Option<(PathBuf, Vec<StaleEntry>)>,
}

impl Finished {
    /// Lines for the end of the output (text) or stderr: what the baseline did.
    pub(super) fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(path) = &self.baseline {
            notes.push(format!(
                "{} suppressed by the baseline {}",
                plural(self.suppressed, "finding"),
                path.display()
            ));
        }
        if let Some((path, stale)) = &self.stale {
            for entry in stale {
                notes.push(format!(
                    "stale baseline entry in {}: {entry}",
                    path.display()
                ));
            }
            if !stale.is_empty() {
                let findings: u64 = stale.iter().map(|e| e.count).sum();
                notes.push(format!(
                    "{} of the baseline no longer found: write it again with --write-baseline {}",
                    plural(findings, "finding"),
                    path.display()
                ));
            }
        }
        notes
    }

    /// Whether stale entries fail the run (`--report-stale`).
    pub(super) fn fails(&self) -> bool {
        self.stale
            .as_ref()
            .is_some_and(|(_, stale)| !stale.is_empty())
    }
}

/// A policy code given to a flag names a code of the policies in use.
fn check_policy_code(selector: Selector, rules: &[Code]) -> anyhow::Result<()> {
    let Selector::Code(code @ Code::Policy(_)) = selector else {
        return Ok(());
    };
    if rules.contains(&code) {
        return Ok(());
    }
    let nearest = rules
        .iter()
        .map(|r| (strsim::damerau_levenshtein(code.as_str(), r.as_str()), r))
        .filter(|(distance, _)| *distance <= 3)
        .min_by_key(|(distance, _)| *distance);
    match nearest {
        Some((_, r)) => anyhow::bail!("no policy defines {code}; did you mean {r}?"),
        None if rules.is_empty() => anyhow::bail!("no policy defines {code}: no --policy is given"),
        None => anyhow::bail!(
            "no policy defines {code}; the policies define {}",
            rules
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Applies one layer of overrides: families, then codes. A selector given
/// two levels in one layer is a mistake, not a precedence question.
fn layer_levels(
    mut gate: Gate,
    (deny, warn, allow): (&Vec<Selector>, &Vec<Selector>, &Vec<Selector>),
) -> anyhow::Result<Gate> {
    let levels: Vec<(Selector, Level, &str)> = deny
        .iter()
        .map(|s| (*s, Level::Deny, "deny"))
        .chain(warn.iter().map(|s| (*s, Level::Warn, "warn")))
        .chain(allow.iter().map(|s| (*s, Level::Allow, "allow")))
        .collect();
    for (i, (selector, level, name)) in levels.iter().enumerate() {
        if let Some((_, _, other)) = levels[..i]
            .iter()
            .find(|(s, l, _)| s == selector && l != level)
        {
            anyhow::bail!("{selector} is given to both {other} and {name}");
        }
    }
    let (families, codes): (Vec<_>, Vec<_>) = levels
        .into_iter()
        .partition(|(s, _, _)| matches!(s, Selector::Family(_)));
    for (selector, level, _) in families.into_iter().chain(codes) {
        gate = gate.with_level(selector, level);
    }
    Ok(gate)
}
