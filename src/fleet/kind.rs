//! PLACEHOLDER until the lead's `BodyKind` lands on main: the stated rule,
//! to be deleted at the rebase (use `crate::BodyKind`).

use serde_json::Value;

pub(crate) enum BodyKind {
    GetInstance,
    ListInstances,
    ApiError,
}

impl BodyKind {
    pub(crate) fn detect(value: &Value) -> BodyKind {
        match value {
            Value::Object(map)
                if map.contains_key("Instances") || map.contains_key("TotalCount") =>
            {
                BodyKind::ListInstances
            }
            v if crate::rules::api_error::describe_value(v).is_some() => BodyKind::ApiError,
            _ => BodyKind::GetInstance,
        }
    }
}
