//! Credentials recognised by the shape of a value, whatever key holds it.
//!
//! The field table and [`looks_secret`](super::looks_secret) find secrets by
//! where they sit. A password in a dataset URI, a token pasted into a free-text
//! field or a private key in an innocently named environment variable sits
//! where nothing says "secret"; this module finds those by what they look like,
//! and tells the redaction layer which part of the text to replace.
//!
//! The token shapes follow gitleaks (`cmd/generate/config/rules/*.go`); each
//! rule is named after the gitleaks rule id it follows. URL passwords follow
//! detect-secrets' `BasicAuthDetector` (RFC 3986 userinfo). Only prefixed or
//! structured shapes are here: a false alarm on an ordinary value is a bug too,
//! so there is no "high-entropy string" guess.
//!
//! Each regex search is linear in the text, but iterating over matches is not
//! (the `regex` docs, "Iterating over matches"): a branch that fails late keeps
//! the automaton scanning past an earlier match, and the next search scans that
//! stretch again. Of these shapes only a JWT's two unbounded segments can stay
//! alive across other matches (a long `-`-joined run of tokens), so JWTs have a
//! regex of their own and the two lists of matches are merged; every other
//! branch either fails within a bounded distance or is already a match.

use std::borrow::Cow;
use std::iter::Peekable;
use std::ops::{ControlFlow, Range};
use std::sync::LazyLock;

use regex::Regex;

use Kind as K;

/// What kind of credential a value looks like (for messages: "shaped like a JWT").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The password of a URL's userinfo (`postgres://admin:password@db/x`).
    UrlPassword,
    /// A PEM private key block, or its truncated beginning.
    PrivateKey,
    /// A permanent (`LTAI…`) or temporary (`STS.…`) Alibaba Cloud AccessKey ID.
    AlibabaAccessKeyId,
    /// An Alibaba Cloud STS security token (`CAIS…`).
    AlibabaStsToken,
    /// A JSON Web Token (`eyJ….eyJ….…`).
    Jwt,
    /// An AWS access key ID (`AKIA…`, `ASIA…`).
    AwsAccessKeyId,
    /// A GitHub personal access, OAuth, app or refresh token.
    GitHubToken,
    /// A GitLab personal access token (`glpat-…`).
    GitLabToken,
    /// A Slack bot, user, app or legacy token (`xoxb-…`).
    SlackToken,
    /// A Hugging Face user or organization token (`hf_…`).
    HuggingFaceToken,
    /// An OpenAI API key (`sk-…T3BlbkFJ…`).
    OpenAiKey,
    /// An Anthropic API key (`sk-ant-api03-…`).
    AnthropicKey,
    /// A Google API key (`AIza…`).
    GoogleApiKey,
    /// A Stripe secret or restricted key (`sk_live_…`).
    StripeKey,
    /// An npm access token (`npm_…`).
    NpmToken,
    /// A PyPI API token (`pypi-AgEIcHlwaS5vcmc…`).
    PypiToken,
    /// The token after `Bearer ` in an Authorization header.
    BearerToken,
    /// The Base64 credentials after `Authorization: Basic `.
    BasicAuth,
}

impl Kind {
    /// The kind as a noun phrase: "a JSON Web Token".
    pub(crate) const fn describe(self) -> &'static str {
        match self {
            Self::UrlPassword => "a password in a URL",
            Self::PrivateKey => "a PEM private key",
            Self::AlibabaAccessKeyId => "an Alibaba Cloud AccessKey ID",
            Self::AlibabaStsToken => "an Alibaba Cloud STS token",
            Self::Jwt => "a JSON Web Token",
            Self::AwsAccessKeyId => "an AWS access key ID",
            Self::GitHubToken => "a GitHub token",
            Self::GitLabToken => "a GitLab access token",
            Self::SlackToken => "a Slack token",
            Self::HuggingFaceToken => "a Hugging Face token",
            Self::OpenAiKey => "an OpenAI API key",
            Self::AnthropicKey => "an Anthropic API key",
            Self::GoogleApiKey => "a Google API key",
            Self::StripeKey => "a Stripe secret key",
            Self::NpmToken => "an npm access token",
            Self::PypiToken => "a PyPI API token",
            Self::BearerToken => "a bearer token",
            Self::BasicAuth => "HTTP Basic credentials",
        }
    }
}

