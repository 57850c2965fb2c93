//! The canary property: a credential put in any position the secret policy
//! covers reaches no output of any command, in any format.
//!
//! The positions are every secret field of the field table, every spelling
//! of a credential's name (in `EnvironmentVariables`, as an unknown field,
//! nested), a password in every kind of URL, credentials inside JSON text,
//! scalars sent where a container of credentials belongs, and values that
//! only their shape gives away (private keys, AccessKeys, tokens). The
//! outputs are those of `validate` (text, coloured text, JSON, GitHub
//! commands, SARIF, JUnit XML, Markdown; whole documents and NDJSON lines;
//! the messages of a policy every value breaks; a baseline), `diff` (text, coloured text, JSON, patch,
//! Markdown, debug; both ways, and with the credential changed), `normalize`,
//! the fleet diff (text, coloured text, JSON, Markdown, GitHub commands, HTML,
//! debug; NDJSON dumps and a ListInstances page, the canary's instance
//! changed, added and removed),
//! the drift report (text, coloured text, JSON, Markdown, HTML),
//! the snapshot store (its files, the review screen, the check in every
//! format), and the same through the command, stdout and stderr alike.

mod common;

use std::fmt::Write as _;
use std::num::NonZeroUsize;
use std::process::Command;

use dswcheck::{Aggregate, DiffOptions, Renderer, Source};
use proptest::prelude::*;
use serde_json::{Value, json};

/// What to write at a position, given the canary's core.
type Fill = fn(&str) -> Value;

/// Where a canary goes: a path of object keys and `[]` for "the first
/// element", and what to write there given the canary's core.
struct Position {
    path: Vec<String>,
    value: Box<dyn Fn(&str) -> Value>,
    /// What the position is, for failure messages.
    what: String,
}

fn position(path: &[&str], what: &str, value: impl Fn(&str) -> Value + 'static) -> Position {
    Position {
        path: path.iter().map(|s| (*s).to_owned()).collect(),
        value: Box::new(value),
        what: what.to_owned(),
    }
}

/// Names a credential goes by, in every spelling the policy must read.
const NAMES: &[&str] = &[
    "DB_PASSWORD2",
    "PASSWORD1",
    "HFTOKEN",
    "hfToken",
    "OPENAIAPIKEY",
    "AWSSecret",
    "GITHUB_PAT",
    "Passphrase",
    "SASL_JAAS_CONFIG",
    "AZURE_STORAGE_CONNECTION_STRING",
    "x-auth-token",
    "client.secret",
    "Secrets",
    "Tokens",
];

/// URLs with a password, `{}` standing for it.
const URLS: &[&str] = &[
    "oss://AKID:{}@bucket.oss-cn-hangzhou-internal.aliyuncs.com/data/",
    "postgres://admin:{}@db.example.com:5432/app",
    "https://user:{}@example.com/x?y=1",
    "mongodb+srv://u:{}@cluster0.example.net/db",
];

/// Places that hold a URL: a documented URI, an ordinary variable, an
/// unknown field, a label.
const URL_PLACES: &[&[&str]] = &[
    &["Datasets", "[]", "Uri"],
    &["EnvironmentVariables", "DATABASE_URL"],
    &["Endpoint"],
    &["Labels", "[]", "Value"],
];

fn url(template: &str, core: &str) -> String {
    template.replace("{}", core)
}

