//! The CI gate: what a team makes of the diagnostics before they decide a
//! build. Severities are overridden per code or per code family (`--deny`,
//! `--warn`, `--allow`, as clippy and ruff do), diagnostics at ignored
//! pointers are dropped, findings already in a [`Baseline`] are suppressed,
//! and [`FailOn`] says which severity fails.
//!
//! # Examples
//!
//! ```
//! use dswcheck::{FailOn, Gate, Level, Selector};
//!
//! let report = dswcheck::validate(br#"{"InstanceId": "dsw-1", "Color": "red",
//!     "EnvironmentVariables": {"DB_PASSWORD": "hunter2"}}"#);
//! assert!(report.is_valid()); // secret.exposed is a warning
//!
//! let gate = Gate::new()
//!     .with_level(Selector::parse("secret")?, Level::Deny)
//!     .with_level(Selector::parse("field.unknown")?, Level::Allow);
//! let gated = gate.apply(&report);
//! assert!(!gated.is_valid());
//! assert_eq!(gated.diagnostics().len(), 1);
//! assert!(gate.fails(&gated));
//! assert!(!Gate::new().with_fail_on(FailOn::Never).fails(&gated));
//! # Ok::<(), dswcheck::UnknownCode>(())
//! ```

mod baseline;

use std::fmt;
use std::str::FromStr;

pub use baseline::{BASELINE_FORMAT_VERSION, Baseline, BaselineError, StaleEntry};

use crate::diagnostic::{Code, Diagnostic, PolicyCode, Severity};
use crate::diff::Pattern;
use crate::parse::Report;

/// The least severity that fails a build: `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    /// A document with an error fails (the default).
    #[default]
    Error,
    /// A warning or an error fails.
    Warning,
    /// Any remaining diagnostic fails.
    Info,
    /// Nothing fails: report only.
    Never,
}

impl FailOn {
    /// Every choice, with its name, for flags and config files.
    pub const ALL: &'static [(&'static str, FailOn)] = &[
        ("error", FailOn::Error),
        ("warning", FailOn::Warning),
        ("info", FailOn::Info),
        ("never", FailOn::Never),
    ];

    /// Whether a diagnostic of this severity fails.
    #[must_use]
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity == Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
}

impl FromStr for FailOn {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        FailOn::ALL
            .iter()
            .find(|(name, _)| *name == s)
            .map(|(_, fail_on)| *fail_on)
            .ok_or_else(|| format!("expected error, warning, info or never, found {s:?}"))
    }
}

/// What an override makes of a code's diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Reported as errors.
    Deny,
    /// Reported as warnings.
    Warn,
    /// Not reported at all.
    Allow,
}

impl Level {
    fn severity(self) -> Option<Severity> {
        match self {
            Level::Deny => Some(Severity::Error),
            Level::Warn => Some(Severity::Warning),
            Level::Allow => None,
        }
    }
}

/// The family of every policy's code.
const POLICY_FAMILY: &str = "policy";

/// A code (`field.unknown`) or a code family (`field`, every `field.*` code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selector {
    /// One code.
    Code(Code),
    /// Every code of one family, by its name.
    Family(&'static str),
}

impl Selector {
    /// Parses a code or a family name.
    ///
    /// # Errors
    ///
    /// [`UnknownCode`] for a name that is neither, with the nearest code
    /// or family as a suggestion.
    pub fn parse(name: &str) -> Result<Selector, UnknownCode> {
        if let Some(code) = Code::ALL.iter().find(|c| c.as_str() == name) {
            return Ok(Selector::Code(*code));
        }
        if let Some(code) = Code::ALL.iter().find(|c| c.family() == name) {
            return Ok(Selector::Family(code.family()));
        }
        // Policies' codes exist once their files are read: any well-formed
        // one is taken here, and checked against the policies by the caller.
        if name == POLICY_FAMILY {
            return Ok(Selector::Family(POLICY_FAMILY));
        }
        if let Some(code) = name.strip_prefix("policy.").and_then(PolicyCode::new) {
            return Ok(Selector::Code(Code::Policy(code)));
        }
        let names = Code::ALL
            .iter()
            .flat_map(|c| [c.as_str(), c.family()])
            .map(|candidate| (strsim::damerau_levenshtein(name, candidate), candidate));
        let suggestion = names
            .filter(|(distance, candidate)| *distance <= candidate.len().max(3) / 3 + 1)
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, candidate)| candidate);
        Err(UnknownCode {
            name: name.to_owned(),
            suggestion,
        })
    }

    fn selects(self, code: Code) -> bool {
        match self {
            Selector::Code(c) => c == code,
            Selector::Family(family) => code.family() == family,
        }
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Code(code) => f.write_str(code.as_str()),
            Selector::Family(family) => f.write_str(family),
        }
    }
}

