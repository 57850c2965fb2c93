//! Which names announce a credential: the name half of the secret policy.
//!
//! A name is read case- and separator-insensitively (`DB_PASSWORD2`,
//! `hfToken`, `OPENAIAPIKEY` and `aws.secret.key` all count), and matches
//! when it contains a word of the credential vocabulary anywhere. A few
//! short words only count on their own (`GITHUB_PAT`, not `PATH`), and a
//! bare generic word such as `key` is not a credential: `{"key": "app"}`
//! is an ordinary variable.

use std::sync::LazyLock;

use regex::Regex;

/// Words that announce a credential wherever they appear in a squashed
/// (lower-case, alphanumeric) name.
const ANYWHERE: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "privatekey",
    "secretkey",
    "signingkey",
    "encryptionkey",
    "masterkey",
    "sshkey",
    "credential",
    "bearer",
    "jwt",
    "connectionstring",
    "connstr",
    "sasl",
    "authorization",
    "cookie",
];

/// Words too short or too common to count inside other words, which
/// announce a credential only as a word of their own (`GITHUB_PAT`,
/// `SMTP_PASS`, `X-Auth`), never inside one (`PATH`, `PASSAGE`, `AUTHOR`).
const ALONE: &[&str] = &["pat", "pass", "auth", "psk"];

/// Squashed names that contain a word of [`ANYWHERE`] and still name no
/// credential: the shell's working directories.
const NOT_CREDENTIALS: &[&str] = &["pwd", "oldpwd"];

/// Whether `name` (an environment variable, an unknown field, a key inside
/// JSON text) looks like it holds a credential.
#[must_use]
pub fn looks_secret(name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    // Every key of a document comes here: short names are squashed on the
    // stack, since an allocation per key cost more than the search.
    let mut stack = [0; 64];
    let mut heap = Vec::new();
    let squashed = squash(name, &mut stack, &mut heap);
    if NOT_CREDENTIALS.contains(&squashed) {
        return false;
    }
    let anywhere = vocabulary().find_iter(squashed).any(|m| {
        // Not the start of a tokenizer's name (`TOKENIZERS_PARALLELISM`
        // configures a library).
        let after = &squashed[m.end()..];
        !(m.as_str() == "token" && (after.starts_with("iz") || after.starts_with("is")))
    });
    anywhere
        || (words_alone().is_match(squashed) && words(name).any(|w| ALONE.contains(&w.as_str())))
}

/// Whether some part of `text` could be a name that [`looks_secret`]:
/// `false` means that no substring of `text` is one, so JSON text written
/// without escapes names no credential among its keys and need not be parsed
/// to tell.
///
/// Sound because squashing a substring gives a substring of the squashed
/// whole, and a name that looks secret contains, squashed, a word of
/// [`ANYWHERE`] or [`ALONE`].
pub(crate) fn may_hold_secret_name(text: &str) -> bool {
    let mut stack = [0; 64];
    let mut heap = Vec::new();
    let squashed = squash(text, &mut stack, &mut heap);
    any_word().is_match(squashed)
}

/// `name` lower-case with only its ASCII letters and digits, in `stack` if
/// it fits, else in `heap`.
fn squash<'b>(name: &str, stack: &'b mut [u8; 64], heap: &'b mut Vec<u8>) -> &'b str {
    // Those are single bytes in UTF-8: no other byte is one of them.
    let bytes = name
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase());
    let squashed: &[u8] = if name.len() <= stack.len() {
        let mut len = 0;
        for b in bytes {
            stack[len] = b;
            len += 1;
        }
        &stack[..len]
    } else {
        heap.reserve(name.len());
        heap.extend(bytes);
        heap
    };
    std::str::from_utf8(squashed).unwrap_or_default()
}

