//! Snapshot review, run as a person and a CI job run it: `snapshot record`,
//! `review` (in a real pseudo-terminal, and with --accept/--reject),
//! `snapshot pending` and `snapshot check`, each with its exit code; the
//! store's layout; no credential in the store or on any screen; and the
//! insta integration.

mod common;

use common::repo::Repo;

/// A capture with two labels, a volatile field and two credentials.
const BODY: &str = r#"{
  "InstanceId": "dsw-snap-1",
  "InstanceName": "nlp-notebook",
  "Status": "Running",
  "RequestId": "req-1",
  "Labels": [
    {"Key": "team", "Value": "nlp"},
    {"Key": "env", "Value": "dev"}
  ],
  "ServiceConfig": {"JupyterServerPassword": "Cnry4Rr5Ss6Tt7Uu8Vv9"},
  "EnvironmentVariables": {"DB_PASSWORD": "Cnry4Rr5Ss6Tt7Uu8Vv9"}
}
"#;

/// The canary credential of `BODY`.
const CANARY: &str = "Cnry4Rr5Ss6Tt7Uu8Vv9";

/// `BODY` with only volatile noise and the order of its labels changed,
/// and its credentials rotated.
fn same_meaning() -> String {
    BODY.replace("req-1", "req-2")
        .replace(
            r#"{"Key": "team", "Value": "nlp"},
    {"Key": "env", "Value": "dev"}"#,
            r#"{"Key": "env", "Value": "dev"},
    {"Key": "team", "Value": "nlp"}"#,
        )
        .replace(CANARY, "Cnry0Zz9Yy8Xx7Ww6Vv5")
}

/// `BODY` with a real change: one label's value, and the status.
fn changed() -> String {
    BODY.replace("\"dev\"", "\"prod\"")
        .replace("\"Running\"", "\"Stopped\"")
}

const STORE: &str = "dswcheck-snapshots";
const ACCEPTED: &str = "dswcheck-snapshots/dsw-snap-1.json";
const PENDING: &str = "dswcheck-snapshots/dsw-snap-1.json.new";

#[test]
fn record_writes_new_and_changed_snapshots_as_pending() {
    let repo = Repo::new("snapshot", "record");
    repo.write("capture.json", BODY);
    let first = repo.run(&["snapshot", "record", "capture.json"]);
    assert_eq!(first.code, 1, "{}", first.all());
    assert!(
        first
            .stdout
            .contains("capture.json: dsw-snap-1 is pending (new)"),
        "{}",
        first.stdout
    );
    assert_eq!(repo.files(STORE), ["dsw-snap-1.json.new"]);
    // The canonical form: pretty, sorted, volatile left out, secrets redacted,
    // a trailing newline.
    let pending = repo.read(PENDING);
    let canonical = repo.run(&["normalize", "capture.json"]).stdout;
    assert_eq!(pending, canonical);
    assert!(pending.ends_with("}\n") && !pending.contains("RequestId"));
    assert!(pending.contains("\"DB_PASSWORD\": \"<redacted>\""));
    assert!(
        pending.find("\"env\"").unwrap() < pending.find("\"team\"").unwrap(),
        "{pending}"
    );

    let accepted = repo.run(&["review", "--accept"]);
    assert_eq!(accepted.code, 0, "{}", accepted.all());
    assert_eq!(repo.files(STORE), ["dsw-snap-1.json"]);

    // Volatile noise, reordered labels and rotated credentials are no change.
    repo.write("capture.json", &same_meaning());
    let unchanged = repo.run(&["snapshot", "record", "capture.json"]);
    assert_eq!(unchanged.code, 0, "{}", unchanged.all());
    assert!(
        unchanged
            .stdout
            .contains("1 capture: 1 unchanged, 0 pending review")
    );
    assert_eq!(repo.files(STORE), ["dsw-snap-1.json"]);

    repo.write("capture.json", &changed());
    let change = repo.run(&["snapshot", "record", "capture.json"]);
    assert_eq!(change.code, 1, "{}", change.all());
    assert!(
        change
            .stdout
            .contains("dsw-snap-1 is pending (changed: 2 changes (1 spec, 1 status))"),
        "{}",
        change.stdout
    );
    assert_eq!(
        repo.files(STORE),
        ["dsw-snap-1.json", "dsw-snap-1.json.new"]
    );

    // Back to what was accepted: the pending snapshot is stale and goes.
    repo.write("capture.json", BODY);
    assert_eq!(repo.run(&["snapshot", "record", "capture.json"]).code, 0);
    assert_eq!(repo.files(STORE), ["dsw-snap-1.json"]);
}

