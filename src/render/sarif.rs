//! SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde_sarif::sarif;

use crate::diagnostic::{Code, Severity};

use super::{Aggregate, Entry, Renderer, Source};

/// The `$schema` of the SARIF output: the OASIS schema of SARIF 2.1.0 (errata 01).
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of dswcheck's entry in a result's `partialFingerprints`.
pub const SARIF_FINGERPRINT_KEY: &str = "dswcheck/v1";

/// Where to read about the tool: the repository in Cargo.toml, when it names one.
const INFORMATION_URI: &str = if env!("CARGO_PKG_REPOSITORY").is_empty() {
    "https://crates.io/crates/dswcheck"
} else {
    env!("CARGO_PKG_REPOSITORY")
};

impl Renderer {
    /// Writes `aggregate` as one SARIF 2.1.0 log with one run, as GitHub
    /// code scanning reads it:
    ///
    /// - `tool.driver`: `dswcheck`, its version, and one rule per [`Code`]
    ///   (all of them, in [`Code::ALL`] order, so `ruleIndex` is stable,
    ///   then the codes of [`Aggregate::with_policy_rules`]), each with its
    ///   description and default level;
    /// - one result per shown diagnostic, in input order: `ruleId` (the
    ///   code), `ruleIndex`, `level` (`error`, `warning`, or `note` for info),
    ///   `message.text`, a physical location (the input's path as a URI
    ///   reference relative to the working directory, and the line of the
    ///   file and column; for an NDJSON stream, the stream's line) and the
    ///   JSON Pointer as a logical location (`fullyQualifiedName`);
    ///   `partialFingerprints["dswcheck/v1"]`, the entry's
    ///   [fingerprint](Entry::fingerprint).
    ///
    /// Columns count Unicode code points (`columnKind`), as in every format.
    /// An absolute path under the working directory is written relative to
    /// it; another absolute path as a `file:` URI.
    ///
    /// # Errors
    ///
    /// Fails when writing to `out` fails.
    pub fn write_sarif<W: Write + ?Sized>(
        &self,
        out: &mut W,
        aggregate: &Aggregate,
    ) -> io::Result<()> {
        let cwd = std::env::current_dir().ok();
        let codes = rule_codes(aggregate);
        let rules: Vec<sarif::ReportingDescriptor> =
            codes.iter().map(|(c, s, d)| rule(*c, *s, d)).collect();
        let results: Vec<sarif::Result> = aggregate
            .entries()
            .map(|(source, e)| {
                let index = codes.iter().position(|(c, _, _)| *c == e.code).unwrap_or(0);
                result(source, e, index, cwd.as_deref())
            })
            .collect();
        let driver = sarif::ToolComponent::builder()
            .name("dswcheck")
            .version(env!("CARGO_PKG_VERSION"))
            .semantic_version(env!("CARGO_PKG_VERSION"))
            .information_uri(INFORMATION_URI)
            .rules(rules)
            .build();
        let run = sarif::Run::builder()
            .tool(sarif::Tool::builder().driver(driver).build())
            .column_kind(serde_json::json!("unicodeCodePoints"))
            .results(results)
            .build();
        let log = sarif::Sarif::builder()
            .schema(SARIF_SCHEMA)
            .version(serde_json::json!("2.1.0"))
            .runs(vec![run])
            .build();
        serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::from)?;
        out.write_all(b"\n")
    }

    /// `aggregate` as a SARIF log (see [`write_sarif`](Renderer::write_sarif)).
    #[must_use]
    pub fn sarif(&self, aggregate: &Aggregate) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and only UTF-8 is written.
        let _ = self.write_sarif(&mut out, aggregate);
        String::from_utf8(out).unwrap_or_default()
    }
}

fn level(severity: Severity) -> sarif::ResultLevel {
    match severity {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Info => sarif::ResultLevel::Note,
    }
}

/// Every rule of the run, in `ruleIndex` order: the built-in codes in
/// [`Code::ALL`] order, then the policies' codes.
fn rule_codes(aggregate: &Aggregate) -> Vec<(Code, Severity, String)> {
    let mut codes: Vec<(Code, Severity, String)> = Code::ALL
        .iter()
        .map(|&c| (c, c.severity(), c.description()))
        .collect();
    #[cfg(feature = "policy")]
    codes.extend(aggregate.policy_rules().iter().map(|r| {
        let description = r
            .description
            .clone()
            .unwrap_or_else(|| format!("A violation of the team policy {}.", r.code));
        (r.code, r.severity, description)
    }));
    #[cfg(not(feature = "policy"))]
    let _ = aggregate;
    codes
}

fn rule(code: Code, severity: Severity, description: &str) -> sarif::ReportingDescriptor {
    let text = |text: &str| {
        sarif::MultiformatMessageString::builder()
            .text(text)
            .build()
    };
    sarif::ReportingDescriptor::builder()
        .id(code.as_str())
        // SARIF wants a name that reads as an identifier: the variant's.
        .name(format!("{code:?}"))
        .short_description(text(description))
        .full_description(text(description))
        .help(text(&format!(
            "{description} See the table of diagnostic codes in dswcheck's README."
        )))
        .default_configuration(
            sarif::ReportingConfiguration::builder()
                .level(serde_json::to_value(level(severity)).unwrap_or_default())
                .build(),
        )
        .build()
}

