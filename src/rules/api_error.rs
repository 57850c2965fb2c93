//! API error bodies: a GetInstance call that failed answers with an error
//! envelope, not an instance, and nothing else about it should be judged
//! or compared as one.

use crate::json::Node;
use crate::model::{self, Instance};

/// The top-level fields that tell an error body: the model's own envelope
/// fields and the generic OpenAPI error envelope's.
pub(crate) const ENVELOPE: &[&str] = &[
    "Success",
    "Code",
    "Message",
    "HttpStatusCode",
    "HostId",
    "Recommend",
];

/// What makes `instance` an API error body, as a message, or `None` when it
/// is an instance: `Success: false`, or a `Code` with an HTTP status of 400
/// or more or the generic OpenAPI error envelope (`HostId`, `Recommend`).
pub(crate) fn describe(instance: &Instance) -> Option<String> {
    let code = instance
        .code
        .as_ref()
        .map(|c| c.as_str())
        .filter(|c| !c.is_empty() && *c != "null");
    let status = instance.http_status_code;
    let envelope =
        instance.extra.contains_key("HostId") || instance.extra.contains_key("Recommend");
    let failed = instance.success == Some(false)
        || (code.is_some() && (status.is_some_and(|s| s >= 400) || envelope));
    if !failed {
        return None;
    }
    let mut message = String::from("the body is an API error response, not an instance");
    if let Some(code) = code {
        message.push_str(&format!(": Code {}", crate::decode::quote(code)));
    }
    if let Some(text) = instance
        .message
        .as_deref()
        .filter(|m| !m.is_empty() && *m != "null")
    {
        message.push_str(&format!(", Message {}", crate::text::quote_cut(text, 200)));
    }
    if let Some(status) = status {
        message.push_str(&format!(" (HTTP {status})"));
    }
    Some(message)
}

/// [`describe`] for a parsed body that was never decoded: only its envelope
/// fields are, so a large snapshot costs nothing more.
pub(crate) fn describe_value<'a, N: Node<'a>>(body: N) -> Option<String> {
    describe(&model::top_level(body, ENVELOPE))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn values_and_instances_are_judged_alike() {
        for (body, error) in [
            (json!({"Success": false}), true),
            (json!({"Success": "false"}), true),
            (
                json!({"Code": "ValidationError", "HttpStatusCode": 400}),
                true,
            ),
            (
                json!({"Code": "ValidationError", "HttpStatusCode": "404"}),
                true,
            ),
            (
                json!({"Code": "Forbidden.RAM", "HostId": "pai.aliyuncs.com"}),
                true,
            ),
            (json!({"Code": "null", "HttpStatusCode": 500}), false),
            (
                json!({"Code": "", "Success": true, "HttpStatusCode": 0}),
                false,
            ),
            (json!({"InstanceId": "dsw-1", "Status": "Running"}), false),
        ] {
            let instance: Instance = serde_json::from_value(body.clone()).unwrap();
            assert_eq!(describe(&instance), describe_value(&body), "{body}");
            assert_eq!(describe_value(&body).is_some(), error, "{body}");
        }
    }
}
