//! Readable paths: `Datasets[DatasetId=d-1].MountAccess`.

use serde_json::Value;

use super::walk::Label;
use crate::json::Node;

/// Whether `s` can appear unquoted in a readable path.
pub(super) fn is_plain(s: &str, extra: fn(char) -> bool) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || extra(c))
}

pub(super) fn push_path_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    if is_plain(key, |_| false) {
        path.push_str(key);
    } else {
        path.push_str(&Value::String(key.to_owned()).to_string());
    }
}

pub(super) fn push_path_label<'a, N: Node<'a>>(path: &mut String, label: &Label<'a, N>) {
    use std::fmt::Write;
    match label {
        Label::Key(field, key) => {
            // Identity values are ids, paths and names: quoted only when they could be misread.
            let plain = is_plain(key, |c| {
                !c.is_control() && !matches!(c, '[' | ']' | '"' | '=' | ' ')
            });
            if plain {
                let _ = write!(path, "[{field}={key}]");
            } else {
                let _ = write!(path, "[{field}={}]", Value::String(key.to_string()));
            }
        }
        Label::Value(value) => {
            let _ = write!(path, "[{}]", value.to_value());
        }
        Label::Index(i) => {
            let _ = write!(path, "[{i}]");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    #[test]
    fn readable_paths_quote_when_needed() {
        let mut p = String::new();
        push_path_key(&mut p, "EnvironmentVariables");
        push_path_key(&mut p, "a.b");
        assert_eq!(p, "EnvironmentVariables.\"a.b\"");
        let mut p = String::from("Datasets");
        let label = |field, key| Label::<&Value>::Key(field, Cow::Borrowed(key));
        push_path_label(&mut p, &label("MountPath", "/mnt/data"));
        push_path_label(&mut p, &label("Key", "a]b"));
        push_path_label(&mut p, &label("Key", ""));
        assert_eq!(p, "Datasets[MountPath=/mnt/data][Key=\"a]b\"][Key=\"\"]");
    }
}
