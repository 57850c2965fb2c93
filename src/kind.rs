//! What a response body is: an instance, a page of instances, or an error.

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use crate::json::Node;

/// The kind of a response body, which decides how it is decoded and checked.
///
/// [`parse`](crate::parse) and [`validate`](crate::validate) detect it
/// ([`BodyKind::detect`]); [`Validator::with_kind`](crate::Validator::with_kind)
/// (`--kind`) forces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum BodyKind {
    /// A GetInstance body: one instance.
    GetInstance,
    /// A ListInstances body: a page of instances in `Instances`, with `TotalCount`.
    ListInstances,
    /// An API error body (`Success: false`, or an error `Code` with an HTTP
    /// status of 400 or more or the generic OpenAPI error envelope).
    ApiError,
}

impl BodyKind {
    /// Every kind, in the order outputs list them.
    pub const ALL: [BodyKind; 3] = [
        BodyKind::GetInstance,
        BodyKind::ListInstances,
        BodyKind::ApiError,
    ];

    /// The kind of `body`: an API error body when its envelope says the call
    /// failed, else a ListInstances page when it has `Instances` or
    /// `TotalCount` (fields no GetInstance body has), else a GetInstance body
    /// (which is also what anything that is not an object is reported
    /// against).
    ///
    /// # Examples
    ///
    /// ```
    /// use dswcheck::BodyKind;
    /// use serde_json::json;
    ///
    /// assert_eq!(BodyKind::detect(&json!({"InstanceId": "dsw-1"})), BodyKind::GetInstance);
    /// assert_eq!(BodyKind::detect(&json!({"TotalCount": 0, "Instances": []})), BodyKind::ListInstances);
    /// assert_eq!(
    ///     BodyKind::detect(&json!({"Code": "NoPermissionError", "HostId": "pai-dsw.aliyuncs.com"})),
    ///     BodyKind::ApiError
    /// );
    /// ```
    #[must_use]
    pub fn detect(body: &Value) -> BodyKind {
        BodyKind::of(body)
    }

    /// [`BodyKind::detect`] of any representation of the body.
    pub(crate) fn of<'a, N: Node<'a>>(body: N) -> BodyKind {
        if !body.is_object() {
            return BodyKind::GetInstance;
        }
        if crate::rules::api_error::describe_value(body).is_some() {
            BodyKind::ApiError
        } else if body
            .members()
            .any(|(key, _)| key == "Instances" || key == "TotalCount")
        {
            BodyKind::ListInstances
        } else {
            BodyKind::GetInstance
        }
    }

    /// The name used by `--kind` and every output: `get-instance`,
    /// `list-instances` or `api-error`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            BodyKind::GetInstance => "get-instance",
            BodyKind::ListInstances => "list-instances",
            BodyKind::ApiError => "api-error",
        }
    }

    /// The API's name for it, as messages say it.
    #[must_use]
    pub const fn title(self) -> &'static str {
        match self {
            BodyKind::GetInstance => "a GetInstance body",
            BodyKind::ListInstances => "a ListInstances body",
            BodyKind::ApiError => "an API error body",
        }
    }
}

impl fmt::Display for BodyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a [`BodyKind`]'s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind(String);

impl fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown body kind {:?}: expected get-instance, list-instances or api-error",
            crate::text::truncate(&self.0, 40)
        )
    }
}

impl std::error::Error for UnknownKind {}

impl FromStr for BodyKind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BodyKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownKind(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn kinds_are_detected_from_the_envelope() {
        let page = json!({"RequestId": "r", "Success": true, "Code": "null", "TotalCount": 35, "Instances": []});
        assert_eq!(BodyKind::detect(&page), BodyKind::ListInstances);
        assert_eq!(
            BodyKind::detect(&json!({"Success": false, "Instances": []})),
            BodyKind::ApiError
        );
        assert_eq!(BodyKind::detect(&json!([1])), BodyKind::GetInstance);
        assert_eq!(BodyKind::detect(&json!({})), BodyKind::GetInstance);
        for kind in BodyKind::ALL {
            assert_eq!(kind.as_str().parse::<BodyKind>(), Ok(kind));
        }
        assert!("list".parse::<BodyKind>().is_err());
    }
}