/// A name that is no diagnostic code or family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    name: String,
    suggestion: Option<&'static str>,
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown diagnostic code or family {:?}", self.name)?;
        match self.suggestion {
            Some(s) => write!(f, "; did you mean {s:?}?"),
            None => write!(f, " (`dswcheck validate --help` lists the codes)"),
        }
    }
}

impl std::error::Error for UnknownCode {}

/// Severity overrides, ignored pointers and the failing severity.
///
/// The default gate changes nothing and fails on errors.
#[derive(Debug, Clone, Default)]
pub struct Gate {
    /// The overrides in the order given: the last that selects a code wins.
    levels: Vec<(Selector, Level)>,
    ignored: Vec<(Option<Selector>, Pattern)>,
    fail_on: FailOn,
}

impl Gate {
    /// A gate that changes nothing and fails on errors.
    #[must_use]
    pub fn new() -> Self {
        Gate::default()
    }

    /// Fails on diagnostics of this severity and above (default [`FailOn::Error`]).
    #[must_use]
    pub fn with_fail_on(mut self, fail_on: FailOn) -> Self {
        self.fail_on = fail_on;
        self
    }

    /// The severity that fails.
    #[must_use]
    pub fn fail_on(&self) -> FailOn {
        self.fail_on
    }

    /// Overrides the severity of the selected codes. Later calls win over
    /// earlier ones for the codes they both select: to let a code's setting
    /// beat its family's, as the command line does, give the family first.
    #[must_use]
    pub fn with_level(mut self, selector: Selector, level: Level) -> Self {
        self.levels.push((selector, level));
        self
    }

    /// Drops the diagnostics (of the selected codes, or of every code) at
    /// `pointer` or below it. `*` stands for any one reference token:
    /// `/Labels/*/Value`.
    #[must_use]
    pub fn with_ignored(mut self, selector: Option<Selector>, pointer: &str) -> Self {
        self.ignored.push((selector, Pattern::new(pointer)));
        self
    }

    /// Whether this gate changes nothing.
    #[must_use]
    pub fn is_neutral(&self) -> bool {
        self.levels.is_empty() && self.ignored.is_empty()
    }

    /// The severity `diagnostic` has through this gate; `None` when it is
    /// allowed or ignored.
    #[must_use]
    pub fn severity(&self, diagnostic: &Diagnostic) -> Option<Severity> {
        let ignored = self.ignored.iter().any(|(selector, pattern)| {
            selector.is_none_or(|s| s.selects(diagnostic.code))
                && pattern.covers(&diagnostic.pointer)
        });
        if ignored {
            return None;
        }
        let level = self
            .levels
            .iter()
            .rev()
            .find(|(selector, _)| selector.selects(diagnostic.code));
        match level {
            Some((_, level)) => level.severity(),
            None => Some(diagnostic.severity),
        }
    }

    /// The report's diagnostics through this gate, as a report without the
    /// document: what every output format renders and the verdict counts.
    #[must_use]
    pub fn apply(&self, report: &Report) -> Report {
        let diagnostics = report
            .diagnostics()
            .iter()
            .filter_map(|d| {
                let severity = self.severity(d)?;
                Some(Diagnostic {
                    severity,
                    ..d.clone()
                })
            })
            .collect();
        Report::gated(report, diagnostics)
    }

    /// Whether a report (already through [`Gate::apply`]) fails the build.
    #[must_use]
    pub fn fails(&self, report: &Report) -> bool {
        report
            .diagnostics()
            .iter()
            .any(|d| self.fail_on.fails(d.severity))
    }
}