fn positions() -> Vec<Position> {
    let mut all = Vec::new();
    // Every secret field of the table.
    for (path, field) in dswcheck::__private::fields() {
        if field.facts.is_secret() {
            all.push(Position {
                path: path.iter().map(|s| (*s).to_owned()).collect(),
                value: Box::new(|c| json!(c)),
                what: format!("secret field {}", path.join(".")),
            });
        }
    }
    // Every spelling of a name, in a map, as an unknown field, nested.
    for name in NAMES {
        for prefix in [
            &["EnvironmentVariables"][..],
            &[],
            &["UserVpc"],
            &["Extra", "[]"],
        ] {
            let mut path: Vec<&str> = prefix.to_vec();
            path.push(name);
            all.push(position(&path, &format!("name {}", path.join(".")), |c| {
                json!(c)
            }));
        }
    }
    all.push(position(
        &["Secrets"],
        "object under a secret name",
        |c| json!({"primary": c, "list": [c]}),
    ));
    // Passwords in URLs, in every kind of place.
    for template in URLS {
        for place in URL_PLACES {
            all.push(position(
                place,
                &format!("URL {template} at {}", place.join(".")),
                move |c| json!(url(template, c)),
            ));
        }
    }
    // Inside JSON text.
    for field in [
        &["Datasets", "[]", "Options"][..],
        &["DynamicMount", "MountPoints", "[]", "Options"],
    ] {
        let texts: [(&str, Fill); 4] = [
            ("named member", |c| {
                json!(json!({"fs.oss.accessKeySecret": c, "fs.oss.endpoint": "oss-cn-hangzhou.aliyuncs.com"}).to_string())
            }),
            ("nested member", |c| {
                json!(json!({"auth": {"password": c}}).to_string())
            }),
            ("member in a list", |c| {
                json!(json!({"list": [{"token": c}]}).to_string())
            }),
            ("URL", |c| {
                json!(json!({"endpoint": url(URLS[1], c)}).to_string())
            }),
        ];
        for (what, value) in texts {
            all.push(position(
                field,
                &format!("JSON text {what} at {}", field.join(".")),
                value,
            ));
        }
    }
    // Scalars where a container of credentials belongs.
    let wrong: [(&[&str], Fill); 6] = [
        (
            &[
                "CredentialConfig",
                "Configs",
                "[]",
                "Roles",
                "[]",
                "UserInfo",
            ],
            |c| json!(format!("AccessKeyId=LTAI;AccessKeySecret={c}")),
        ),
        (&["CredentialConfig"], |c| json!(format!("secret={c}"))),
        (&["CredentialConfig", "Configs", "[]"], |c| json!(c)),
        (&["EnvironmentVariables"], |c| {
            json!(format!("HF_TOKEN={c}"))
        }),
        (&["ServiceConfig"], |c| {
            json!(format!("JupyterServerPassword={c}"))
        }),
        (&["Datasets", "[]"], |c| {
            json!(format!("Options={{\"password\":\"{c}\"}}"))
        }),
    ];
    for (path, value) in wrong {
        all.push(position(
            path,
            &format!("wrong type at {}", path.join(".")),
            value,
        ));
    }
    // Values only their shape gives away, in places that say nothing.
    let shaped: [(&str, Fill); 5] = [
        ("private key", |c| {
            json!(format!(
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEow{c}\n{c}AB\n-----END RSA PRIVATE KEY-----\n"
            ))
        }),
        ("AccessKey ID", |c| json!(format!("LTAI{}", &c[..16]))),
        ("JWT", |c| {
            json!(format!("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ{c}.{c}"))
        }),
        ("GitHub token", |c| {
            json!(format!("ghp_{}", &c.repeat(2)[..36]))
        }),
        ("bearer header", |c| {
            json!(format!("Authorization: Bearer {c}{c}"))
        }),
    ];
    for (what, value) in shaped {
        for place in [
            &["UserVpc", "ForwardInfos", "[]", "SSHPublicKey"][..],
            &["Labels", "[]", "Value"],
            &["Note"],
            &["EnvironmentVariables", "SETUP"],
        ] {
            all.push(position(
                place,
                &format!("{what} at {}", place.join(".")),
                value,
            ));
        }
    }
    all
}

/// A body with nearly every documented field (`modern-full.json`).
fn base() -> Value {
    let path = common::data_dir("valid").join("modern-full.json");
    serde_json::from_slice(&common::read(&path)).expect("valid JSON")
}

