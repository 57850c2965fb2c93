//! Credentials the API should have masked.
//!
//! Messages name the field and never show its value.

use crate::decode::quote;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Instance, StringMap};
use crate::{pointer, secret};

/// Reports each credential present unmasked: `ImageAuth`, the `UserInfo`
/// keys of every credential role, the `ServiceConfig` passwords and the
/// secret-looking `EnvironmentVariables`.
pub(crate) fn check(instance: &Instance, out: &mut Vec<Diagnostic>) {
    if let Some(auth) = instance.image_auth.as_deref() {
        if !secret::is_image_auth_masked(auth) {
            out.push(exposed(
                "/ImageAuth".into(),
                "ImageAuth holds a registry password that is not masked",
            ));
        }
    }
    let configs = instance
        .credential_config
        .as_ref()
        .and_then(|c| c.configs.as_ref());
    for (i, config) in configs.into_iter().flatten().enumerate() {
        for (j, role) in config.roles.iter().flatten().enumerate() {
            let Some(user) = &role.user_info else {
                continue;
            };
            let fields = [
                ("AccessKeyId", &user.access_key_id),
                ("SecurityToken", &user.security_token),
            ];
            for (field, value) in fields {
                if value.as_deref().is_some_and(|v| !secret::is_masked(v)) {
                    out.push(exposed(
                        format!("/CredentialConfig/Configs/{i}/Roles/{j}/UserInfo/{field}"),
                        &format!("{field} is not masked"),
                    ));
                }
            }
        }
    }
    if let Some(service) = &instance.service_config {
        let fields = [
            ("JupyterServerPassword", &service.jupyter_server_password),
            ("CodeServerPassword", &service.code_server_password),
        ];
        for (field, value) in fields {
            if value.as_deref().is_some_and(|v| !secret::is_masked(v)) {
                out.push(exposed(
                    format!("/ServiceConfig/{field}"),
                    &format!("{field} is not masked"),
                ));
            }
        }
    }
    for (key, value) in instance
        .environment_variables
        .iter()
        .flat_map(StringMap::iter)
    {
        if secret::looks_secret(key) && !secret::is_masked(value) {
            out.push(exposed(
                pointer::join("/EnvironmentVariables", key),
                &format!(
                    "environment variable {} is named like a secret and is not masked",
                    quote(key)
                ),
            ));
        }
    }
}

fn exposed(pointer: String, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::SecretExposed,
        pointer,
        format!("{what} (value not shown): the API masks credentials as \"******\""),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rules::test_util::{diagnostics_of, instance};

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
        let found = diagnostics_of(check, &instance(&doc));
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
    fn masked_and_empty_credentials_are_silent() {
        let doc = json!({
            "ImageAuth": "dXNlcjoqKioqKio=",
            "CredentialConfig": {"Configs": [{"Roles": [{"UserInfo": {"AccessKeyId": "", "SecurityToken": "******"}}]}]},
            "ServiceConfig": {"JupyterServerPassword": "", "CodeServerPassword": "******"},
            "EnvironmentVariables": {"PYTHONPATH": "/opt", "TOKENIZERS_PARALLELISM": "false", "OSS_ACCESS_KEY_SECRET": "abc***xyz"},
        });
        assert_eq!(diagnostics_of(check, &instance(&doc)), []);
    }
}