#[test]
fn record_reads_ndjson_and_names_bodies_without_an_instance_id() {
    let repo = Repo::new("snapshot", "ndjson");
    let one: serde_json::Value = serde_json::from_str(BODY).unwrap();
    let mut two = one.clone();
    two["InstanceId"] = "dsw-snap-2".into();
    repo.write("fleet.ndjson", &format!("{one}\n\n{two}\n"));
    let run = repo.run(&["snapshot", "record", "fleet.ndjson"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stdout
            .contains("fleet.ndjson:1: dsw-snap-1 is pending (new)")
    );
    assert!(
        run.stdout
            .contains("fleet.ndjson:3: dsw-snap-2 is pending (new)")
    );
    assert_eq!(
        repo.files(STORE),
        ["dsw-snap-1.json.new", "dsw-snap-2.json.new"]
    );

    repo.write("anonymous.json", r#"{"Status": "Running"}"#);
    let unnamed = repo.run(&["snapshot", "record", "anonymous.json"]);
    assert_eq!(unnamed.code, 2);
    assert!(
        unnamed
            .stderr
            .contains("anonymous.json: no InstanceId: name its snapshot with --name NAME"),
        "{}",
        unnamed.stderr
    );
    let named = repo.run(&[
        "snapshot",
        "record",
        "--name",
        "before-upgrade",
        "anonymous.json",
    ]);
    assert_eq!(named.code, 1, "{}", named.all());
    assert!(repo.exists("dswcheck-snapshots/before-upgrade.json.new"));
    let two_files = repo.run(&[
        "snapshot",
        "record",
        "--name",
        "x",
        "anonymous.json",
        "fleet.ndjson",
    ]);
    assert_eq!(two_files.code, 2);
}

#[test]
fn bad_input_and_bad_names_are_tool_errors() {
    let repo = Repo::new("snapshot", "errors");
    repo.write(
        "broken.json",
        "{\"InstanceId\": \"dsw-1\",\n  \"Status\": }\n",
    );
    let broken = repo.run(&["snapshot", "record", "broken.json"]);
    assert_eq!(broken.code, 2);
    assert!(
        broken.stderr.contains("error: broken.json:2:13:"),
        "{}",
        broken.stderr
    );

    repo.write(
        "api-error.json",
        r#"{"RequestId": "r", "Code": "InstanceNotFound", "Message": "not found", "HttpStatusCode": 404, "Success": false}"#,
    );
    let api = repo.run(&["snapshot", "record", "api-error.json"]);
    assert_eq!(api.code, 2);
    assert!(api.stderr.contains("response.api-error"), "{}", api.stderr);

    // An InstanceId from a hostile body cannot write outside the store.
    for id in [
        "../../escaped",
        "/tmp/escaped",
        ".hidden",
        "a\\b",
        "x\u{1b}[2J",
    ] {
        let body = serde_json::json!({"InstanceId": id}).to_string();
        repo.write("hostile.json", &body);
        let run = repo.run(&["snapshot", "record", "hostile.json"]);
        assert_eq!(run.code, 2, "{id:?}: {}", run.all());
        assert!(
            run.stderr.contains("cannot name a snapshot"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    }
    let bad_name = repo.run(&["snapshot", "record", "--name", "../x", "broken.json"]);
    assert_eq!(bad_name.code, 2);
    assert!(!repo.exists(STORE) && !repo.exists("escaped"));

    let ndjson = repo.write("lines.ndjson", "{\"InstanceId\": \"dsw-ok\"}\nnot json\n");
    let lines = repo.run(&["snapshot", "record", ndjson.to_str().unwrap()]);
    assert_eq!(lines.code, 2, "{}", lines.all());
    assert!(
        lines.stderr.contains("lines.ndjson:2: column 1:"),
        "{}",
        lines.stderr
    );
    // The good line is still recorded.
    assert!(repo.exists("dswcheck-snapshots/dsw-ok.json.new"));
    assert_eq!(repo.run(&["snapshot", "record", "missing.json"]).code, 2);
}

#[test]
fn the_store_and_the_options_come_from_the_flags_and_the_config() {
    let repo = Repo::new("snapshot", "config");
    repo.write(
        "dswcheck.toml",
        "[snapshot]\nstore = \"ci/snapshots\"\n\n[diff]\nignore = [\"/Labels\"]\n",
    );
    repo.write("sub/capture.json", BODY);
    let output = repo
        .command(&["snapshot", "record", "capture.json"])
        .current_dir(repo.root.join("sub"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    // Relative to the config file, and the ignored field left out.
    let pending = repo.read("ci/snapshots/dsw-snap-1.json.new");
    assert!(!pending.contains("Labels"), "{pending}");
    assert_eq!(repo.run(&["review", "--accept"]).code, 0);
    // An ignored change is no change.
    repo.write("sub/capture.json", &BODY.replace("\"dev\"", "\"prod\""));
    assert_eq!(repo.run(&["snapshot", "check", "sub/capture.json"]).code, 0);
    let elsewhere = repo.run(&["snapshot", "record", "--store", "other", "sub/capture.json"]);
    assert_eq!(elsewhere.code, 1);
    assert!(repo.exists("other/dsw-snap-1.json.new"));
    let no_config = repo.run(&["snapshot", "pending", "--no-config"]);
    assert_eq!((no_config.code, no_config.stdout.as_str()), (0, ""));
    repo.write("dswcheck.toml", "[snapshot]\nstor = \"x\"\n");
    let bad = repo.run(&["snapshot", "pending"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("dswcheck.toml:2:1: unknown field `stor`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn check_fails_on_changed_new_and_pending_snapshots_and_never_writes() {
    let repo = Repo::new("snapshot", "check");
    repo.write("capture.json", BODY);
    let new = repo.run(&["snapshot", "check", "capture.json"]);
    assert_eq!(new.code, 1, "{}", new.all());
    assert!(
        new.stdout.contains("capture.json: dsw-snap-1: new"),
        "{}",
        new.stdout
    );
    assert!(!repo.exists(STORE));

    assert_eq!(repo.run(&["snapshot", "record", "capture.json"]).code, 1);
    let pending = repo.run(&["snapshot", "check", "capture.json"]);
    assert_eq!(pending.code, 1);
    assert!(
        pending.stdout.contains("pending review"),
        "{}",
        pending.stdout
    );
    assert_eq!(repo.run(&["review", "--accept"]).code, 0);

    repo.write("capture.json", &same_meaning());
    let same = repo.run(&["snapshot", "check", "capture.json"]);
    assert_eq!(same.code, 0, "{}", same.all());
    assert!(
        same.stdout
            .contains("1 capture: 1 matching, 0 changed, 0 new; 0 snapshots pending review")
    );

    repo.write("capture.json", &changed());
    let text = repo.run(&["snapshot", "check", "capture.json"]);
    assert_eq!(text.code, 1);
    assert!(
        text.stdout
            .contains("~ Labels[Key=env].Value: \"dev\" -> \"prod\""),
        "{}",
        text.stdout
    );
    let markdown = repo.run(&["snapshot", "check", "--format", "markdown", "capture.json"]);
    assert_eq!(markdown.code, 1);
    assert!(
        markdown.stdout.starts_with("## dswcheck snapshot check\n"),
        "{}",
        markdown.stdout
    );
    assert!(
        markdown
            .stdout
            .contains("| changed | <code>Labels[Key=env].Value</code>")
    );
    assert_eq!(repo.files(STORE), ["dsw-snap-1.json"]);

    // GitHub: one command per failing capture, on its NDJSON line, which
    // no value can end early.
    let hostile = changed().replace("nlp-notebook", "x\\n::error::injected%");
    let value: serde_json::Value = serde_json::from_str(&hostile).unwrap();
    repo.write("fleet,1.ndjson", &format!("\n{value}\n"));
    let github = repo.run(&["snapshot", "check", "--format", "github", "fleet,1.ndjson"]);
    assert_eq!(github.code, 1);
    let lines: Vec<&str> = github.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", github.stdout);
    assert!(
        lines[0].starts_with(
            "::error file=fleet%2C1.ndjson,line=2,title=snapshot changed::dsw-snap-1: 3 changes%0A"
        ),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("%25") && !lines[0].contains("\n::error::"));
}

#[test]
fn pending_lists_what_review_would_show() {
    let repo = Repo::new("snapshot", "pending");
    repo.write("a.json", BODY);
    assert_eq!(repo.run(&["snapshot", "record", "a.json"]).code, 1);
    assert_eq!(repo.run(&["review", "--accept"]).code, 0);
    repo.write("a.json", &changed());
    repo.write("b.json", &BODY.replace("dsw-snap-1", "dsw-snap-2"));
    assert_eq!(
        repo.run(&["snapshot", "record", "a.json", "b.json"]).code,
        1
    );
    let text = repo.run(&["snapshot", "pending"]);
    assert_eq!(text.code, 0);
    assert_eq!(
        text.stdout,
        "dswcheck-snapshots/dsw-snap-1.json.new: changed: 2 changes (1 spec, 1 status)\n\
         dswcheck-snapshots/dsw-snap-2.json.new: new\n"
    );
    let json = repo.run(&["snapshot", "pending", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["format_version"], 1);
    assert_eq!(value["pending"][0]["kind"], "changed");
    assert_eq!(
        value["pending"][0]["changes"],
        serde_json::json!({"spec": 1, "status": 1})
    );
    assert_eq!(value["pending"][0]["status"], "Stopped");
    assert_eq!(value["pending"][1]["kind"], "new");
    assert_eq!(value["pending"][1]["accepted"], serde_json::Value::Null);
}

#[test]
fn review_without_a_terminal_decides_with_flags_or_says_how() {
    let repo = Repo::new("snapshot", "review-flags");
    repo.write("a.json", BODY);
    repo.write("b.json", &BODY.replace("dsw-snap-1", "dsw-other"));
    assert_eq!(
        repo.run(&["snapshot", "record", "a.json", "b.json"]).code,
        1
    );
    let asked = repo.run(&["review"]);
    assert_eq!(asked.code, 2);
    assert!(
        asked.stderr.contains("dswcheck review --accept"),
        "{}",
        asked.stderr
    );
    assert_eq!(repo.files(STORE).len(), 2);

    let rejected = repo.run(&["review", "--reject", "dsw-oth*"]);
    assert_eq!(rejected.code, 0, "{}", rejected.all());
    assert!(
        rejected
            .stdout
            .ends_with("0 accepted, 1 rejected, 0 skipped\n")
    );
    assert_eq!(repo.files(STORE), ["dsw-snap-1.json.new"]);
    let accepted = repo.run(&["review", "--accept", "dsw-snap-?"]);
    assert_eq!(accepted.code, 0);
    assert_eq!(repo.files(STORE), ["dsw-snap-1.json"]);
    let nothing = repo.run(&["review"]);
    assert_eq!(nothing.code, 0);
    assert!(nothing.stdout.starts_with("no pending snapshots"));
    assert_eq!(repo.run(&["review", "--accept", "--reject"]).code, 2);
}

/// A rotated credential is no change, and no credential reaches the store,
/// the review screen, the listing or the check, in any format.
#[test]
fn no_credential_reaches_the_store_or_a_screen() {
    let repo = Repo::new("snapshot", "canary");
    repo.write("a.json", BODY);
    let mut printed = String::new();
    let record = repo.run(&["snapshot", "record", "a.json"]);
    printed.push_str(&record.all());
    for args in [
        &["snapshot", "pending", "--format", "json"][..],
        &["snapshot", "check", "a.json"],
        &["snapshot", "check", "--format", "github", "a.json"],
        &["snapshot", "check", "--format", "markdown", "a.json"],
    ] {
        printed.push_str(&repo.run(args).all());
    }
    assert_eq!(repo.run(&["review", "--accept"]).code, 0);
    repo.write("a.json", &changed());
    printed.push_str(&repo.run(&["snapshot", "record", "a.json"]).all());
    for format in ["text", "github", "markdown"] {
        printed.push_str(
            &repo
                .run(&["snapshot", "check", "--format", format, "a.json"])
                .all(),
        );
    }
    // The review screen itself.
    let review = dswcheck::snapshot::Review::load(
        &dswcheck::snapshot::Store::new(repo.root.join(STORE)),
        &dswcheck::snapshot::Name::new("dsw-snap-1").unwrap(),
        &dswcheck::DiffOptions::new(),
    )
    .unwrap();
    for color in [false, true] {
        printed.push_str(&review.header(color));
        printed.push_str(&review.body(color));
    }
    printed.push_str(&review.full);
    assert!(!printed.contains(CANARY), "{printed}");
    for file in repo.files(STORE) {
        let text = repo.read(&format!("{STORE}/{file}"));
        assert!(!text.contains(CANARY), "{file}: {text}");
        assert!(text.contains("<redacted>"));
    }
    // A pending file edited by hand to hold a credential still shows none.
    repo.write(PENDING, BODY);
    let edited = dswcheck::snapshot::Review::load(
        &dswcheck::snapshot::Store::new(repo.root.join(STORE)),
        &dswcheck::snapshot::Name::new("dsw-snap-1").unwrap(),
        &dswcheck::DiffOptions::new(),
    )
    .unwrap();
    let screen = format!(
        "{}{}{}",
        edited.header(false),
        edited.body(false),
        edited.full
    );
    assert!(!screen.contains(CANARY), "{screen}");
}

/// Types `key`: rexpect buffers what it sends until a flush.
#[cfg(unix)]
fn press(session: &mut rexpect::session::PtySession, key: &str) {
    session.send(key).unwrap();
    session.flush().unwrap();
}

/// The interactive review in a real pseudo-terminal: keystrokes in, the
/// screen and the store out.
#[cfg(unix)]
#[test]
fn review_in_a_terminal_takes_one_key_per_snapshot() {
    let repo = Repo::new("snapshot", "review-pty");
    repo.write("a.json", BODY);
    assert_eq!(repo.run(&["snapshot", "record", "a.json"]).code, 1);
    assert_eq!(repo.run(&["review", "--accept"]).code, 0);
    repo.write("a.json", &changed());
    repo.write("b.json", &BODY.replace("dsw-snap-1", "dsw-snap-2"));
    repo.write("c.json", &BODY.replace("dsw-snap-1", "dsw-snap-3"));
    repo.write("d.json", &BODY.replace("dsw-snap-1", "dsw-snap-4"));
    let record = repo.run(&["snapshot", "record", "a.json", "b.json", "c.json", "d.json"]);
    assert_eq!(record.code, 1, "{}", record.all());

    let mut session =
        rexpect::session::spawn_command(repo.command(&["review"]), Some(20_000)).unwrap();
    let prompt = "q quit > ";
    // The first: changed, with its header and its diff.
    session
        .exp_string("[1/4] dsw-snap-1 (changed: 2 changes (1 spec, 1 status))")
        .unwrap();
    session.exp_string("InstanceName: nlp-notebook").unwrap();
    session.exp_string("Status: Stopped").unwrap();
    session
        .exp_string("~ Labels[Key=env].Value: \"dev\" -> \"prod\"")
        .unwrap();
    session.exp_string(prompt).unwrap();
    // An unknown key asks again; `f` shows the whole snapshot, then asks again.
    press(&mut session, "x");
    session.exp_string(prompt).unwrap();
    press(&mut session, "f");
    session.exp_string("full snapshot\r\n").unwrap();
    let full = session.exp_string(prompt).unwrap();
    // One line per line of the canonical form (the terminal writes CR LF).
    assert!(
        full.contains("\r\n    \"JupyterServerPassword\": \"<redacted>\"\r\n"),
        "{full:?}"
    );
    assert!(!full.contains("\\u000a"), "{full:?}");
    press(&mut session, "a");
    session.exp_string("accepted").unwrap();
    // The second: new, shown whole.
    session.exp_string("[2/4] dsw-snap-2 (new)").unwrap();
    session
        .exp_string("\"InstanceId\": \"dsw-snap-2\"")
        .unwrap();
    session.exp_string(prompt).unwrap();
    press(&mut session, "r");
    session.exp_string("rejected").unwrap();
    session.exp_string("[3/4] dsw-snap-3 (new)").unwrap();
    session.exp_string(prompt).unwrap();
    press(&mut session, "s");
    session.exp_string("skipped").unwrap();
    session.exp_string("[4/4] dsw-snap-4 (new)").unwrap();
    session.exp_string(prompt).unwrap();
    press(&mut session, "q");
    let rest = session.exp_eof().unwrap();
    assert!(rest.contains("1 accepted, 1 rejected, 2 skipped"), "{rest}");
    // nix's WaitStatus, which rexpect does not re-export: `Exited(Pid(N), 0)`.
    let status = format!("{:?}", session.process().wait().unwrap());
    assert!(
        status.starts_with("Exited(") && status.ends_with(", 0)"),
        "{status}"
    );

    assert_eq!(
        repo.files(STORE),
        [
            "dsw-snap-1.json",
            "dsw-snap-3.json.new",
            "dsw-snap-4.json.new"
        ]
    );
    assert!(repo.read(ACCEPTED).contains("\"prod\""));
}

/// The insta integration: a body's snapshot in the canonical form, which
/// reordering, volatile noise and a rotated credential leave alone.
#[test]
fn insta_snapshots_hold_the_canonical_form() {
    let settings = common::snapshot_settings();
    settings.bind(|| {
        dswcheck::assert_response_snapshot!("capture", BODY);
        dswcheck::assert_response_snapshot!("capture", same_meaning());
    });
    assert!(!dswcheck::insta::canonical(BODY.as_bytes()).contains(CANARY));
}
