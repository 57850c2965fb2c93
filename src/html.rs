//! Self-contained HTML reports: one file that opens from a CI artifact with
//! no network, for the drift report and the fleet diff.
//!
//! A [`Page`] is written top to bottom: headline [`Card`]s first, then
//! collapsible sections (`<details>`) holding horizontal [`Bar`] charts
//! (inline SVG) and tables. Everything a page needs is inline: the CSS, the
//! SVG and one small script that adds a filter box above long tables. The
//! page works without the script (every row is shown, sections open and
//! close natively), and a Content Security Policy allows nothing but that
//! stylesheet and that script, by their SHA-256 digests: no request leaves
//! the page, and markup that escaping missed could not run.
//!
//! Every text a page is given goes through the secret policy
//! (`secret::redact::text`) and is then escaped for HTML, so a `<script>`
//! in a label is text, and a credential's shape is never shown. Callers
//! still pass only what their other formats would show.

use std::fmt::{self, Write as _};
use std::sync::LazyLock;

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The stylesheet of every page: the system's fonts, no external resource.
const CSS: &str = "\
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--panel:#f6f8fa;--line:#d1d9e0;\
--bar:#0969da;--good:#1a7f37;--warn:#9a6700;--bad:#cf222e}\
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--panel:#151b23;\
--line:#3d444d;--bar:#4493f8;--good:#3fb950;--warn:#d29922;--bad:#f85149}}\
*{box-sizing:border-box}\
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}\
main{max-width:1180px;margin:0 auto;padding:20px 24px 48px}\
h1{font-size:22px;margin:0 0 4px}\
.sub{color:var(--muted);margin:0 0 18px}\
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px;margin:0 0 22px}\
.card{background:var(--panel);border:1px solid var(--line);border-left:4px solid var(--line);border-radius:6px;padding:10px 12px}\
.card .v{font-size:26px;font-weight:600;font-variant-numeric:tabular-nums}\
.card .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}\
.card .n{color:var(--muted);font-size:12px}\
.good{border-left-color:var(--good)}.warn{border-left-color:var(--warn)}.bad{border-left-color:var(--bad)}\
details{border:1px solid var(--line);border-radius:6px;margin:0 0 14px;background:var(--bg)}\
summary{cursor:pointer;padding:10px 14px;font-weight:600;font-size:15px;background:var(--panel);border-radius:6px}\
details[open]>summary{border-bottom:1px solid var(--line);border-radius:6px 6px 0 0}\
summary .count{color:var(--muted);font-weight:400}\
.body{padding:12px 14px;overflow-x:auto}\
p.note{color:var(--muted);margin:4px 0 10px}\
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}\
th,td{text-align:left;padding:4px 10px;border-bottom:1px solid var(--line);vertical-align:top}\
th{font-size:12px;color:var(--muted);font-weight:600}\
td.num,th.num{text-align:right;white-space:nowrap}\
td{overflow-wrap:anywhere}\
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}\
input[type=search]{width:100%;max-width:360px;margin:0 0 8px;padding:5px 8px;border:1px solid var(--line);\
border-radius:5px;background:var(--bg);color:var(--fg);font:inherit}\
svg.bars{display:block;width:100%;max-width:900px;height:auto;margin:4px 0 12px}\
svg.bars text{fill:var(--fg);font:12px system-ui,sans-serif}\
svg.bars text.val{fill:var(--muted)}\
svg.bars rect.track{fill:var(--panel)}svg.bars rect.fill{fill:var(--bar)}\
h3{font-size:14px;margin:12px 0 4px}";

/// The one script: a filter box above each filterable table. Without it
/// the box stays hidden and every row shows.
const SCRIPT: &str = "\
document.querySelectorAll('input[data-filter]').forEach(function(box){\
var rows=document.getElementById(box.getAttribute('data-filter')).tBodies[0].rows;\
box.hidden=false;\
box.addEventListener('input',function(){var q=box.value.toLowerCase();\
for(var i=0;i<rows.length;i++){rows[i].hidden=q!==''&&rows[i].textContent.toLowerCase().indexOf(q)<0;}});});";

/// Tables with more rows than this get a filter box.
const FILTER_ROWS: usize = 8;

/// Chart labels are cut after this many characters (the full label is the
/// bar's tooltip).
const LABEL_CHARS: usize = 44;

