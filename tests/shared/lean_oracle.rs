//! The lean validation (a tape, no `Value`) held to the full one.

use dswcheck::{BodyKind, Validator};

/// `Err` with what differs when validating `bytes` through the tape gives
/// another report than through a `Value`, as detected and as every kind.
pub fn same_reports(bytes: &[u8]) -> Result<(), String> {
    let validators = std::iter::once(Validator::new()).chain(
        BodyKind::ALL
            .into_iter()
            .map(|k| Validator::new().with_kind(k)),
    );
    for validator in validators {
        let full = validator.validate(bytes);
        let lean = dswcheck::__private::validate_lean(&validator, bytes);
        let differs = |what: &str| {
            Err(format!(
                "{what} differ ({validator:?}) for {:?}",
                String::from_utf8_lossy(bytes)
            ))
        };
        if full.diagnostics() != lean.diagnostics() {
            return differs("diagnostics").map_err(|e| {
                format!(
                    "{e}\nfull: {:#?}\nlean: {:#?}",
                    full.diagnostics(),
                    lean.diagnostics()
                )
            });
        }
        if full.kind() != lean.kind() {
            return differs("kinds");
        }
        if full.instance() != lean.instance() || full.list() != lean.list() {
            return differs("typed documents");
        }
        if full.instance_id() != lean.instance_id() {
            return differs("instance ids");
        }
        if lean.value().is_some() {
            return differs("kept documents");
        }
    }
    Ok(())
}
