//! Field classes: what kind of information a field carries, and so whether a
//! change to it is news (spec, status), noise (volatile) or must stay hidden
//! (secret). The classes themselves are a column of the field table.

use crate::model::{self, ELEMENT, Field, FieldClass};
use crate::secret;

/// The class of the value at `path` (object keys, [`ELEMENT`] for array
/// elements), given the class of its parent.
pub(crate) fn classify(path: &[&str], parent: FieldClass) -> FieldClass {
    classify_field(path, parent).0
}

/// [`classify`], with the documented field at `path` that decided it.
pub(crate) fn classify_field(
    path: &[&str],
    parent: FieldClass,
) -> (FieldClass, Option<&'static Field>) {
    let field = model::field_at(path);
    if parent == FieldClass::Secret || secret::is_secret(path, field) {
        return (FieldClass::Secret, field);
    }
    if parent == FieldClass::Volatile {
        return (parent, field);
    }
    // Array elements share their array's class.
    if path.last() == Some(&ELEMENT) {
        return (parent, field);
    }
    if let Some(class) = field.and_then(|f| f.facts.class) {
        return (class, field);
    }
    // Identity fields are scalars; whatever might sit below one is spec.
    if parent == FieldClass::Identity {
        (FieldClass::Spec, field)
    } else {
        (parent, field)
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