/// The Content Security Policy: the stylesheet and the script by digest, nothing else.
static CSP: LazyLock<String> = LazyLock::new(|| {
    let digest =
        |text: &str| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text));
    format!(
        "default-src 'none'; style-src 'sha256-{}'; script-src 'sha256-{}'; img-src data:; base-uri 'none'; form-action 'none'",
        digest(CSS),
        digest(SCRIPT)
    )
});

/// Text made safe for HTML content and attribute values, through the
/// secret policy first; control characters other than tab and newline are
/// written as `\u{1b}`, as in the text output.
pub(crate) struct Escaped<'a>(pub(crate) &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in crate::secret::redact::text(self.0).chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                '\t' | '\n' => f.write_char(c)?,
                c if c.is_control() => write!(f, "\\u{{{:x}}}", u32::from(c))?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// How a headline figure reads: its colour bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    /// Nothing to judge.
    Neutral,
    /// All is well.
    Good,
    /// Worth a look.
    Warn,
    /// Something is wrong.
    Bad,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Tone::Neutral => "card",
            Tone::Good => "card good",
            Tone::Warn => "card warn",
            Tone::Bad => "card bad",
        }
    }
}

/// A headline figure: a label, the figure, and a note under it.
pub(crate) struct Card<'a> {
    pub(crate) label: &'a str,
    pub(crate) value: String,
    pub(crate) note: String,
    pub(crate) tone: Tone,
}

/// One bar of a chart: its label, its length as a fraction of the full
/// width (clamped to 0..=1), and the figure written after it.
pub(crate) struct Bar<'a> {
    pub(crate) label: &'a str,
    pub(crate) fraction: f64,
    pub(crate) text: String,
}

/// A table column: its heading, and whether it holds numbers (aligned right).
#[derive(Clone, Copy)]
pub(crate) struct Column<'a> {
    pub(crate) title: &'a str,
    pub(crate) numeric: bool,
}

/// A table cell: plain text, or text shown as code.
pub(crate) enum Td {
    Text(String),
    Code(String),
}

/// An HTML page being written.
pub(crate) struct Page {
    out: String,
    /// Ids of the tables written, so each is unique.
    tables: usize,
}

