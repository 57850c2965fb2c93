//! `dswcheck.toml`: a team's gate, kept with its repository.
//!
//! Found from the working directory upward, stopping at the repository root
//! (the first directory holding `.git`), unless `--config FILE` names one or
//! `--no-config` turns it off. Command-line flags win over the file. Every
//! key is documented in the README; an unknown key or a bad value is an
//! error naming the file, line and column, never ignored.

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use dswcheck::{FailOn, Pointer, Selector};
use serde::Deserialize;
use toml::Spanned;

/// The file name looked for.
pub(super) const FILE_NAME: &str = "dswcheck.toml";

/// A config file, its values checked.
#[derive(Debug, Default)]
pub(super) struct Config {
    pub validate: Validate,
    pub diff: Diff,
    pub snapshot: Snapshot,
}

/// `[validate]`.
#[derive(Debug, Default)]
pub(super) struct Validate {
    pub fail_on: Option<FailOn>,
    pub deny: Vec<Selector>,
    pub warn: Vec<Selector>,
    pub allow: Vec<Selector>,
    /// Resolved against the config file's directory.
    pub baseline: Option<PathBuf>,
    /// Policy files, resolved against the config file's directory.
    pub policies: Vec<PathBuf>,
    pub ignore: Vec<Ignore>,
}

/// One `[[validate.ignore]]` entry.
#[derive(Debug)]
pub(super) struct Ignore {
    pub pointer: Pointer,
    /// Every code when empty.
    pub codes: Vec<Selector>,
}

/// `[diff]`.
#[derive(Debug, Default)]
pub(super) struct Diff {
    pub fail_on: Option<Vec<String>>,
    pub ignore: Vec<Pointer>,
    pub include_volatile: Option<bool>,
}

