//! Field classes: what kind of information a field carries, and so whether a
//! change to it is news (spec, status), noise (volatile) or must stay hidden
//! (secret). The classes themselves are a column of the field table.

use crate::model::{self, ELEMENT, FieldClass};
use crate::secret;

/// The class of the value at `path` (object keys, [`ELEMENT`] for array
/// elements), given the class of its parent.
pub(crate) fn classify(path: &[&str], parent: FieldClass) -> FieldClass {
    if parent == FieldClass::Secret || secret::is_secret_at(path) {
        return FieldClass::Secret;
    }
    if parent == FieldClass::Volatile {
        return parent;
    }
    // Array elements share their array's class.
    if path.last() == Some(&ELEMENT) {
        return parent;
    }
    if let Some(class) = model::field_at(path).and_then(|f| f.facts.class) {
        return class;
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
    use FieldClass::{Identity, Secret, Spec, Status, Volatile};

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