/// One shape: the name of its capture group, what it is, the group holding the
/// part to replace when that is not the whole match, and its pattern.
struct Rule {
    name: &'static str,
    kind: Kind,
    secret: Option<&'static str>,
    pattern: &'static str,
}

/// A [`Rule`], in a table's row.
#[rustfmt::skip]
const fn rule(name: &'static str, kind: Kind, secret: Option<&'static str>, pattern: &'static str) -> Rule {
    Rule { name, kind, secret, pattern }
}

/// Every shape but the JWT, in the order they are tried at one position.
///
/// Every branch starting with a word character starts at `\b`, and every branch
/// ends at `\b` or with a run that takes all the word characters there are, so
/// a replacement never joins what is left into a new match.
#[rustfmt::skip]
const RULES: &[Rule] = &[
    // Userinfo ends at the last `@` before the authority does. The user stays;
    // braces keep `${DB_PASSWORD}`-style placeholders out, as RFC 3986 does.
    rule("url_password", K::UrlPassword, Some("password"),
        r#"://(?P<user>[^:/?#@\x00-\x20\x7F"'`<>\\{}]*):(?P<password>[^/?#\x00-\x20\x7F"'`<>\\{}]+)@"#),
    // private-key, without its 64-character minimum: a truncated key, up to
    // the end of the text, is still a key. Lazy labels, or the END line's
    // would run on into the next block's BEGIN line.
    rule("private_key", K::PrivateKey, None,
        r"-----BEGIN[ A-Z0-9_-]{0,100}?PRIVATE KEY(?: BLOCK)?-----(?s:.*?)(?:-----END[ A-Z0-9_-]{0,100}?PRIVATE KEY(?: BLOCK)?-----|\z)"),
    // alibaba-access-key-id, with the 12 characters of older IDs allowed too;
    // then temporary AccessKey IDs, and STS tokens (a Base64 protobuf: `CAIS`).
    rule("alibaba_access_key_id", K::AlibabaAccessKeyId, None, r"\bLTAI[A-Za-z0-9]{12,20}\b"),
    rule("alibaba_sts_access_key_id", K::AlibabaAccessKeyId, None, r"\bSTS\.[A-Za-z0-9]{20,}\b"),
    rule("alibaba_sts_token", K::AlibabaStsToken, None, r"\bCAIS[A-Za-z0-9+/]{100,}(?:={1,2}|\b)"),
    rule("aws_access_token", K::AwsAccessKeyId, None, r"\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b"),
    // github-pat, github-oauth, github-app-token, github-refresh-token.
    rule("github_token", K::GitHubToken, None, r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),
    rule("github_fine_grained_pat", K::GitHubToken, None, r"\bgithub_pat_[A-Za-z0-9_]{82}\b"),
    // gitlab-pat and gitlab-pat-routable.
    rule("gitlab_pat", K::GitLabToken, None, r"\bglpat-[A-Za-z0-9_-]{20,}(?:\.[0-9a-z]{9}\b)?"),
    // slack-bot-token and slack-legacy-bot-token, slack-user-token,
    // slack-legacy-workspace-token, slack-legacy-token, slack-app-token, each
    // taking the rest of the token with it.
    rule("slack_bot_token", K::SlackToken, None, r"\bxoxb-[0-9]{8,14}-(?:[0-9]{10,13}|[A-Za-z0-9]{18,26})[A-Za-z0-9_-]*"),
    rule("slack_user_token", K::SlackToken, None, r"\bxox[pe](?:-[0-9]{10,13}){3}-[A-Za-z0-9_-]{28,}"),
    rule("slack_legacy_workspace_token", K::SlackToken, None, r"\bxox[ar]-(?:[0-9]-)?[A-Za-z0-9]{8,}[A-Za-z0-9_-]*"),
    rule("slack_legacy_token", K::SlackToken, None, r"\bxox[os]-[0-9]+-[0-9]+-[0-9]+-[A-Fa-f0-9]+[A-Za-z0-9_-]*"),
    rule("slack_app_token", K::SlackToken, None, r"\bxapp-[0-9]-[A-Za-z0-9]+-[0-9]+-[A-Za-z0-9]+[A-Za-z0-9_-]*"),
    // huggingface-access-token, huggingface-organization-api-token.
    rule("huggingface_token", K::HuggingFaceToken, None, r"\b(?:hf|api_org)_[A-Za-z]{34}\b"),
    // openai-api-key: `T3BlbkFJ` is "OpenAI" in Base64.
    rule("openai_api_key", K::OpenAiKey, None, r"\bsk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,}"),
    // anthropic-api-key, anthropic-admin-api-key.
    rule("anthropic_api_key", K::AnthropicKey, None, r"\bsk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA\b"),
    rule("gcp_api_key", K::GoogleApiKey, None, r"\bAIza[A-Za-z0-9_-]{35,}"),
    rule("stripe_access_token", K::StripeKey, None, r"\b(?:sk|rk)_(?:test|live|prod)_[A-Za-z0-9]{10,}\b"),
    rule("npm_access_token", K::NpmToken, None, r"\bnpm_[A-Za-z0-9]{36}\b"),
    rule("pypi_upload_token", K::PypiToken, None, r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}"),
    // curl-auth-header's Bearer and Basic, anywhere in text. A bare "Bearer"
    // needs 20 characters of RFC 6750 token after it to be more than a word;
    // "Basic" is an ordinary word, so it needs the header name.
    rule("bearer", K::BearerToken, Some("bearer_token"),
        r"\b(?i-u:bearer)[ \t]+(?P<bearer_token>[A-Za-z0-9._~+/-]{20,}=*)"),
    rule("basic", K::BasicAuth, Some("basic_token"),
        r#"(?i-u:authorization)["']?[ \t]*[:=][ \t]*["']?(?i-u:basic)[ \t]+(?P<basic_token>[A-Za-z0-9._~+/-]{8,}=*)"#),
];

/// jwt, with its three segments as JWS compact serialization has them.
const JWT: &str = r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*={0,2}";

/// The compiled shapes.
struct Shapes {
    /// Every rule of [`RULES`], one branch each, in one regex.
    rules: Regex,
    /// [`JWT`], alone.
    jwt: Regex,
}

/// The shapes, compiled on first use.
static SHAPES: LazyLock<Shapes> = LazyLock::new(|| {
    let branches: Vec<String> = RULES
        .iter()
        .map(|rule| format!("(?P<{}>{})", rule.name, rule.pattern))
        .collect();
    Shapes {
        rules: compile(&branches.join("|")),
        jwt: compile(JWT),
    }
});

/// Compiles a pattern of [`RULES`] or [`JWT`].
fn compile(pattern: &str) -> Regex {
    // The formats are ASCII, and a Unicode `\b` needs tables this build leaves
    // out; it would also keep the fast DFA off any text that is not ASCII.
    Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).expect("valid pattern")
}

/// A credential: where it is in the text, and what it looks like.
struct Found {
    span: Range<usize>,
    kind: Kind,
}

/// Calls `each` with every credential [`RULES`] find in `text`, in order, with
/// spans `offset` bytes further on; stops when `each` breaks.
fn each_rule_match(
    text: &str,
    offset: usize,
    each: &mut dyn FnMut(Found) -> ControlFlow<()>,
) -> ControlFlow<()> {
    for caps in SHAPES.rules.captures_iter(text) {
        let Some(rule) = RULES.iter().find(|rule| caps.name(rule.name).is_some()) else {
            continue;
        };
        let secret = if rule.kind == Kind::UrlPassword {
            // The user is kept, but may be a token itself (`oss://LTAI…:…@`).
            // It has no `:`, so this goes one level deep at most.
            if let Some(user) = caps.name("user") {
                each_rule_match(user.as_str(), offset + user.start(), each)?;
            }
            caps.name("password")
                .filter(|p| !super::is_masked(p.as_str()))
        } else {
            caps.name(rule.secret.unwrap_or(rule.name))
        };
        if let Some(m) = secret {
            let span = offset + m.start()..offset + m.end();
            each(Found {
                span,
                kind: rule.kind,
            })?;
        }
    }
    ControlFlow::Continue(())
}

/// What separates the values [`any_in`] is given: a byte no shape's class
/// takes, and no word character, so that no match spans two values.
pub(crate) const SEPARATOR: char = '\0';

/// Whether [`find`] may find a credential in one of the values joined, with
/// [`SEPARATOR`] after each, in `joined`: `false` means that it finds none.
///
/// One search over a document's strings costs a fraction of a search per
/// string. It holds because a match in a value is a match in the values
/// joined: every `\b` at a value's edge still is one next to [`SEPARATOR`],
/// and the only `\z` (a private key's) ends a run that may go on to the end
/// of `joined`; no pattern is anchored otherwise.
pub(crate) fn any_in(joined: &str) -> bool {
    // Searches without captures, which cost a fraction of a captures search
    // on text that holds no credential. Not one regex of both: compiling a
    // third doubled what a one-document run spends on the shapes.
    SHAPES.rules.is_match(joined) || SHAPES.jwt.is_match(joined)
}

/// The first credential found in `text`, if any.
pub(crate) fn find(text: &str) -> Option<Kind> {
    if !any_in(text) {
        return None;
    }
    let mut first = None;
    let _ = each_rule_match(text, 0, &mut |found| {
        first = Some(found);
        ControlFlow::Break(())
    });
    match (first, SHAPES.jwt.find(text)) {
        (Some(found), Some(jwt)) if jwt.start() < found.span.start => Some(Kind::Jwt),
        (Some(found), _) => Some(found.kind),
        (None, jwt) => jwt.map(|_| Kind::Jwt),
    }
}

/// `text` with every credential replaced by `replacement`, borrowed when there
/// is none.
///
/// Only the secret part is replaced: a URL's password, not its user; a
/// header's token, not `Bearer`; a PEM block from its BEGIN line through its
/// END line, or to the end of the text. Overlapping credentials (a JWT as a
/// bearer token) are replaced once. The replacement should be one no shape
/// matches, as [`REDACTED`](super::REDACTED) is, for scrubbing to be idempotent.
pub(crate) fn scrub<'t>(text: &'t str, replacement: &str) -> Cow<'t, str> {
    let spans = secret_spans(text);
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut kept = 0;
    for span in spans {
        out.push_str(&text[kept..span.start]);
        out.push_str(replacement);
        kept = span.end;
    }
    out.push_str(&text[kept..]);
    Cow::Owned(out)
}

