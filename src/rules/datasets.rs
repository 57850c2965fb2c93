//! Datasets: unique IDs and mount paths, storage URIs, mount options.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::Findings;
use crate::decode::quote;
use crate::diagnostic::Code;
use crate::model::{Dataset, Instance};
use crate::pointer::pointer;

/// The storage kinds the API documents for a dataset `Uri`.
pub(crate) const URI_KINDS: &[&str] = &["oss", "nas", "cpfs", "bmcpfs"];

/// Checks every dataset, and that no two share an ID or a mount path.
///
/// A duplicate is reported at the later dataset, naming the first one.
pub(crate) fn check(instance: &Instance, out: &mut Findings<'_>) {
    let Some(datasets) = &instance.datasets else {
        return;
    };
    let mut ids: HashMap<&str, usize> = HashMap::with_capacity(datasets.len());
    let mut paths: HashMap<&str, usize> = HashMap::with_capacity(datasets.len());
    for (i, dataset) in datasets.iter().enumerate() {
        if let Some(id) = dataset.dataset_id.as_deref().filter(|id| !id.is_empty()) {
            match ids.entry(id) {
                Entry::Vacant(slot) => {
                    slot.insert(i);
                }
                Entry::Occupied(first) => out.push(
                    Code::DatasetDuplicateId,
                    pointer!["Datasets", i, "DatasetId"],
                    format!(
                        "dataset id {} is also the id of {}",
                        quote(id),
                        pointer!["Datasets", *first.get()]
                    ),
                ),
            }
        }
        if let Some(path) = dataset.mount_path.as_deref().filter(|p| !p.is_empty()) {
            match paths.entry(normalize_path(path)) {
                Entry::Vacant(slot) => {
                    slot.insert(i);
                }
                Entry::Occupied(first) => {
                    let first = *first.get();
                    let other = datasets[first].mount_path.as_deref().unwrap_or_default();
                    out.push(
                        Code::DatasetDuplicateMountPath,
                        pointer!["Datasets", i, "MountPath"],
                        format!(
                            "mount path {} is already used by {} ({})",
                            quote(path),
                            pointer!["Datasets", first],
                            quote(other)
                        ),
                    );
                }
            }
        }
        check_uri(i, dataset, out);
        check_options(i, dataset, out);
    }
}

/// A mount path without trailing slashes, so `/mnt/data/` and `/mnt/data`
/// compare equal; the root stays `/`.
fn normalize_path(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() && path.starts_with('/') {
        "/"
    } else {
        trimmed
    }
}

fn check_uri(i: usize, dataset: &Dataset, out: &mut Findings<'_>) {
    let Some(uri) = dataset.uri.as_deref().filter(|u| !u.is_empty()) else {
        return;
    };
    match scheme(uri) {
        None => out.push(
            Code::DatasetUriScheme,
            pointer!["Datasets", i, "Uri"],
            format!(
                "{} has no scheme: expected a URI such as \"oss://bucket/path/\"",
                quote(uri)
            ),
        ),
        Some(kind) if !URI_KINDS.iter().any(|k| k.eq_ignore_ascii_case(kind)) => {
            out.push(
                Code::DatasetUriKind,
                pointer!["Datasets", i, "Uri"],
                format!(
                    "{} has scheme {}, not one of the documented oss, nas, cpfs or bmcpfs",
                    quote(uri),
                    quote(kind)
                ),
            );
        }
        Some(_) => {}
    }
}

/// The scheme of `uri` when it starts `scheme://`, with an RFC 3986 scheme
/// (a letter, then letters, digits, `+`, `-` or `.`).
pub(crate) fn scheme(uri: &str) -> Option<&str> {
    let (scheme, _) = uri.split_once("://")?;
    let mut bytes = scheme.bytes();
    let first = bytes.next()?;
    let valid = first.is_ascii_alphabetic()
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    valid.then_some(scheme)
}