/// `doc` with `value` written at `path`, creating (or replacing) what is on the way.
fn place(doc: &mut Value, path: &[String], value: Value) {
    let mut at = doc;
    for segment in path {
        at = if segment == "[]" {
            if !matches!(at, Value::Array(items) if !items.is_empty()) {
                *at = json!([{}]);
            }
            &mut at[0]
        } else {
            if !at.is_object() {
                *at = json!({});
            }
            at.as_object_mut()
                .expect("made an object")
                .entry(segment.clone())
                .or_insert(Value::Null)
        };
    }
    *at = value;
}

fn with_canary(position: &Position, core: &str) -> Vec<u8> {
    let mut doc = base();
    place(&mut doc, &position.path, (position.value)(core));
    serde_json::to_vec_pretty(&doc).expect("serializable")
}

/// Every output of the library for `old` and `new`: validate of each, as
/// documents and as NDJSON lines, diff both ways in every format, normalize.
/// A policy that every value breaks: each string, object, array, number and
/// property name.
fn loud_policy() -> dswcheck::Policy {
    let schema = br##"{"$ref": "#/$defs/v", "$defs": {"v": {
        "maxLength": 0, "maxProperties": 0, "maxItems": 0, "not": {"type": "number"},
        "propertyNames": {"maxLength": 0},
        "additionalProperties": {"$ref": "#/$defs/v"}, "items": {"$ref": "#/$defs/v"}}}}"##;
    dswcheck::Policy::from_json(schema, std::path::Path::new("loud.json")).expect("a valid policy")
}

fn library_outputs(old: &[u8], new: &[u8]) -> String {
    let mut all = String::new();
    let mut github = Vec::new();
    for bytes in [old, new] {
        let report = dswcheck::validate(bytes);
        let mut kept = Aggregate::new().should_keep_clean(true);
        for renderer in [Renderer::new(), Renderer::new().should_color(true)] {
            all.push_str(&renderer.text(Source::Document("doc.json"), &report));
            all.push_str(&renderer.json(Source::Document("doc.json"), &report));
        }
        let source = Source::Document("doc.json");
        Renderer::new()
            .write_github(&mut github, source, &report)
            .expect("writing to memory");
        kept.add(&Renderer::new(), source, &report);
        let value: Value = serde_json::from_slice(bytes).expect("JSON");
        let line = format!("{value}\n{value}\n");
        dswcheck::validate_lines(line.as_bytes(), NonZeroUsize::MIN, |line| {
            let source = Source::Line {
                name: "fleet.ndjson",
                line: line.number,
            };
            all.push_str(&Renderer::new().text(source, &line.report));
            all.push_str(&Renderer::new().json(source, &line.report));
            Renderer::new().write_github(&mut github, source, &line.report)?;
            kept.add(&Renderer::new(), source, &line.report);
            Ok(())
        })
        .expect("reading from memory");
        // A policy every value breaks, so that the validator's messages would
        // quote every value and name there is; and a baseline of it all.
        let loud = dswcheck::Validator::new().with_policy(loud_policy());
        let report = loud.validate(bytes);
        all.push_str(&Renderer::new().text(Source::Document("doc.json"), &report));
        all.push_str(&Renderer::new().json(Source::Document("doc.json"), &report));
        kept.add(&Renderer::new(), source, &report);
        let mut baseline = dswcheck::Baseline::new();
        baseline.record(dswcheck::document_name(&report, "doc.json"), &report);
        all.push_str(&baseline.to_json());
        // The drift report of the document and of the same as NDJSON lines.
        let mut drift = dswcheck::Drift::new();
        drift.add(source, &dswcheck::validate(bytes));
        drift
            .add_lines("fleet.ndjson", line.as_bytes(), NonZeroUsize::MIN)
            .expect("reading from memory");
        all.push_str(&drift.to_text(false));
        all.push_str(&drift.to_text(true));
        all.push_str(&drift.to_json());
        all.push_str(&drift.to_markdown());
        all.push_str(&drift.to_html());
        // The aggregate formats, from the diagnostics they kept.
        let renderer = Renderer::new();
        all.push_str(&renderer.sarif(&kept));
        all.push_str(&renderer.junit(&kept));
        all.push_str(&renderer.markdown(&kept));
        let read = dswcheck::read(bytes);
        for options in [
            DiffOptions::new(),
            DiffOptions::new().should_include_volatile(true),
        ] {
            all.push_str(&String::from_utf8_lossy(&dswcheck::normalize_to_vec(
                &read, &options,
            )));
        }
    }
    all.push_str(&String::from_utf8(github).expect("UTF-8"));
    let (old, new) = (dswcheck::read(old), dswcheck::read(new));
    for (a, b) in [(&old, &new), (&new, &old)] {
        match dswcheck::diff(a, b, &DiffOptions::new().should_include_volatile(true)) {
            Ok(diff) => {
                all.push_str(&diff.to_text(false));
                all.push_str(&diff.to_text(true));
                all.push_str(&diff.to_json());
                all.push_str(&diff.patch().to_json());
                all.push_str(&diff.to_markdown());
                let _ = write!(all, "{diff:?}");
            }
            Err(e) => {
                let _ = write!(all, "{e} {e:?}");
            }
        }
    }
    all
}