/// [`ANYWHERE`] as one pattern: a name is looked at for every key of a
/// document, and one search beats a search per word.
fn vocabulary() -> &'static Regex {
    static VOCABULARY: LazyLock<Regex> = LazyLock::new(|| words_pattern(ANYWHERE.iter()));
    &VOCABULARY
}

/// [`ALONE`] as one pattern.
fn words_alone() -> &'static Regex {
    static ALONE_WORDS: LazyLock<Regex> = LazyLock::new(|| words_pattern(ALONE.iter()));
    &ALONE_WORDS
}

/// Every word of [`ANYWHERE`] and [`ALONE`]: it matches wherever one of
/// them is (overlapping matches do not matter to whether there is one).
fn any_word() -> &'static Regex {
    static ANY_WORD: LazyLock<Regex> =
        LazyLock::new(|| words_pattern(ANYWHERE.iter().chain(ALONE)));
    &ANY_WORD
}

/// The words as one alternation.
fn words_pattern<'w>(words: impl Iterator<Item = &'w &'static str>) -> Regex {
    let words: Vec<&str> = words.copied().collect();
    Regex::new(&words.join("|")).expect("the words are literals")
}

/// The words of a name, lower-case: split at anything not alphanumeric and
/// where lower case turns to upper (`hfToken`, `X-Auth-Token`).
fn words(name: &str) -> impl Iterator<Item = String> + '_ {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            words.push(std::mem::take(&mut word));
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower {
            words.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        word.push(c.to_ascii_lowercase());
    }
    words.push(word);
    words.into_iter().filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_names_in_every_spelling() {
        for name in [
            "DB_PASSWORD",
            "DB_PASSWORD2",
            "PASSWORD1",
            "password",
            "hfToken",
            "HFTOKEN",
            "HF_TOKEN",
            "X-Auth-Token",
            "aws.secret.key",
            "AWSSecret",
            "AWS_SECRET_ACCESS_KEY",
            "OPENAI_API_KEY",
            "OPENAIAPIKEY",
            "openai-api-key",
            "GITHUB_PAT",
            "SMTP_PASS",
            "Passphrase",
            "SASL_JAAS_CONFIG",
            "AZURE_STORAGE_CONNECTION_STRING",
            "Secrets",
            "Tokens",
            "fs.oss.accessKeySecret",
            "fs.oss.accessKeyId",
            "MYSQL_PWD",
            "PRIVATE_KEY",
            "Authorization",
            "Bearer",
            "JWT_SIGNING",
            "session_cookie",
        ] {
            assert!(looks_secret(name), "{name}");
        }
    }

    proptest::proptest! {
        /// A text holding a name that looks secret may hold one.
        #[test]
        fn text_around_a_secret_name_may_hold_one(
            before in "\\PC{0,12}",
            name in "(?i)[a-z_.-]{0,6}(password|token|pat|pass|auth|secret|pwd|key|psk)[a-z0-9_.-]{0,6}",
            after in "\\PC{0,12}",
        ) {
            if looks_secret(&name) {
                let text = format!("{before}{name}{after}");
                proptest::prop_assert!(may_hold_secret_name(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn texts_without_secret_names() {
        assert!(!may_hold_secret_name(
            r#"{"nfs.vers":"3","nfs.nolock":"true"}"#
        ));
        assert!(may_hold_secret_name(
            r#"{"fs.oss.accessKeySecret":"******"}"#
        ));
        assert!(may_hold_secret_name(r#"{"X-Auth":"1"}"#));
    }

    #[test]
    fn ordinary_names() {
        for name in [
            "key",
            "Key",
            "KEY",
            "SSHPublicKey",
            "PATH",
            "PYTHONPATH",
            "HOME",
            "MONKEY",
            "PWD",
            "OLDPWD",
            "TOKENIZERS_PARALLELISM",
            "tokenizer",
            "PASSAGE_COUNT",
            "AUTHOR",
            "app",
            "LabelKey",
            "",
        ] {
            assert!(!looks_secret(name), "{name}");
        }
    }
}
