//! Credentials the API should have masked.
//!
//! Every value of the document is looked at, documented or not: the secret
//! fields of the field table, members whose names announce a credential
//! (environment variables, unknown fields, keys inside JSON text), and any
//! string shaped like a credential (a URL's password, a private key, an
//! AccessKey, a token). Messages name the place and never show the value.

use serde_json::Value;

use super::Findings;
use crate::decode::quote;
use crate::diagnostic::Code;
use crate::json::{Kind, Node};
use crate::model::{Field, Object, Shape};
use crate::pointer::{Path, Pointer};
use crate::secret::{self, shapes};

/// Reports each credential present unmasked in `document`, a body whose
/// root object is `root`.
pub(crate) fn check<'a, N: Node<'a>>(document: N, root: &'static Object, out: &mut Findings<'_>) {
    let shape = Shape::Object(root);
    let from = out.len();
    // Grown from nothing, it would be copied a dozen times for a typical body.
    let mut gathered = String::with_capacity(GATHERED);
    let mut walk = Walk {
        path: Path::default(),
        json_text: None,
        out: &mut *out,
        gathered: Some(&mut gathered),
    };
    walk.value(document, Place::Documented(&shape, None));
    // Rarely (a credential, or a masked URL password): looked at again, each
    // string searched where it is, so that what is found is in document order.
    if shapes::any_in(&gathered) {
        out.truncate(from);
        let mut walk = Walk {
            path: Path::default(),
            json_text: None,
            out,
            gathered: None,
        };
        walk.value(document, Place::Documented(&shape, None));
    }
}

/// The bytes of strings a typical body gathers for the search, with room.
const GATHERED: usize = 8 << 10;

