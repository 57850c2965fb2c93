//! Which names announce a credential: the name half of the secret policy.
//!
//! A name is read case- and separator-insensitively (`DB_PASSWORD2`,
//! `hfToken`, `OPENAIAPIKEY` and `aws.secret.key` all count), and matches
//! when it contains a word of the credential vocabulary anywhere. A few
//! short words only count on their own (`GITHUB_PAT`, not `PATH`), and a
//! bare generic word such as `key` is not a credential: `{"key": "app"}`
//! is an ordinary variable.

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
        || (ALONE.iter().any(|w| contains(squashed, w))
            && words(name).any(|w| ALONE.contains(&w.as_str())))
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
        heap.extend(bytes);
        heap
    };
    std::str::from_utf8(squashed).unwrap_or_default()
}

/// Whether `haystack` contains `word`: on names this short a plain window
/// compare beats `str::contains`, whose searcher is built for each call.
fn contains(haystack: &str, word: &str) -> bool {
    haystack
        .as_bytes()
        .windows(word.len())
        .any(|w| w == word.as_bytes())
}

/// [`ANYWHERE`] as one pattern: a name is looked at for every key of a
/// document, and one search beats a search per word.
fn vocabulary() -> &'static regex::Regex {
    static VOCABULARY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(&ANYWHERE.join("|")).expect("the words are literals")
    });
    &VOCABULARY
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