impl Page {
    /// A page titled `title`, with `subtitle` under the heading.
    pub(crate) fn new(title: &str, subtitle: &str) -> Self {
        let mut out = String::with_capacity(16 * 1024);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n\
             <h1>{}</h1>\n<p class=\"sub\">{}</p>\n",
            Escaped(&CSP),
            Escaped(title),
            Escaped(title),
            Escaped(subtitle)
        );
        Page { out, tables: 0 }
    }

    /// The headline figures, in a row of cards.
    pub(crate) fn cards(&mut self, cards: &[Card<'_>]) {
        self.out.push_str("<section class=\"cards\">\n");
        for card in cards {
            let _ = writeln!(
                self.out,
                "<div class=\"{}\"><div class=\"l\">{}</div><div class=\"v\">{}</div><div class=\"n\">{}</div></div>",
                card.tone.class(),
                Escaped(card.label),
                Escaped(&card.value),
                Escaped(&card.note)
            );
        }
        self.out.push_str("</section>\n");
    }

    /// A collapsible section, `count` after its title, open when `open`;
    /// `body` writes what it holds.
    pub(crate) fn section(
        &mut self,
        title: &str,
        count: Option<u64>,
        open: bool,
        body: impl FnOnce(&mut Page),
    ) {
        let _ = write!(
            self.out,
            "<details{}>\n<summary>{}",
            if open { " open" } else { "" },
            Escaped(title)
        );
        if let Some(count) = count {
            let _ = write!(self.out, " <span class=\"count\">({count})</span>");
        }
        self.out.push_str("</summary>\n<div class=\"body\">\n");
        body(self);
        self.out.push_str("</div>\n</details>\n");
    }

    /// A small heading inside a section.
    pub(crate) fn heading(&mut self, text: &str) {
        let _ = writeln!(self.out, "<h3>{}</h3>", Escaped(text));
    }

    /// A note in muted text.
    pub(crate) fn note(&mut self, text: &str) {
        let _ = writeln!(self.out, "<p class=\"note\">{}</p>", Escaped(text));
    }

    /// A horizontal bar chart as inline SVG, described by `caption` for
    /// screen readers; each bar has its full label as a tooltip.
    pub(crate) fn bars(&mut self, caption: &str, bars: &[Bar<'_>]) {
        const ROW: usize = 22;
        const LABEL_W: f64 = 300.0;
        const BAR_W: f64 = 440.0;
        const WIDTH: f64 = 860.0;
        let height = bars.len() * ROW + 4;
        let _ = writeln!(
            self.out,
            "<svg class=\"bars\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
            Escaped(caption)
        );
        for (i, bar) in bars.iter().enumerate() {
            let y = i * ROW + 2;
            let fraction = if bar.fraction.is_finite() {
                bar.fraction.clamp(0.0, 1.0)
            } else {
                0.0
            };
            // A bar of a tiny share still shows.
            let fill = if fraction > 0.0 {
                (fraction * BAR_W).max(2.0)
            } else {
                0.0
            };
            let label = crate::text::truncate(bar.label, LABEL_CHARS);
            let _ = writeln!(
                self.out,
                "<g><title>{}: {}</title>\
                 <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
                 <rect class=\"track\" x=\"{}\" y=\"{y}\" width=\"{BAR_W}\" height=\"16\" rx=\"3\"/>\
                 <rect class=\"fill\" x=\"{}\" y=\"{y}\" width=\"{fill:.1}\" height=\"16\" rx=\"3\"/>\
                 <text class=\"val\" x=\"{}\" y=\"{}\">{}</text></g>",
                Escaped(bar.label),
                Escaped(&bar.text),
                LABEL_W - 8.0,
                y + 12,
                Escaped(&label),
                LABEL_W,
                LABEL_W,
                LABEL_W + BAR_W + 8.0,
                y + 12,
                Escaped(&bar.text)
            );
        }
        self.out.push_str("</svg>\n");
    }

    /// A table; one with more than a few rows gets a filter box (shown by
    /// the script, so without it nothing is in the way).
    pub(crate) fn table(&mut self, columns: &[Column<'_>], rows: &[Vec<Td>]) {
        self.tables += 1;
        let id = format!("t{}", self.tables);
        if rows.len() > FILTER_ROWS {
            let _ = writeln!(
                self.out,
                "<input type=\"search\" placeholder=\"Filter rows\" aria-label=\"Filter rows\" data-filter=\"{id}\" hidden>"
            );
        }
        let _ = write!(self.out, "<table id=\"{id}\">\n<thead><tr>");
        for column in columns {
            let class = if column.numeric { " class=\"num\"" } else { "" };
            let _ = write!(self.out, "<th{class}>{}</th>", Escaped(column.title));
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        for row in rows {
            self.out.push_str("<tr>");
            for (cell, column) in row.iter().zip(columns) {
                let class = if column.numeric { " class=\"num\"" } else { "" };
                let _ = match cell {
                    Td::Text(text) => write!(self.out, "<td{class}>{}</td>", Escaped(text)),
                    Td::Code(text) => {
                        write!(self.out, "<td{class}><code>{}</code></td>", Escaped(text))
                    }
                };
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n");
    }

    /// The finished page.
    pub(crate) fn finish(mut self) -> String {
        let _ = write!(
            self.out,
            "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
        );
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_redacted() {
        assert_eq!(
            Escaped("<script>alert('x')</script> & \"q\"").to_string(),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(Escaped("bell\u{7}").to_string(), "bell\\u{7}");
        let url = Escaped("postgres://admin:Hunter2Hunter2@db/app").to_string();
        assert!(!url.contains("Hunter2"), "{url}");
    }

    #[test]
    fn a_page_is_self_contained_and_allows_only_its_own_style_and_script() {
        let mut page = Page::new("T <1>", "sub");
        page.cards(&[Card {
            label: "Documents",
            value: "3".into(),
            note: "<b>".into(),
            tone: Tone::Good,
        }]);
        page.section("S", Some(2), true, |page| {
            page.bars(
                "chart",
                &[Bar {
                    label: "<script>",
                    fraction: f64::NAN,
                    text: "x".into(),
                }],
            );
            let rows: Vec<Vec<Td>> = (0..10).map(|i| vec![Td::Code(format!("r{i}"))]).collect();
            page.table(
                &[Column {
                    title: "c",
                    numeric: false,
                }],
                &rows,
            );
        });
        let html = page.finish();
        assert!(!html.contains("<script>alert") && !html.contains("<b>"));
        assert!(html.contains("T &lt;1&gt;"));
        assert!(!html.contains("http://") && !html.contains("https://"));
        assert_eq!(
            html.matches("<script>").count(),
            1,
            "only the page's own script"
        );
        assert!(html.contains("data-filter=\"t1\" hidden"));
        assert!(CSP.contains("script-src 'sha256-") && !CSP.contains("unsafe"));
    }
}
