//! The HTML report in a real browser: headless Chromium loads the drift
//! report of the fixtures from a file, with no network, and the test checks
//! that the page logs nothing to the console (no script error, no blocked
//! resource, no Content Security Policy violation), that its script ran
//! under that policy, and that the page shows the expected figures.
//!
//! Chromium is Debian's `chromium` package, which `.ci/run` installs;
//! `DSWCHECK_CHROMIUM` names another binary. Without it the test fails in
//! CI (`CI` set) and is skipped, loudly, elsewhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_dswcheck");

/// A page that loads and runs takes a second or two; a hung browser fails the test.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The browser, or `None` when it is not installed (and this is not CI).
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("DSWCHECK_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("chromium"))
            .find(|path| path.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed, and CI must run the browser test: install Debian's \
             `chromium` package (.ci/run does) or set DSWCHECK_CHROMIUM"
        );
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "\n!!! SKIPPED: the browser test needs chromium (apt-get install chromium, or \
                 set DSWCHECK_CHROMIUM); it fails instead when CI is set !!!\n"
            );
        }
    }
    found
}

/// A scratch directory for this test process.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dswcheck-browser-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

/// What the browser made of a page: the DOM after its scripts ran, and the
/// console messages it logged.
struct Loaded {
    dom: String,
    console: Vec<String>,
}

