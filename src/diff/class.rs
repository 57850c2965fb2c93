//! Field classes: what kind of information a field carries, and so whether a
//! change to it is news (spec, status), noise (volatile) or must stay hidden (secret).

use std::fmt;

use serde::Serialize;

use crate::secret;

/// What kind of information a field carries.
///
/// Every value in a snapshot has exactly one class, decided in this order:
///
/// 1. **secret** when [`is_secret_path`](crate::is_secret_path) says so (the
///    documented credential fields, secret-looking environment variables and
///    secret-looking unknown fields), and everything inside a secret;
/// 2. the class the table below gives the field's path;
/// 3. otherwise the class of the enclosing field, so that `CloudDisks[].Status.Capacity`
///    is status like `CloudDisks[].Status`; top-level fields default to spec.
///
/// | class | fields |
/// |---|---|
/// | identity | `InstanceId`, `WorkspaceId`, `UserId` |
/// | status | `Status`, `ReasonCode`, `ReasonMessage`, `Success`, `Code`, `Message`, `HttpStatusCode`, `LatestSnapshot.{Status,ReasonCode,ReasonMessage}`, `InstanceSnapshotList[].{Status,ReasonCode,ReasonMessage}`, `UserVpc.Ip`, `UserVpc.ForwardInfos[].ConnectInfo.{Phase,Message}`, `Datasets[].ActualMountAccess`, `CloudDisks[].Status`, `NodeErrorRecovery.hasNodeError`, `PodIps` |
/// | volatile | `RequestId`, `AccumulatedRunningTimeInMs`, `GmtModifiedTime` (at any depth), `InstanceShutdownTimer.RemainingTimeInMs`, `IdleInstanceCuller.IdleTimeInMinutes`, `CloudDisks[].Status.Available`, `CloudDisks[].Status.Usage` |
///
/// Volatile fields change on every request without anything happening to the
/// instance; a diff leaves them out unless asked to include them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldClass {
    /// Who the instance is: a change here means another incarnation or a moved instance.
    Identity,
    /// What the user asked for: image, resources, datasets, labels, network.
    Spec,
    /// What the service reports about the instance now: status, reasons, snapshot progress.
    Status,
    /// Counters and clocks that change on every request (left out of a diff by default).
    Volatile,
    /// A credential: shown only as [`REDACTED`](crate::REDACTED).
    Secret,
}

impl FieldClass {
    /// The lowercase name used in every output format.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            FieldClass::Identity => "identity",
            FieldClass::Spec => "spec",
            FieldClass::Status => "status",
            FieldClass::Volatile => "volatile",
            FieldClass::Secret => "secret",
        }
    }
}

impl fmt::Display for FieldClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The path segment that stands for any element of an array.
pub(crate) const ELEMENT: &str = "[]";

/// A leading segment that matches any number of segments.
const ANY_DEPTH: &str = "**";

use FieldClass::{Identity, Status, Volatile};

/// The classified fields, by path ([`ELEMENT`] for any array element, a
/// leading `**` for any depth). Keep the table in [`FieldClass`]'s docs in sync.
const CLASSES: &[(&[&str], FieldClass)] = &[
    (&["InstanceId"], Identity),
    (&["WorkspaceId"], Identity),
    (&["UserId"], Identity),
    (&["Status"], Status),
    (&["ReasonCode"], Status),
    (&["ReasonMessage"], Status),
    (&["Success"], Status),
    (&["Code"], Status),
    (&["Message"], Status),
    (&["HttpStatusCode"], Status),
    (&["LatestSnapshot", "Status"], Status),
    (&["LatestSnapshot", "ReasonCode"], Status),
    (&["LatestSnapshot", "ReasonMessage"], Status),
    (&["InstanceSnapshotList", ELEMENT, "Status"], Status),
    (&["InstanceSnapshotList", ELEMENT, "ReasonCode"], Status),
    (&["InstanceSnapshotList", ELEMENT, "ReasonMessage"], Status),
    (&["UserVpc", "Ip"], Status),
    (
        &["UserVpc", "ForwardInfos", ELEMENT, "ConnectInfo", "Phase"],
        Status,
    ),
    (
        &["UserVpc", "ForwardInfos", ELEMENT, "ConnectInfo", "Message"],
        Status,
    ),
    (&["Datasets", ELEMENT, "ActualMountAccess"], Status),
    (&["CloudDisks", ELEMENT, "Status"], Status),
    (&["NodeErrorRecovery", "hasNodeError"], Status),
    (&["PodIps"], Status),
    (&["RequestId"], Volatile),
    (&["AccumulatedRunningTimeInMs"], Volatile),
    (&[ANY_DEPTH, "GmtModifiedTime"], Volatile),
    (&["InstanceShutdownTimer", "RemainingTimeInMs"], Volatile),
    (&["IdleInstanceCuller", "IdleTimeInMinutes"], Volatile),
    (&["CloudDisks", ELEMENT, "Status", "Available"], Volatile),
    (&["CloudDisks", ELEMENT, "Status", "Usage"], Volatile),
];

/// The class of the value at `path` (object keys, [`ELEMENT`] for array
/// elements), given the class of its parent.
pub(crate) fn classify(path: &[&str], parent: FieldClass) -> FieldClass {
    if parent == FieldClass::Secret || secret::is_secret_path(path) {
        return FieldClass::Secret;
    }
    if parent == FieldClass::Volatile {
        return parent;
    }
    // Array elements share their array's class; only keys are in the table.
    if path.last() == Some(&ELEMENT) {
        return parent;
    }
    for (pattern, class) in CLASSES {
        let matched = match pattern.split_first() {
            Some((&ANY_DEPTH, tail)) => path.ends_with(tail),
            _ => *pattern == path,
        };
        if matched {
            return *class;
        }
    }
    // Identity fields are scalars; whatever might sit below one is spec.
    if parent == FieldClass::Identity {
        FieldClass::Spec
    } else {
        parent
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FieldClass::{Secret, Spec};

    fn class(path: &str) -> FieldClass {
        let segments: Vec<&str> = path.split('.').collect();
        let mut class = Spec;
        for end in 1..=segments.len() {
            class = classify(&segments[..end], class);
        }
        class
    }

    #[test]
    fn table_and_inheritance() {
        let cases = [
            ("InstanceId", Identity),
            ("InstanceName", Spec),
            ("Status", Status),
            ("LatestSnapshot.Status", Status),
            ("LatestSnapshot.ImageId", Spec),
            ("InstanceSnapshotList.[].Status", Status),
            ("RequestId", Volatile),
            ("GmtModifiedTime", Volatile),
            ("InstanceShutdownTimer.GmtModifiedTime", Volatile),
            ("InstanceSnapshotList.[].GmtModifiedTime", Volatile),
            ("GmtCreateTime", Spec),
            ("CloudDisks.[].Status.Capacity", Status),
            ("CloudDisks.[].Status.Usage", Volatile),
            ("CloudDisks.[].Capacity", Spec),
            ("PodIps.[].Ip", Status),
            ("ImageAuth", Secret),
            (
                "CredentialConfig.Configs.[].Roles.[].UserInfo.SecurityToken",
                Secret,
            ),
            ("EnvironmentVariables.HF_TOKEN", Secret),
            ("EnvironmentVariables.PATH", Spec),
            ("MyApiToken.nested", Secret),
            ("Labels.[].Key", Spec),
        ];
        for (path, expected) in cases {
            assert_eq!(class(path), expected, "{path}");
        }
    }
}