fn result(source: Source<'_>, e: &Entry, index: usize, cwd: Option<&Path>) -> sarif::Result {
    let name = source.name();
    let region = sarif::Region::builder()
        .start_line(i64::try_from(e.line).unwrap_or(i64::MAX))
        .start_column(i64::from(e.column))
        .build();
    let physical = sarif::PhysicalLocation::builder()
        .artifact_location(
            sarif::ArtifactLocation::builder()
                .uri(uri(name, cwd))
                .build(),
        )
        .region(region)
        .build();
    let logical = sarif::LogicalLocation::builder()
        .fully_qualified_name(e.pointer.as_str())
        .kind("member")
        .build();
    let location = sarif::Location::builder()
        .physical_location(physical)
        .logical_locations(vec![logical])
        .build();
    let mut result = sarif::Result::builder()
        .rule_id(e.code.as_str())
        .rule_index(i64::try_from(index).unwrap_or(0))
        .level(level(e.severity))
        .message(sarif::Message::builder().text(e.message.as_str()).build())
        .locations(vec![location])
        .build();
    result.partial_fingerprints = Some(BTreeMap::from([(
        SARIF_FINGERPRINT_KEY.to_owned(),
        e.fingerprint.to_string(),
    )]));
    result
}

/// The URI reference of an input named `name`: relative to `cwd` when it
/// can be, a `file:` URI when absolute elsewhere, each byte outside the
/// unreserved set and `/` percent-encoded.
fn uri(name: &str, cwd: Option<&Path>) -> String {
    let path = Path::new(name);
    let relative = if path.is_absolute() {
        cwd.and_then(|cwd| path.strip_prefix(cwd).ok())
    } else {
        Some(path)
    };
    match relative {
        Some(relative) => encode(&slashes(&relative.to_string_lossy())),
        None => {
            let absolute = slashes(name);
            // A Windows path (C:/x) needs the slash a `file:` URI puts before it.
            let lead = if absolute.starts_with('/') { "" } else { "/" };
            format!("file://{lead}{}", encode(&absolute))
        }
    }
}

/// A path with `/` as its separator, as URIs have it.
fn slashes(path: &str) -> String {
    if std::path::MAIN_SEPARATOR == '\\' {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    }
}

fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::parse::Report;
    use serde_json::Value;

    #[test]
    fn uris_are_relative_references_percent_encoded() {
        let cwd = Path::new("/work/repo");
        let table = [
            ("tests/data/a.json", "tests/data/a.json"),
            ("a b%,#?.json", "a%20b%25%2C%23%3F.json"),
            ("dir/é.json", "dir/%C3%A9.json"),
            ("<stdin>", "%3Cstdin%3E"),
            ("/work/repo/x/a.json", "x/a.json"),
            ("/elsewhere/a b.json", "file:///elsewhere/a%20b.json"),
        ];
        for (name, expected) in table {
            assert_eq!(uri(name, Some(cwd)), expected, "{name}");
        }
        assert_eq!(uri("/work/repo/a.json", None), "file:///work/repo/a.json");
    }

    #[test]
    fn results_carry_rule_level_location_pointer_and_fingerprint() {
        let renderer = Renderer::new();
        let mut all = Aggregate::new();
        let report = Report::from_diagnostics(vec![Diagnostic {
            line: 1,
            column: 35,
            ..Diagnostic::new(
                Code::FieldUnknown,
                crate::Pointer::root().key("New"),
                "unknown field",
            )
        }]);
        all.add(
            &renderer,
            Source::Line {
                name: "s.ndjson",
                line: 7,
            },
            &report,
        );
        let log: Value = serde_json::from_str(&renderer.sarif(&all)).unwrap();
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), Code::ALL.len());
        let result = &run["results"][0];
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], "field.unknown");
        assert_eq!(rules[index]["defaultConfiguration"]["level"], "note");
        assert_eq!(result["ruleId"], "field.unknown");
        assert_eq!(result["level"], "note");
        assert_eq!(result["message"]["text"], "unknown field");
        let location = &result["locations"][0];
        assert_eq!(
            location["physicalLocation"],
            serde_json::json!({
                "artifactLocation": {"uri": "s.ndjson"},
                "region": {"startLine": 7, "startColumn": 35}
            })
        );
        assert_eq!(
            location["logicalLocations"][0],
            serde_json::json!({"fullyQualifiedName": "/New", "kind": "member"})
        );
        let fingerprint = report.diagnostics()[0].fingerprint.in_document("s.ndjson");
        assert_eq!(
            result["partialFingerprints"]["dswcheck/v1"],
            fingerprint.to_string()
        );
    }

    #[test]
    fn fingerprints_name_the_document_by_its_instance_id() {
        let renderer = Renderer::new();
        let body = br#"{"InstanceId": "dsw-1", "Status": "running"}"#;
        let reformatted = b"{\n  \"Status\": \"running\",\n  \"InstanceId\": \"dsw-1\"\n}";
        let mut all = Aggregate::new();
        all.add(
            &renderer,
            Source::Document("a.json"),
            &crate::validate(body),
        );
        all.add(
            &renderer,
            Source::Document("renamed.json"),
            &crate::validate(reformatted),
        );
        all.add(
            &renderer,
            Source::Document("b.json"),
            &crate::validate(br#"{"Status": "running"}"#),
        );
        let log: Value = serde_json::from_str(&renderer.sarif(&all)).unwrap();
        let prints: Vec<&str> = log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"]["dswcheck/v1"].as_str().unwrap())
            .collect();
        assert_eq!(prints.len(), 3);
        assert_eq!(
            prints[0], prints[1],
            "same instance, reformatted and renamed"
        );
        assert_ne!(prints[0], prints[2], "another document");
        assert_eq!(prints[0].len(), 16);
    }
}
