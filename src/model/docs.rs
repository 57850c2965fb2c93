//! The field table's facts as prose and Markdown, for `--help` and the README,
//! so that neither keeps a list of its own.

use std::fmt::Write;

use super::{ELEMENT, FieldClass, Identity, fields};

/// A table path as the docs write it: `CloudDisks[].Status.Usage`.
fn dotted(path: &[&str]) -> String {
    let mut out = String::new();
    for segment in path {
        if *segment == ELEMENT {
            out.push_str("[]");
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(segment);
        }
    }
    out
}

/// How each identity-keyed array is matched, as one sentence for `--help`.
#[must_use]
pub fn identity_prose() -> String {
    let mut keyed = Vec::new();
    let mut sets = Vec::new();
    for (path, field) in fields() {
        match field.facts.identity {
            Some(Identity::Keys(candidates)) => {
                let mut text = format!("{} by {}", dotted(&path), candidates[0].join(" or "));
                for alternative in &candidates[1..] {
                    let _ = write!(text, " (else {})", alternative.join(" or "));
                }
                keyed.push(text);
            }
            Some(Identity::Set) => sets.push(dotted(&path)),
            None => {}
        }
    }
    format!("{}; {} compare as sets", keyed.join(", "), sets.join(", "))
}

/// The volatile fields, comma-separated, for `--help`.
#[must_use]
pub fn volatile_list() -> String {
    fields()
        .into_iter()
        .filter(|(_, f)| f.facts.class == Some(FieldClass::Volatile))
        .map(|(path, _)| dotted(&path))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The README's table of every field with a fact beyond its type.
#[cfg(test)]
fn readme_table() -> String {
    use super::Format;
    let mut out =
        String::from("| Field | Class | Identity of elements | Holds |\n|---|---|---|---|\n");
    for (path, field) in fields() {
        let facts = field.facts;
        if facts.class.is_none() && facts.identity.is_none() && facts.format.is_none() {
            continue;
        }
        let class = facts.class.map_or("", FieldClass::as_str);
        let identity = match facts.identity {
            Some(Identity::Keys(candidates)) => candidates
                .iter()
                .map(|c| {
                    c.iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                })
                .collect::<Vec<_>>()
                .join(", else "),
            Some(Identity::Set) => "set of strings".into(),
            None => String::new(),
        };
        let holds = match facts.format {
            Some(Format::Time) => "RFC 3339 time",
            Some(Format::Port) => "port",
            Some(Format::Cidr) => "CIDR blocks",
            Some(Format::Uri) => "storage URI",
            Some(Format::JsonText) => "JSON text",
            Some(Format::Quantity) => "quantity",
            Some(Format::InstanceId) => "instance ID",
            None => "",
        };
        let _ = writeln!(
            out,
            "| `{}` | {class} | {identity} | {holds} |",
            dotted(&path)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    const START: &str = "<!-- generated from the field table: start -->\n";
    const END: &str = "<!-- generated from the field table: end -->";

    /// The README's generated block is the table's (sourcegen: a stale block
    /// is rewritten outside CI, and the test fails either way).
    #[test]
    fn readme_table_is_generated() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        let readme = std::fs::read_to_string(&path).expect("README.md is readable");
        let (Some(start), Some(end)) = (readme.find(START), readme.find(END)) else {
            panic!("README.md lacks the generated field-table block");
        };
        let start = start + START.len();
        let generated = readme_table();
        if readme[start..end] == generated {
            return;
        }
        if std::env::var_os("CI").is_none() {
            let fresh = format!("{}{generated}{}", &readme[..start], &readme[end..]);
            std::fs::write(&path, fresh).expect("README.md is writable");
            panic!("README.md's field table was stale and has been regenerated: commit it");
        }
        panic!("README.md's field table is stale: run `cargo test` locally and commit README.md");
    }

    #[test]
    fn prose_names_the_table_facts() {
        let identities = identity_prose();
        assert!(
            identities.starts_with(
                "Datasets by DatasetId (else MountPath), UserVpc.ForwardInfos by Name (else \
                 ForwardPort or Port), Labels by Key"
            ),
            "{identities}"
        );
        assert!(identities.ends_with("UserVpc.BandwidthLimit.IngressWhitelists compare as sets"));
        let volatile = volatile_list();
        assert!(volatile.starts_with("RequestId, AccumulatedRunningTimeInMs, GmtModifiedTime"));
        assert!(volatile.contains("CloudDisks[].Status.Usage"));
    }
}