/// Loads `page` in headless Chromium and dumps its DOM.
fn load(chromium: &Path, page: &Path) -> Loaded {
    // One profile per load: Chromium locks its profile, and the tests run in
    // parallel, two of them loading pages of the same name.
    static LOADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = LOADS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let profile = scratch(&format!(
        "profile-{n}-{}",
        page.file_stem().and_then(|s| s.to_str()).unwrap_or("page")
    ));
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            // Console messages go to stderr as `INFO:CONSOLE(...)` lines.
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    // Read both pipes on threads so that neither fills and blocks the browser.
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut text).map(|_| text)
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut text).map(|_| text)
    });
    let start = Instant::now();
    loop {
        if child.try_wait().expect("waiting for chromium").is_some() {
            break;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!(
                "chromium did not finish loading {} in {TIMEOUT:?}",
                page.display()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = out.join().expect("reader").expect("UTF-8 DOM");
    let log = err.join().expect("reader").expect("UTF-8 log");
    let _ = std::fs::remove_dir_all(&profile);
    assert!(
        dom.contains("</html>"),
        "no DOM from chromium; its log:\n{log}"
    );
    Loaded {
        dom,
        console: log
            .lines()
            .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
            .map(str::to_owned)
            .collect(),
    }
}

/// The drift report of the fixtures, written to a file.
fn report(dir: &Path) -> (PathBuf, String) {
    let output = Command::new(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "drift",
            "--format",
            "html",
            "tests/data/drift/fleet.ndjson",
            "tests/data/drift/single.json",
        ])
        .output()
        .expect("dswcheck runs");
    assert!(output.status.success());
    let html = String::from_utf8(output.stdout).expect("UTF-8");
    let path = dir.join("drift.html");
    std::fs::write(&path, &html).expect("writable");
    (path, html)
}

#[test]
fn the_drift_report_renders_without_console_errors() {
    let Some(chromium) = chromium() else { return };
    let dir = scratch("report");
    let (page, html) = report(&dir);
    let loaded = load(&chromium, &page);
    assert_eq!(loaded.console, Vec::<String>::new(), "console messages");
    let dom = &loaded.dom;
    // The headline figures, first.
    for card in [
        "<div class=\"l\">Documents</div><div class=\"v\">7</div>",
        "<div class=\"l\">Instances</div><div class=\"v\">6</div>",
        "<div class=\"l\">Unknown fields</div><div class=\"v\">2</div>",
        "<div class=\"l\">Unknown values</div><div class=\"v\">4</div>",
    ] {
        assert!(dom.contains(card), "{card}");
    }
    let cards = dom.find("class=\"cards\"").expect("cards");
    let details = dom.find("<details").expect("sections");
    assert!(cards < details, "the headline comes before the details");
    // The figures of the details.
    for figure in [
        ">TenantId</text>",
        ">50.0% (3 of 6)</text>",
        "<code>Datasets[].CacheMode</code>",
        "tests/data/drift/fleet.ndjson:5",
        "<code>\"Rebooting\"</code>",
        ">\"PayAsYouGo\"</text>",
        ">4 (66.7%)</text>",
    ] {
        assert!(dom.contains(figure), "{figure} not in the page");
    }
    // The script ran under the page's policy: it shows the filter box that
    // is hidden without it.
    assert!(html.contains("data-filter=\"t1\" hidden>"));
    assert!(
        dom.contains("data-filter=\"t1\">"),
        "the filter script did not run"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The fleet diff's page, from the same HTML module: its counts first, the
/// chart, the instances and each change, escaped, a secret redacted.
#[test]
fn the_fleet_diff_renders_without_console_errors() {
    let Some(chromium) = chromium() else { return };
    let dir = scratch("fleet");
    let output = Command::new(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "diff",
            "--fleet",
            "--format",
            "html",
            "tests/data/fleet/old.ndjson",
            "tests/data/fleet/new-pages",
        ])
        .output()
        .expect("dswcheck runs");
    // Exit 1: the fleet changed.
    assert_eq!(output.status.code(), Some(1));
    let page = dir.join("fleet.html");
    std::fs::write(&page, &output.stdout).expect("writable");
    let loaded = load(&chromium, &page);
    assert_eq!(loaded.console, Vec::<String>::new(), "console messages");
    let dom = &loaded.dom;
    for card in [
        "<div class=\"l\">Instances</div><div class=\"v\">5</div>",
        "<div class=\"l\">Added</div><div class=\"v\">1</div>",
        "<div class=\"l\">Removed</div><div class=\"v\">1</div>",
        "<div class=\"l\">Changed</div><div class=\"v\">2</div>",
    ] {
        assert!(dom.contains(card), "{card}");
    }
    let cards = dom.find("class=\"cards\"").expect("cards");
    let details = dom.find("<details").expect("sections");
    assert!(cards < details, "the headline comes before the details");
    for figure in [
        ">spec</text>",
        ">2 changes</text>",
        "<code>dsw-foxtrot</code>",
        "tests/data/fleet/old.ndjson:3",
        "<code>Labels[Key=env].Value</code>",
        "<code>\"prod\"</code>",
        "<code>ServiceConfig.JupyterServerPassword</code>",
        "<code>&lt;redacted&gt;</code>",
    ] {
        assert!(dom.contains(figure), "{figure} not in the page");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The check above sees what goes wrong: a script error, and a script the
/// page's policy refuses (as an injected one would be).
#[test]
fn a_broken_page_is_caught() {
    let Some(chromium) = chromium() else { return };
    let dir = scratch("broken");
    let thrown = dir.join("thrown.html");
    std::fs::write(
        &thrown,
        "<!DOCTYPE html><html><body><p>x</p><script>throw new Error('deliberate')</script></body></html>",
    )
    .expect("writable");
    let loaded = load(&chromium, &thrown);
    assert!(
        loaded
            .console
            .iter()
            .any(|l| l.contains("Uncaught Error: deliberate")),
        "{:?}",
        loaded.console
    );
    let (page, html) = report(&dir);
    let injected = html.replace("</main>", "<script>document.title='pwned'</script></main>");
    std::fs::write(&page, injected).expect("writable");
    let loaded = load(&chromium, &page);
    assert!(
        loaded
            .console
            .iter()
            .any(|l| l.contains("Content Security Policy")),
        "{:?}",
        loaded.console
    );
    assert!(!loaded.dom.contains("<title>pwned</title>"));
    let _ = std::fs::remove_dir_all(&dir);
}