fn check_options(i: usize, dataset: &Dataset, out: &mut Findings<'_>) {
    let Some(options) = dataset.options.as_deref().filter(|o| !o.is_empty()) else {
        return;
    };
    // `IgnoredAny` checks the syntax without building a value; on failure,
    // parsing into a `Value` gives the more precise message ("trailing comma").
    if serde_json::from_str::<serde::de::IgnoredAny>(options).is_err() {
        let Err(e) = serde_json::from_str::<serde_json::Value>(options) else {
            return;
        };
        // The options text is not quoted: mount options can carry credentials.
        // serde_json's own message names no input text, only where it failed.
        out.push(
            Code::DatasetOptions,
            pointer!["Datasets", i, "Options"],
            format!("mount options are not JSON text: {e} of the string"),
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rules::test_util::{diagnostics_of, instance};

    fn codes_at(doc: &serde_json::Value) -> Vec<(Code, String)> {
        diagnostics_of(check, &instance(doc))
            .into_iter()
            .map(|d| (d.code, d.pointer.into_string()))
            .collect()
    }

    #[test]
    fn duplicate_ids_are_reported_at_the_later_dataset() {
        let doc = json!({"Datasets": [
            {"DatasetId": "d-1"}, {"DatasetId": "d-2"}, {"DatasetId": "d-1"}, {"DatasetId": ""}, {"DatasetId": ""}, {"DatasetId": "d-1"},
        ]});
        let found = diagnostics_of(check, &instance(&doc));
        let pointers: Vec<_> = found.iter().map(|d| (d.code, d.pointer.as_str())).collect();
        assert_eq!(
            pointers,
            [
                (Code::DatasetDuplicateId, "/Datasets/2/DatasetId"),
                (Code::DatasetDuplicateId, "/Datasets/5/DatasetId")
            ]
        );
        assert_eq!(
            found[1].message,
            "dataset id \"d-1\" is also the id of /Datasets/0"
        );
        assert!(!found[0].is_error());
    }

    #[test]
    fn duplicate_mount_paths_ignore_trailing_slashes() {
        let doc = json!({"Datasets": [
            {"MountPath": "/mnt/data"}, {"MountPath": "/mnt/data2"}, {"MountPath": "/mnt/data/"}, {"MountPath": "/mnt/Data"},
            {"MountPath": "/"}, {"MountPath": "//"}, {"MountPath": ""}, {"MountPath": ""}, {"MountPath": "/mnt/data//"},
        ]});
        let found = diagnostics_of(check, &instance(&doc));
        let pointers: Vec<_> = found.iter().map(|d| (d.code, d.pointer.as_str())).collect();
        assert_eq!(
            pointers,
            [
                (Code::DatasetDuplicateMountPath, "/Datasets/2/MountPath"),
                (Code::DatasetDuplicateMountPath, "/Datasets/5/MountPath"),
                (Code::DatasetDuplicateMountPath, "/Datasets/8/MountPath"),
            ]
        );
        assert_eq!(
            found[0].message,
            "mount path \"/mnt/data/\" is already used by /Datasets/0 (\"/mnt/data\")"
        );
        assert!(found[0].is_error());
        assert_eq!(normalize_path("relative/"), "relative");
    }

    #[test]
    fn uris_need_a_documented_scheme() {
        let cases = [
            (
                "oss://bucket.oss-cn-shanghai-internal.aliyuncs.com/path/",
                None,
            ),
            (
                "nas://0c9a1b2c3d-abc12.cn-shanghai.nas.aliyuncs.com/p/",
                None,
            ),
            ("cpfs://cpfs-0123/share/", None),
            ("bmcpfs://bmcpfs-0123/share/", None),
            ("OSS://bucket/path/", None),
            ("", None),
            ("s3://bucket/path/", Some(Code::DatasetUriKind)),
            ("https://example.com/data.tar", Some(Code::DatasetUriKind)),
            ("bucket/path/", Some(Code::DatasetUriScheme)),
            ("/mnt/data", Some(Code::DatasetUriScheme)),
            ("oss:/bucket/path/", Some(Code::DatasetUriScheme)),
            ("://bucket/path/", Some(Code::DatasetUriScheme)),
            ("1oss://bucket/", Some(Code::DatasetUriScheme)),
            ("o ss://bucket/", Some(Code::DatasetUriScheme)),
        ];
        for (uri, want) in cases {
            let found = codes_at(&json!({"Datasets": [{"Uri": uri}]}));
            let want: Vec<_> = want
                .into_iter()
                .map(|c| (c, "/Datasets/0/Uri".to_owned()))
                .collect();
            assert_eq!(found, want, "{uri}");
        }
        let found = diagnostics_of(
            check,
            &instance(&json!({"Datasets": [{"Uri": "s3://b/p"}, {"Uri": "b/p"}]})),
        );
        assert_eq!(
            found[0].message,
            "\"s3://b/p\" has scheme \"s3\", not one of the documented oss, nas, cpfs or bmcpfs"
        );
        assert_eq!(
            found[1].message,
            "\"b/p\" has no scheme: expected a URI such as \"oss://bucket/path/\""
        );
    }

    #[test]
    fn options_must_be_json_text() {
        for ok in [
            "{}",
            "{\n  \"fs.oss.download.thread.concurrency\": \"10\"\n}",
            "",
            " {\"a\": [1, 2]} ",
        ] {
            assert_eq!(
                codes_at(&json!({"Datasets": [{"Options": ok}]})),
                [],
                "{ok}"
            );
        }
        let cases = [
            (
                "{\"a\": 1,}",
                "mount options are not JSON text: trailing comma at line 1 column 9 of the string",
            ),
            (
                "{\n  \"a\": \"1\"\n  \"b\": \"2\"\n}",
                "mount options are not JSON text: expected `,` or `}` at line 3 column 3 of the string",
            ),
            (
                "concurrency=10",
                "mount options are not JSON text: expected value at line 1 column 1 of the string",
            ),
            (
                "{\"a\": 1} {}",
                "mount options are not JSON text: trailing characters at line 1 column 10 of the string",
            ),
        ];
        for (options, message) in cases {
            let found = diagnostics_of(
                check,
                &instance(&json!({"Datasets": [{}, {"Options": options}]})),
            );
            assert_eq!(found.len(), 1, "{options}");
            assert_eq!(
                (found[0].code, found[0].pointer.as_str()),
                (Code::DatasetOptions, "/Datasets/1/Options")
            );
            assert_eq!(found[0].message, message);
        }
    }

    #[test]
    fn options_messages_do_not_show_the_options() {
        let options = "{\"fs.oss.accessKeySecret\": \"s3cr3t-value\" oops}";
        let found = diagnostics_of(
            check,
            &instance(&json!({"Datasets": [{"Options": options}]})),
        );
        assert_eq!(found.len(), 1);
        assert!(!found[0].message.contains("s3cr3t"), "{}", found[0].message);
    }
}