/// `[snapshot]`.
#[derive(Debug, Default)]
pub(super) struct Snapshot {
    /// The store's directory, resolved against the config file's directory.
    pub store: Option<PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    validate: RawValidate,
    #[serde(default)]
    diff: RawDiff,
    #[serde(default)]
    snapshot: RawSnapshot,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSnapshot {
    store: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawValidate {
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    deny: Vec<Spanned<String>>,
    #[serde(default)]
    warn: Vec<Spanned<String>>,
    #[serde(default)]
    allow: Vec<Spanned<String>>,
    baseline: Option<String>,
    #[serde(default)]
    policies: Vec<String>,
    #[serde(default)]
    ignore: Vec<RawIgnore>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawIgnore {
    pointer: Spanned<String>,
    #[serde(default)]
    codes: Vec<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDiff {
    fail_on: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    include_volatile: Option<bool>,
}

/// Which config file to use, from `--config` and `--no-config`.
pub(super) fn find(explicit: Option<&Path>, disabled: bool) -> anyhow::Result<Option<PathBuf>> {
    if disabled {
        return Ok(None);
    }
    if let Some(path) = explicit {
        return Ok(Some(path.to_owned()));
    }
    let cwd = std::env::current_dir().context("cannot find the working directory")?;
    Ok(discover(&cwd))
}

/// The nearest `dswcheck.toml` from `start` up to its repository's root.
fn discover(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// Reads and checks a config file.
pub(super) fn load(path: &Path) -> anyhow::Result<Config> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("failed to read {}", path.display()))?;
    parse(&text, path)
}

fn parse(text: &str, path: &Path) -> anyhow::Result<Config> {
    let at = |span: Option<Range<usize>>, message: &str| {
        let (line, column) = position(text, span.map_or(0, |s| s.start));
        anyhow::anyhow!("{}:{line}:{column}: {message}", path.display())
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| at(e.span(), e.message()))?;
    let selectors = |names: Vec<Spanned<String>>| -> anyhow::Result<Vec<Selector>> {
        names
            .into_iter()
            .map(|name| {
                Selector::parse(name.get_ref()).map_err(|e| at(Some(name.span()), &e.to_string()))
            })
            .collect()
    };
    let pointer = |p: Spanned<String>| -> anyhow::Result<Pointer> {
        Pointer::parse(p.get_ref()).map_err(|e| at(Some(p.span()), &e.to_string()))
    };
    let v = raw.validate;
    let fail_on = v
        .fail_on
        .map(|f| {
            f.get_ref()
                .parse::<FailOn>()
                .map_err(|e| at(Some(f.span()), &format!("fail-on: {e}")))
        })
        .transpose()?;
    let ignore = v
        .ignore
        .into_iter()
        .map(|i| {
            Ok(Ignore {
                pointer: pointer(i.pointer)?,
                codes: selectors(i.codes)?,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let base = path.parent().unwrap_or(Path::new(""));
    let diff_fail_on = raw
        .diff
        .fail_on
        .map(|names| {
            names
                .into_iter()
                .map(|name| {
                    super::diff::check_fail_on(name.get_ref())
                        .map(|()| name.get_ref().clone())
                        .map_err(|e| at(Some(name.span()), &format!("fail-on: {e}")))
                })
                .collect::<anyhow::Result<Vec<_>>>()
        })
        .transpose()?;
    Ok(Config {
        validate: Validate {
            fail_on,
            deny: selectors(v.deny)?,
            warn: selectors(v.warn)?,
            allow: selectors(v.allow)?,
            baseline: v.baseline.map(|b| base.join(b)),
            policies: v.policies.iter().map(|p| base.join(p)).collect(),
            ignore,
        },
        diff: Diff {
            fail_on: diff_fail_on,
            ignore: raw
                .diff
                .ignore
                .into_iter()
                .map(pointer)
                .collect::<anyhow::Result<_>>()?,
            include_volatile: raw.diff.include_volatile,
        },
        snapshot: Snapshot {
            store: raw.snapshot.store.map(|s| base.join(s)),
        },
    })
}

/// The 1-based line and column (in characters) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        format!("{:#}", parse(text, Path::new("dswcheck.toml")).unwrap_err())
    }

    #[test]
    fn reads_every_key() {
        let config = parse(
            r#"
[validate]
fail-on = "warning"
deny = ["secret.exposed"]
warn = ["enum"]
allow = ["field.unknown"]
baseline = "ci/baseline.json"
policies = ["policies/owner.json"]

[[validate.ignore]]
pointer = "/Labels/*/Value"
codes = ["type.coerced"]

[diff]
fail-on = ["spec", "findings"]
ignore = ["/Datasets/*/Options"]
include-volatile = true

[snapshot]
store = "ci/snapshots"
"#,
            Path::new("repo/dswcheck.toml"),
        )
        .unwrap();
        assert_eq!(config.validate.fail_on, Some(FailOn::Warning));
        assert_eq!(config.validate.deny.len(), 1);
        assert_eq!(config.validate.warn, [Selector::Family("enum")]);
        assert_eq!(
            config.validate.baseline.as_deref(),
            Some(Path::new("repo/ci/baseline.json"))
        );
        assert_eq!(config.validate.ignore[0].pointer, "/Labels/*/Value");
        assert_eq!(
            config.validate.policies,
            [Path::new("repo/policies/owner.json")]
        );
        assert_eq!(
            config.diff.fail_on.as_deref(),
            Some(&["spec".to_owned(), "findings".to_owned()][..])
        );
        assert_eq!(config.diff.include_volatile, Some(true));
        assert_eq!(
            config.snapshot.store.as_deref(),
            Some(Path::new("repo/ci/snapshots"))
        );
    }

    #[test]
    fn the_readme_example_documents_every_key() {
        let readme = include_str!("../../README.md");
        // The block of the `dswcheck.toml` section, not another TOML example.
        let section = readme.find("### `dswcheck.toml`").expect("the section");
        let start = section
            + readme[section..].find("```toml\n").expect("a TOML block")
            + "```toml\n".len();
        let example = &readme[start..][..readme[start..].find("```").unwrap()];
        let config = parse(example, Path::new("dswcheck.toml")).unwrap();
        assert!(config.validate.fail_on.is_some() && config.validate.baseline.is_some());
        assert!(!config.validate.policies.is_empty());
        assert!(!config.validate.deny.is_empty() && !config.validate.warn.is_empty());
        assert!(!config.validate.allow.is_empty() && !config.validate.ignore[0].codes.is_empty());
        assert!(config.diff.fail_on.is_some() && config.diff.include_volatile.is_some());
        assert!(!config.diff.ignore.is_empty());
        assert!(config.snapshot.store.is_some());
    }

    #[test]
    fn errors_name_the_line_and_column() {
        assert_eq!(
            error("[validate]\nfail-on = \"sometimes\"\n"),
            "dswcheck.toml:2:11: fail-on: expected error, warning, info or never, found \"sometimes\""
        );
        let unknown_key = error("[validate]\nfail_on = \"error\"\n");
        assert!(
            unknown_key.starts_with("dswcheck.toml:2:1: unknown field `fail_on`"),
            "{unknown_key}"
        );
        assert_eq!(
            error("[validate]\ndeny = [\"secret.exposd\"]\n"),
            "dswcheck.toml:2:9: unknown diagnostic code or family \"secret.exposd\"; did you mean \"secret.exposed\"?"
        );
        let section = error("[valdate]\n");
        assert!(
            section.starts_with("dswcheck.toml:1:2: unknown field `valdate`"),
            "{section}"
        );
        let pointer = error("[diff]\nignore = [\"Labels\"]\n");
        assert!(
            pointer.starts_with("dswcheck.toml:2:11: expected a JSON Pointer"),
            "{pointer}"
        );
        let diff_fail = error("[diff]\nfail-on = [\"specs\"]\n");
        assert!(
            diff_fail.starts_with("dswcheck.toml:2:12: fail-on:"),
            "{diff_fail}"
        );
        let syntax = error("[validate\n");
        assert!(syntax.starts_with("dswcheck.toml:1:"), "{syntax}");
        let store = error("[snapshot]\nstore = 1\n");
        assert!(store.starts_with("dswcheck.toml:2:9:"), "{store}");
        let wrong_type = error("[validate]\ndeny = \"secret\"\n");
        assert!(wrong_type.starts_with("dswcheck.toml:2:8:"), "{wrong_type}");
    }

    #[test]
    fn discovery_stops_at_the_repository_root() {
        let root = std::env::temp_dir().join(format!("dswcheck-config-{}", std::process::id()));
        let repo = root.join("repo");
        let deep = repo.join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(root.join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&deep), Some(root.join(FILE_NAME)));
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        assert_eq!(discover(&deep), None);
        std::fs::write(repo.join("a").join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&deep), Some(repo.join("a").join(FILE_NAME)));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