/// Every output of the fleet diff of two dumps: the canary's instance
/// changed (from `old` to `new`), and copies of it added and removed, as
/// NDJSON lines and as items of a pretty-printed ListInstances page.
fn fleet_outputs(old: &[u8], new: &[u8]) -> String {
    let dir = scratch_store();
    std::fs::create_dir_all(dir.join("pages")).expect("a temporary directory");
    let (old, new): (Value, Value) = (
        serde_json::from_slice(old).expect("JSON"),
        serde_json::from_slice(new).expect("JSON"),
    );
    let renamed = |body: &Value, id: &str| {
        let mut body = body.clone();
        body["InstanceId"] = id.into();
        body
    };
    let write = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("writable");
        path
    };
    let old_dump = write(
        "old.ndjson",
        format!("{old}\n{}\n", renamed(&new, "dsw-canary-removed")),
    );
    let new_dump = write(
        "new.ndjson",
        format!("{new}\n{}\n{new}\n", renamed(&old, "dsw-canary-added")),
    );
    let page = json!({"TotalCount": 2, "Instances": [new, renamed(&new, "dsw-canary-added")]});
    write(
        "pages/page.json",
        serde_json::to_string_pretty(&page).expect("serializable"),
    );
    let mut all = String::new();
    for new_side in [new_dump, dir.join("pages")] {
        for options in [
            DiffOptions::new(),
            DiffOptions::new().should_include_volatile(true),
        ] {
            let options = dswcheck::FleetOptions::new().with_diff_options(options);
            match dswcheck::diff_fleet(&[&old_dump], &[&new_side], &options) {
                Ok(fleet) => {
                    all.push_str(&fleet.to_text(false));
                    all.push_str(&fleet.to_text(true));
                    all.push_str(&fleet.to_json());
                    all.push_str(&fleet.to_markdown());
                    all.push_str(&fleet.to_github());
                    all.push_str(&fleet.to_html());
                    let _ = write!(all, "{fleet:?}");
                }
                Err(e) => {
                    let _ = write!(all, "{e} {e:?}");
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    all
}

/// A scratch store for each call, even on parallel test threads.
fn scratch_store() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    std::env::temp_dir().join(format!(
        "dswcheck-canary-store-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Everything the snapshot store writes and shows for `old` then `new`:
/// the store's files, the review screen (header, diff, full snapshot, with
/// and without colour) and the check in every format.
fn snapshot_outputs(old: &[u8], new: &[u8]) -> String {
    use dswcheck::snapshot::{Check, Name, Review, Store, compare};
    let dir = scratch_store();
    let store = Store::new(&dir);
    let name = Name::new("canary").expect("a valid name");
    let options = DiffOptions::new();
    let mut all = String::new();
    let mut check = Check::new(store.clone());
    for (i, bytes) in [old, new].into_iter().enumerate() {
        let capture = dswcheck::read(bytes);
        let Ok(comparison) = compare(&store, name.clone(), &capture, &options) else {
            continue;
        };
        store.record(&comparison).expect("a writable store");
        check.add("capture.json", None, name.clone(), comparison.verdict);
        if let Ok(review) = Review::load(&store, &name, &options) {
            for color in [false, true] {
                all.push_str(&review.header(color));
                all.push_str(&review.body(color));
            }
            all.push_str(&review.full);
        }
        if i == 0 {
            let _ = store.accept(&name);
        }
    }
    check.set_pending(store.pending().expect("a readable store"));
    all.push_str(&check.to_text(false));
    all.push_str(&check.to_text(true));
    all.push_str(&check.to_markdown());
    all.push_str(&check.to_github());
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        all.push_str(&String::from_utf8_lossy(
            &std::fs::read(entry.path()).unwrap_or_default(),
        ));
    }
    let _ = std::fs::remove_dir_all(&dir);
    all
}

fn assert_hidden(output: &str, core: &str, what: &str) {
    assert!(
        !output.contains(core),
        "the canary at {what} reached an output:\n{}",
        output
            .lines()
            .filter(|l| l.contains(core))
            .take(5)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Each position once, with a fixed canary: nothing the policy covers is left out.
#[test]
fn no_canary_reaches_a_library_output() {
    let positions = positions();
    assert!(positions.len() > 100, "{}", positions.len());
    let plain = serde_json::to_vec_pretty(&base()).expect("serializable");
    let core = "Cnry7Qx2Vb9Lm4Tz8Kp3";
    for position in &positions {
        let old = with_canary(position, core);
        let new = with_canary(position, "Cnry1Aa2Bb3Cc4Dd5Ee6");
        assert_hidden(&library_outputs(&plain, &old), core, &position.what);
        assert_hidden(&library_outputs(&old, &new), core, &position.what);
        assert_hidden(&snapshot_outputs(&plain, &old), core, &position.what);
        assert_hidden(&snapshot_outputs(&old, &new), core, &position.what);
        assert_hidden(&fleet_outputs(&plain, &old), core, &position.what);
        assert_hidden(&fleet_outputs(&old, &new), core, &position.what);
    }
}

/// A ListInstances page holding the body as its one item.
fn as_page(body: &[u8]) -> Vec<u8> {
    let item: Value = serde_json::from_slice(body).expect("JSON");
    serde_json::to_vec_pretty(&json!({"RequestId": "r", "TotalCount": 1, "Instances": [item]}))
        .expect("serializable")
}

/// Each position inside a page's item: the secret policy reads pages as it
/// reads bodies.
#[test]
fn no_canary_in_a_page_reaches_a_library_output() {
    let plain = as_page(&serde_json::to_vec_pretty(&base()).expect("serializable"));
    let core = "Cnry7Qx2Vb9Lm4Tz8Kp3";
    for position in &positions() {
        let old = as_page(&with_canary(position, core));
        let new = as_page(&with_canary(position, "Cnry1Aa2Bb3Cc4Dd5Ee6"));
        assert_hidden(&library_outputs(&plain, &old), core, &position.what);
        assert_hidden(&library_outputs(&old, &new), core, &position.what);
    }
}

proptest! {
    // 64 cases in CI; `PROPTEST_CASES` runs more.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    /// Any canary, at any position.
    #[test]
    fn no_generated_canary_reaches_a_library_output(
        index in any::<prop::sample::Index>(),
        core in "[A-Za-z0-9]{20,32}",
    ) {
        let positions = positions();
        let position = &positions[index.index(positions.len())];
        let plain = serde_json::to_vec_pretty(&base()).expect("serializable");
        let with = with_canary(position, &core);
        let output = library_outputs(&plain, &with)
            + &snapshot_outputs(&plain, &with)
            + &fleet_outputs(&plain, &with);
        prop_assert!(!output.contains(&core), "the canary at {} reached an output", position.what);
    }
}

/// The command, every subcommand and format, stdout and stderr alike.
#[test]
fn no_canary_reaches_the_command_output() {
    let dir = std::env::temp_dir().join(format!("dswcheck-canary-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let plain = dir.join("plain.json");
    std::fs::write(
        &plain,
        serde_json::to_vec_pretty(&base()).expect("serializable"),
    )
    .expect("writable");
    let core = "Cnry5Hh6Jj7Kk8Ll9Mm0";
    for (i, position) in positions().iter().enumerate() {
        let bytes = with_canary(position, core);
        let file = dir.join(format!("canary-{i}.json"));
        std::fs::write(&file, &bytes).expect("writable");
        let value: Value = serde_json::from_slice(&bytes).expect("JSON");
        let ndjson = dir.join(format!("canary-{i}.ndjson"));
        std::fs::write(&ndjson, format!("{value}\n{value}\n")).expect("writable");
        let store = dir.join(format!("store-{i}"));
        let (plain, file, ndjson, store_dir) = (
            plain.to_str().expect("UTF-8"),
            file.to_str().expect("UTF-8"),
            ndjson.to_str().expect("UTF-8"),
            store.to_str().expect("UTF-8"),
        );
        let runs: Vec<Vec<&str>> = vec![
            vec!["validate", file],
            vec!["validate", "--format", "json", file],
            vec!["validate", "--color", "always", ndjson],
            vec!["validate", "--format", "json", ndjson],
            vec!["validate", "--format", "github", file, ndjson],
            vec!["validate", "--format", "sarif", file, ndjson],
            vec!["validate", "--format", "junit", file, ndjson],
            vec!["validate", "--format", "markdown", file, ndjson],
            vec!["diff", plain, file],
            vec![
                "diff",
                "--color",
                "always",
                "--include-volatile",
                file,
                plain,
            ],
            vec!["diff", "--format", "json", plain, file],
            vec!["diff", "--format", "patch", plain, file],
            vec!["diff", "--format", "markdown", file, plain],
            vec!["normalize", file],
            vec!["diff", "--fleet", plain, file],
            vec!["diff", "--fleet", "--color", "always", ndjson, plain],
            vec!["diff", "--fleet", "--format", "json", plain, ndjson],
            vec!["diff", "--fleet", "--format", "markdown", plain, file],
            vec!["diff", "--fleet", "--format", "html", plain, file],
            vec!["diff", "--fleet", "--format", "github", ndjson, file],
            vec!["drift", file, ndjson],
            vec!["drift", "--format", "json", file, ndjson],
            vec!["drift", "--format", "markdown", ndjson],
            vec!["drift", "--format", "html", file, ndjson],
            vec![
                "snapshot",
                "record",
                "--no-config",
                "--store",
                store_dir,
                plain,
            ],
            vec!["review", "--accept", "--no-config", "--store", store_dir],
            vec![
                "snapshot",
                "record",
                "--no-config",
                "--store",
                store_dir,
                file,
            ],
            vec![
                "snapshot",
                "check",
                "--format",
                "github",
                "--no-config",
                "--store",
                store_dir,
                file,
                ndjson,
            ],
        ];
        for args in runs {
            let output = Command::new(env!("CARGO_BIN_EXE_dswcheck"))
                .args(&args)
                .output()
                .expect("the binary runs");
            let printed = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            assert_hidden(
                &printed,
                core,
                &format!("{} (dswcheck {})", position.what, args.join(" ")),
            );
        }
        for entry in std::fs::read_dir(&store).into_iter().flatten().flatten() {
            let text = std::fs::read(entry.path()).expect("readable");
            assert_hidden(
                &String::from_utf8_lossy(&text),
                core,
                &format!("{} (the store's {:?})", position.what, entry.file_name()),
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