/// The spans of every credential in `text`, in order, overlapping ones joined.
fn secret_spans(text: &str) -> Vec<Range<usize>> {
    if !any_in(text) {
        return Vec::new();
    }
    let mut rules = Vec::new();
    let _ = each_rule_match(text, 0, &mut |found| {
        rules.push(found.span);
        ControlFlow::Continue(())
    });
    let mut rules = rules.into_iter().peekable();
    let mut jwts = SHAPES.jwt.find_iter(text).map(|m| m.range()).peekable();
    let mut spans: Vec<Range<usize>> = Vec::new();
    while let Some(next) = earlier(&mut rules, &mut jwts) {
        match spans.last_mut() {
            Some(last) if next.start < last.end => last.end = last.end.max(next.end),
            _ => spans.push(next),
        }
    }
    spans
}

/// The next span of two lists in order, whichever starts first.
fn earlier(
    a: &mut Peekable<impl Iterator<Item = Range<usize>>>,
    b: &mut Peekable<impl Iterator<Item = Range<usize>>>,
) -> Option<Range<usize>> {
    match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y.start < x.start => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::secret::REDACTED;

    /// `n` letters and digits: fake tokens, which secret scanners of this repository won't flag.
    fn run(n: usize) -> String {
        "a1B2c3D4e5F6g7H8i9J0".chars().cycle().take(n).collect()
    }

    /// `text` scrubbed with the replacement the outputs use.
    fn scrubbed(text: &str) -> String {
        scrub(text, REDACTED).into_owned()
    }

    /// A JWT without its signature.
    const JWT_SAMPLE: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.";

    /// One bare token of each token kind.
    #[rustfmt::skip]
    fn tokens() -> Vec<(String, Kind)> {
        vec![
            (format!("LTAI{}", run(20)), K::AlibabaAccessKeyId), (format!("LTAI{}", run(12)), K::AlibabaAccessKeyId),
            (format!("STS.{}", run(28)), K::AlibabaAccessKeyId), (format!("CAIS{}==", run(300)), K::AlibabaStsToken),
            (format!("{JWT_SAMPLE}{}", run(43)), K::Jwt),
            ("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0LXVzZXIifQ.".to_owned(), K::Jwt),
            ("AKIAQRSTUVWXYZ234567".to_owned(), K::AwsAccessKeyId), ("ASIAQRSTUVWXYZ234567".to_owned(), K::AwsAccessKeyId),
            (format!("ghp_{}", run(36)), K::GitHubToken), (format!("ghs_{}", run(36)), K::GitHubToken),
            (format!("github_pat_{}_{}", run(22), run(59)), K::GitHubToken), (format!("glpat-{}", run(20)), K::GitLabToken),
            (format!("xoxb-1234567890123-1234567890123-{}", run(24)), K::SlackToken),
            (format!("xoxp-12345678901-1234567890-12345678901-{}", run(32)), K::SlackToken),
            (format!("xapp-1-A052FGTS2DL-5171572773297-{}", run(64)), K::SlackToken),
            (format!("hf_{}", &"abcdEFGH".repeat(5)[..34]), K::HuggingFaceToken),
            (format!("sk-{}T3BlbkFJ{}", run(20), run(20)), K::OpenAiKey),
            (format!("sk-proj-{}T3BlbkFJ{}", run(58), run(58)), K::OpenAiKey),
            (format!("sk-ant-api03-{}AA", run(93)), K::AnthropicKey), (format!("AIza{}", run(35)), K::GoogleApiKey),
            (format!("sk_live_{}", run(24)), K::StripeKey), (format!("rk_test_{}", run(24)), K::StripeKey),
            (format!("npm_{}", run(36)), K::NpmToken), (format!("pypi-AgEIcHlwaS5vcmc{}", run(60)), K::PypiToken),
        ]
    }

    #[test]
    fn patterns_compile() {
        let names: Vec<_> = LazyLock::force(&SHAPES)
            .rules
            .capture_names()
            .flatten()
            .collect();
        for name in RULES
            .iter()
            .flat_map(|rule| [Some(rule.name), rule.secret])
            .flatten()
        {
            assert!(names.contains(&name), "{name}");
        }
    }

    #[test]
    fn tokens_are_found_and_replaced_whole_between_delimiters() {
        for (token, kind) in tokens() {
            assert_eq!(find(&token), Some(kind), "{token}");
            let joined = format!("a{SEPARATOR}{token}{SEPARATOR}b{SEPARATOR}");
            assert!(any_in(&joined), "{token}");
            assert!(!kind.describe().is_empty());
            #[rustfmt::skip]
            let around = [("", ""), ("\"", "\""), ("KEY=", ";"), ("(", ")"), ("a ", "\nb")];
            for (before, after) in around {
                let text = format!("{before}{token}{after}");
                assert_eq!(
                    scrubbed(&text),
                    format!("{before}{REDACTED}{after}"),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn only_the_secret_part_is_replaced() {
        let key = format!(
            "-----BEGIN RSA PRIVATE KEY-----\n{}\n{}\n-----END RSA PRIVATE KEY-----",
            run(64),
            run(20)
        );
        #[rustfmt::skip]
        let cases = [
            ("oss://AKID:s3cr3t@bucket/path".to_owned(), K::UrlPassword, "oss://AKID:<redacted>@bucket/path".to_owned()),
            ("postgres://admin:hunter2@db:5432/x".into(), K::UrlPassword, "postgres://admin:<redacted>@db:5432/x".into()),
            ("redis://:hunter2@cache:6379/0".into(), K::UrlPassword, "redis://:<redacted>@cache:6379/0".into()),
            ("mongodb+srv://app:p@ss:w0rd@c0.example.net/db?w=1".into(), K::UrlPassword, "mongodb+srv://app:<redacted>@c0.example.net/db?w=1".into()),
            ("amqp://guest:guest@mq".into(), K::UrlPassword, "amqp://guest:<redacted>@mq".into()),
            ("see \"https://u:pw@h\", or 'x://u:pw@h'".into(), K::UrlPassword, "see \"https://u:<redacted>@h\", or 'x://u:<redacted>@h'".into()),
            (format!("oss://LTAI{}:pw@bucket/", run(20)), K::AlibabaAccessKeyId, "oss://<redacted>:<redacted>@bucket/".into()),
            (format!("oss://LTAI{}:******@bucket/", run(20)), K::AlibabaAccessKeyId, "oss://<redacted>:******@bucket/".into()),
            (format!("key: {key}\nnext"), K::PrivateKey, "key: <redacted>\nnext".into()),
            (format!("{key}{key}"), K::PrivateKey, "<redacted><redacted>".into()),
            ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA".into(), K::PrivateKey, REDACTED.into()),
            ("x -----BEGIN PGP PRIVATE KEY BLOCK-----\nlQWGBGSV\n-----END PGP PRIVATE KEY BLOCK----- y".into(), K::PrivateKey, "x <redacted> y".into()),
            ("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF\n-----END ENCRYPTED PRIVATE KEY-----".into(), K::PrivateKey, REDACTED.into()),
            (format!("Authorization: Bearer {}", run(32)), K::BearerToken, "Authorization: Bearer <redacted>".into()),
            (format!("-H 'authorization: bearer {}=='", run(40)), K::BearerToken, "-H 'authorization: bearer <redacted>'".into()),
            (format!("Authorization: Bearer {JWT_SAMPLE}{}", run(43)), K::BearerToken, "Authorization: Bearer <redacted>".into()),
            ("{\"Authorization\": \"Basic dXNlcjpodW50ZXIy\"}".into(), K::BasicAuth, "{\"Authorization\": \"Basic <redacted>\"}".into()),
        ];
        for (text, kind, want) in cases {
            assert_eq!(find(&text), Some(kind), "{text}");
            assert_eq!(scrubbed(&text), want, "{text}");
        }
    }

    #[test]
    fn overlapping_and_adjacent_credentials_are_each_replaced_once() {
        let jwt = format!("{JWT_SAMPLE}{}", run(43));
        let akid = format!("LTAI{}", run(20));
        let jwt_with_akid = format!("eyJ{}-{akid}-{}.eyJ{}.{}", run(10), run(4), run(12), run(8));
        #[rustfmt::skip]
        let cases = [
            (format!("https://u:{jwt}@h/"), "https://u:<redacted>@h/".to_owned()),
            (format!("t={jwt_with_akid}&x"), "t=<redacted>&x".to_owned()),
            (format!("{akid},{jwt},{akid}"), "<redacted>,<redacted>,<redacted>".to_owned()),
            (format!("-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----{akid}"), "<redacted><redacted>".to_owned()),
        ];
        for (text, want) in cases {
            assert_eq!(scrubbed(&text), want, "{text}");
        }
    }

    #[test]
    fn a_long_run_of_tokens_is_scrubbed() {
        // The shape that makes one combined regex quadratic: every JWT-like
        // start stays alive to the end of the run, past each AccessKey ID.
        let text = format!("eyJ{}-LTAI{}-", run(10), run(20)).repeat(2000);
        let want = format!("eyJ{}-{REDACTED}-", run(10)).repeat(2000);
        assert_eq!(scrubbed(&text), want);
    }

    #[test]
    fn ordinary_values_are_not_credentials() {
        #[rustfmt::skip]
        let cases = [
            "dsw-730xxxxxxxxxx", "E7D55162-4489-1619-AAF5-3F97D5FCA948", "5e0a2f1c-9f6b-4c1d-8e2a-3b4c5d6e7f80",
            "registry.cn-hangzhou.aliyuncs.com/pai-dlc/tensorflow-training:1.15-cpu-py36-ubuntu18.04",
            "oss://bucket.oss-cn-hangzhou-internal.aliyuncs.com/path/", "https://dsw-gateway.aliyun.com/dsw-39772/lab/",
            "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@host",
            "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqh\n-----END PUBLIC KEY-----",
            "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "******", "LTAI****************", REDACTED, "user:<redacted>@host", "https://u:<redacted>@h",
            "ssh://git@github.com:22/org/repo.git", "git@github.com:org/repo.git", "https://user@host/x",
            "https://user:@host/x", "https://user:******@host/x", "postgres://u:${DB_PASSWORD}@db/x",
            "http://host:8080/path?a=b@c", "http://[::1]:8080/", "Bearer <redacted>", "Bearer tokens expire",
            "Basic configuration of the environment", "Authorization: Basic <redacted>",
            "xoxo-hugs-and-kisses-from-all-of-us", "STS.short", "LTAIsuffixed_by_more_words", "hf_cache_dir",
            "sk-not-an-openai-key-at-all-just-text", "AIzaShort", "sk_live_", "use -----BEGIN-----", "eyJhbGciOiJIUzI1NiJ9",
        ];
        for text in cases {
            assert_eq!(find(text), None, "{text}");
            assert!(matches!(scrub(text, REDACTED), Cow::Borrowed(_)), "{text}");
        }
    }

    /// Every object key and string value in `value`.
    fn strings<'v>(value: &'v serde_json::Value, out: &mut Vec<&'v str>) {
        match value {
            serde_json::Value::String(s) => out.push(s),
            serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
            serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| {
                out.push(k);
                strings(v, out);
            }),
            _ => {}
        }
    }

    #[test]
    fn the_official_examples_have_no_credentials() {
        // The official GetInstance examples are among these, byte for byte.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/valid");
        let mut seen = 0;
        for entry in fs::read_dir(&dir).expect("tests/data/valid exists") {
            let path = entry.expect("readable directory").path();
            let text = fs::read_to_string(&path).expect("readable fixture");
            let value: serde_json::Value = serde_json::from_str(&text).expect("JSON fixture");
            let mut all = Vec::new();
            strings(&value, &mut all);
            for s in all {
                assert_eq!(find(s), None, "{}: {s}", path.display());
                seen += 1;
            }
        }
        assert!(seen > 100, "{seen} strings");
    }

    /// The laws of `find` and `scrub` on one text.
    fn laws(text: &str) -> Result<(), TestCaseError> {
        let once = scrub(text, REDACTED);
        prop_assert_eq!(find(text).is_none(), matches!(once, Cow::Borrowed(_)));
        prop_assert!(!matches!(once, Cow::Borrowed(b) if b != text));
        let twice = scrub(&once, REDACTED);
        prop_assert!(
            matches!(twice, Cow::Borrowed(_)),
            "{text:?} -> {once:?} -> {twice:?}"
        );
        prop_assert_eq!(find(&once), None);
        if find(text).is_some() {
            let joined = format!("a{SEPARATOR}{text}{SEPARATOR}b{SEPARATOR}");
            prop_assert!(any_in(&joined), "{:?}", text);
        }
        Ok(())
    }

    /// Pieces of every shape, to be joined in any order.
    #[rustfmt::skip]
    const FRAGMENTS: &[&str] = &[
        "://", "@", ":", "/", " ", "\n", "\"", "-", "_", ".", "=", "*", "é", "a1B2c3D4e5", "QRSTUVWXYZ234567",
        "0123456789", "-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----", "eyJ", "LTAI", "STS.",
        "CAIS", "AKIA", "ghp_", "glpat-", "xoxb-", "hf_", "sk-", "T3BlbkFJ", "AIza", "sk_live_", "Bearer ",
        "Authorization: Basic ", REDACTED,
    ];

    proptest! {
        #[test]
        fn scrub_laws_hold_on_any_text(text in any::<String>()) {
            laws(&text)?;
        }

        #[test]
        fn scrub_laws_hold_on_joined_fragments(
            pieces in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..48),
        ) {
            laws(&pieces.concat())?;
        }
    }
}