/// What the field table says about the place of a value.
#[derive(Clone, Copy)]
enum Place<'t> {
    /// A documented place: its shape, and the field it belongs to (an array
    /// element's is its array's).
    Documented(&'t Shape, Option<&'static Field>),
    /// An entry of a string map, named `key`.
    MapEntry(&'t str),
    /// Anything the documentation does not describe (inside JSON text too),
    /// reached through `key` (`None` for an array element).
    Free(Option<&'t str>),
}

struct Walk<'v, 'o, 'f> {
    /// Where the value being looked at is (inside JSON text, where in the
    /// text), made a pointer only when something is found: nearly every
    /// value is looked at without a word.
    path: Path<'v>,
    /// Inside JSON text: the field holding it and that field's pointer, where
    /// what is found is reported (a pointer cannot reach into a string).
    json_text: Option<(&'static str, Pointer)>,
    out: &'o mut Findings<'f>,
    /// The strings to search for credential shapes, joined for one search
    /// ([`shapes::any_in`]); `None` searches each string as it comes.
    gathered: Option<&'o mut String>,
}

impl<'v> Walk<'v, '_, '_> {
    fn value<N: Node<'v>>(&mut self, value: N, place: Place<'_>) {
        match value.kind() {
            Kind::String => self.string(value.as_str().unwrap_or_default(), place),
            Kind::Object => {
                for (key, child) in value.members() {
                    self.path.push_key(key);
                    let child_place = match place {
                        Place::Documented(Shape::Object(object), _) => match object.field(key) {
                            Some(field) => Place::Documented(&field.shape, Some(field)),
                            None => Place::Free(Some(key)),
                        },
                        Place::Documented(Shape::StringMap, _) => Place::MapEntry(key),
                        _ => Place::Free(Some(key)),
                    };
                    self.value(child, child_place);
                    self.path.pop();
                }
            }
            Kind::Array => {
                for (i, item) in value.elements().enumerate() {
                    self.path.push_index(i);
                    let item_place = match place {
                        Place::Documented(Shape::Array(item), field) => {
                            Place::Documented(item, field)
                        }
                        _ => Place::Free(None),
                    };
                    self.value(item, item_place);
                    self.path.pop();
                }
            }
            Kind::Null | Kind::Bool | Kind::Number => {}
        }
    }

    fn string(&mut self, s: &str, place: Place<'_>) {
        let (noun, key) = match place {
            Place::Documented(_, Some(field)) if field.is_secret() => {
                if field.wire == "ImageAuth" {
                    if !secret::is_image_auth_masked(s) {
                        self.exposed("ImageAuth holds a registry password that is not masked");
                    }
                } else if !secret::is_masked(s) {
                    self.exposed(&format!("{} is not masked", field.wire));
                }
                return;
            }
            Place::Documented(_, Some(field))
                if field.is_json_text() && self.json_text.is_none() =>
            {
                // The first look needs the text parsed only if one of its keys
                // could name a credential: otherwise searching the text as it
                // stands finds every shape its strings hold (without escapes,
                // each is a piece of it, between quotes that are word
                // boundaries as the separator is).
                if let Some(gathered) = &mut self.gathered {
                    if !s.contains('\\') && !secret::may_hold_secret_name(s) {
                        gathered.push_str(s);
                        gathered.push(shapes::SEPARATOR);
                        return;
                    }
                }
                if let Ok(inner) = serde_json::from_str::<Value>(s) {
                    let mut walk = Walk {
                        path: Path::default(),
                        json_text: Some((field.wire, self.path.pointer())),
                        out: &mut *self.out,
                        gathered: self.gathered.as_deref_mut(),
                    };
                    walk.value(&inner, Place::Free(None));
                    return;
                }
                ("", "")
            }
            Place::MapEntry(key) => ("environment variable ", key),
            Place::Free(Some(key)) => ("", key),
            _ => ("", ""),
        };
        // A documented field's name says nothing the field table does not.
        if !key.is_empty() && secret::looks_secret(key) {
            if !secret::is_masked(s) {
                self.exposed(&format!(
                    "{noun}{} is named like a secret and is not masked",
                    quote(key)
                ));
            }
            return;
        }
        match &mut self.gathered {
            Some(gathered) => {
                gathered.push_str(s);
                gathered.push(shapes::SEPARATOR);
            }
            None => {
                if let Some(kind) = shapes::find(s) {
                    self.exposed(&format!("the value holds {}", kind.describe()));
                }
            }
        }
    }

    fn exposed(&mut self, what: &str) {
        let (pointer, what) = match &self.json_text {
            Some((wire, outer)) => (
                outer.clone(),
                format!(
                    "{wire} holds JSON text in which, at {}, {what}",
                    quote(self.path.pointer().as_str())
                ),
            ),
            None => (self.path.pointer(), what.to_owned()),
        };
        self.out.push(
            Code::SecretExposed,
            pointer,
            format!("{what} (value not shown): the API masks credentials as \"******\""),
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn found(doc: &Value) -> Vec<crate::Diagnostic> {
        let mut out = Vec::new();
        check(doc, crate::model::root(), &mut Findings::new(&mut out));
        out
    }

    const LEAKS: [&str; 4] = [
        "hunter2",
        "LTAI5tAbCdEfGhIjKlMn",
        "dXNlcjpodW50ZXIy",
        "hf_abcdefghijklmnop",
    ];

    #[test]
    fn reports_unmasked_credentials_without_their_values() {
        let doc = json!({
            "ImageAuth": "dXNlcjpodW50ZXIy",
            "CredentialConfig": {"Configs": [{"Roles": [
                {"UserInfo": {"AccessKeyId": "LTAI****************", "SecurityToken": "******"}},
                {"UserInfo": {"AccessKeyId": "LTAI5tAbCdEfGhIjKlMn", "SecurityToken": "hunter2"}},
            ]}]},
            "ServiceConfig": {"JupyterServerPassword": "hunter2", "CodeServerPassword": "******", "JupyterServerAuth": "password"},
            "EnvironmentVariables": {
                "PATH": "/usr/bin", "HF_TOKEN": "hf_abcdefghijklmnop", "DB_PASSWORD": "******", "API_KEY": "",
                "a/b~token": "hunter2",
            },
        });
        let found = found(&doc);
        let pointers: Vec<_> = found.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/ImageAuth",
                "/CredentialConfig/Configs/0/Roles/1/UserInfo/AccessKeyId",
                "/CredentialConfig/Configs/0/Roles/1/UserInfo/SecurityToken",
                "/ServiceConfig/JupyterServerPassword",
                "/EnvironmentVariables/HF_TOKEN",
                "/EnvironmentVariables/a~1b~0token",
            ]
        );
        for d in &found {
            assert_eq!(
                (d.code, d.severity),
                (Code::SecretExposed, crate::Severity::Warning)
            );
            for leak in LEAKS {
                assert!(!d.message.contains(leak), "{d}");
            }
        }
        assert_eq!(
            found[4].message,
            "environment variable \"HF_TOKEN\" is named like a secret and is not masked (value not shown): \
             the API masks credentials as \"******\""
        );
        assert_eq!(
            found[3].message,
            "JupyterServerPassword is not masked (value not shown): the API masks credentials as \"******\""
        );
    }

    #[test]
    fn credentials_found_by_name_shape_and_inside_json_text() {
        let doc = json!({
            "DB_PASSWORD2": "hunter2",
            "Note": "postgres://admin:hunter2@db.example.com/app",
            "Datasets": [
                {"Options": "{\"fs.oss.accessKeySecret\": \"hunter2\", \"fs.oss.endpoint\": \"x\"}"},
                // Named like nothing secret: found by its shape all the same.
                {"Options": "{\"nfs.source\":\"ftp://admin:hunter2@files.example.com/\"}"},
                {"Options": "{\"nfs.vers\":\"3\"}"},
            ],
            "UserVpc": {"ForwardInfos": [{"SSHPublicKey": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE\n"}]},
            "EnvironmentVariables": {"key": "app: MAAS", "SETUP": "ok"},
        });
        let found = found(&doc);
        let listed: Vec<_> = found
            .iter()
            .map(|d| {
                (
                    d.pointer.as_str(),
                    d.message
                        .split(" (value not shown)")
                        .next()
                        .unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            listed,
            [
                (
                    "/DB_PASSWORD2",
                    "\"DB_PASSWORD2\" is named like a secret and is not masked"
                ),
                ("/Note", "the value holds a password in a URL"),
                (
                    "/Datasets/0/Options",
                    "Options holds JSON text in which, at \"/fs.oss.accessKeySecret\", \"fs.oss.accessKeySecret\" is named like a secret and is not masked"
                ),
                (
                    "/Datasets/1/Options",
                    "Options holds JSON text in which, at \"/nfs.source\", the value holds a password in a URL"
                ),
                (
                    "/UserVpc/ForwardInfos/0/SSHPublicKey",
                    "the value holds a PEM private key"
                ),
            ]
        );
        for d in &found {
            assert!(
                !d.message.contains("hunter2") && !d.message.contains("b3BlbnNz"),
                "{d}"
            );
        }
    }

    #[test]
    fn a_shape_alone_in_json_text_without_secret_names_is_found() {
        let doc = json!({
            "Datasets": [
                {"Options": "{\"nfs.vers\":\"3\"}"},
                {"Options": "{\"nfs.source\":\"ftp://admin:hunter2@files.example.com/\"}"},
            ],
        });
        let found = found(&doc);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pointer.as_str(), "/Datasets/1/Options");
        assert!(
            found[0]
                .message
                .contains("at \"/nfs.source\", the value holds a password in a URL"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn masked_and_empty_credentials_are_silent() {
        let doc = json!({
            "ImageAuth": "dXNlcjoqKioqKio=",
            "CredentialConfig": {"Configs": [{"Roles": [{"UserInfo": {"AccessKeyId": "", "SecurityToken": "******"}}]}]},
            "ServiceConfig": {"JupyterServerPassword": "", "CodeServerPassword": "******"},
            "EnvironmentVariables": {"PYTHONPATH": "/opt", "TOKENIZERS_PARALLELISM": "false", "OSS_ACCESS_KEY_SECRET": "abc***xyz"},
        });
        assert_eq!(found(&doc), []);
    }
}