/// What names a document in fingerprints and baselines: its `InstanceId`,
/// or, when it has none, the name of its file (never its line, which moves).
#[must_use]
pub fn document_name<'a>(report: &'a Report, file: &'a str) -> &'a str {
    report.instance_id().unwrap_or(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(report: &Report) -> Vec<(&'static str, Severity)> {
        report
            .diagnostics()
            .iter()
            .map(|d| (d.code.as_str(), d.severity))
            .collect()
    }

    const BODY: &[u8] = br#"{"InstanceId": "dsw-1", "Color": "red", "Priority": "3",
        "Labels": [{"Key": "a", "Value": "1", "Shade": 2}]}"#;

    #[test]
    fn a_code_beats_its_family_when_given_after_it() {
        let report = crate::validate(BODY);
        assert_eq!(
            codes(&report),
            [
                ("field.unknown", Severity::Info),
                ("type.coerced", Severity::Warning),
                ("field.unknown", Severity::Info)
            ]
        );
        let gate = Gate::new()
            .with_level(Selector::parse("field").unwrap(), Level::Deny)
            .with_level(Selector::parse("type.coerced").unwrap(), Level::Allow);
        let gated = gate.apply(&report);
        assert_eq!(
            codes(&gated),
            [
                ("field.unknown", Severity::Error),
                ("field.unknown", Severity::Error)
            ]
        );
        assert!(!gated.is_valid());
        assert_eq!(gated.instance_id(), Some("dsw-1"));
    }

    #[test]
    fn ignored_pointers_cover_their_subtree_and_wildcards() {
        let report = crate::validate(BODY);
        let gate = Gate::new().with_ignored(None, "/Labels");
        assert_eq!(codes(&gate.apply(&report)).len(), 2);
        let gate =
            Gate::new().with_ignored(Selector::parse("field.unknown").ok(), "/Labels/*/Shade");
        assert_eq!(codes(&gate.apply(&report)).len(), 2);
        let gate = Gate::new().with_ignored(Selector::parse("type").ok(), "/Labels");
        assert_eq!(codes(&gate.apply(&report)).len(), 3);
        // `/Label` is no ancestor of `/Labels/0`.
        let gate = Gate::new().with_ignored(None, "/Label");
        assert_eq!(codes(&gate.apply(&report)).len(), 3);
        assert_eq!(
            codes(&Gate::new().with_ignored(None, "").apply(&report)),
            []
        );
    }

    #[test]
    fn fail_on_is_a_threshold() {
        let report = crate::validate(BODY);
        assert!(!Gate::new().fails(&report));
        assert!(Gate::new().with_fail_on(FailOn::Warning).fails(&report));
        let infos_only = Gate::new().with_level(Selector::parse("type").unwrap(), Level::Allow);
        let gated = infos_only.apply(&report);
        assert!(
            !infos_only
                .clone()
                .with_fail_on(FailOn::Warning)
                .fails(&gated)
        );
        assert!(infos_only.clone().with_fail_on(FailOn::Info).fails(&gated));
        assert!(!infos_only.with_fail_on(FailOn::Never).fails(&gated));
        assert_eq!("warning".parse(), Ok(FailOn::Warning));
        assert!("warn".parse::<FailOn>().is_err());
    }

    #[test]
    fn unknown_codes_suggest_the_nearest() {
        let err = Selector::parse("field.unkown").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown diagnostic code or family \"field.unkown\"; did you mean \"field.unknown\"?"
        );
        let err = Selector::parse("secrets").unwrap_err();
        assert!(
            err.to_string().ends_with("did you mean \"secret\"?"),
            "{err}"
        );
        let err = Selector::parse("zzzzzzzz").unwrap_err();
        assert!(err.to_string().contains("--help"), "{err}");
        assert_eq!(Selector::parse("json"), Ok(Selector::Family("json")));
        assert_eq!(Selector::parse("policy"), Ok(Selector::Family("policy")));
        let Ok(Selector::Code(code)) = Selector::parse("policy.owner-label") else {
            panic!("a policy code");
        };
        assert_eq!(code.as_str(), "policy.owner-label");
        assert_eq!(code.family(), "policy");
        assert!(Selector::parse("policy.Owner").is_err());
    }
}
