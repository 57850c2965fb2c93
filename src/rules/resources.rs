//! Resource figures: requested quantities and idle-culler percentages.

use super::Findings;
use crate::decode::quote;
use crate::diagnostic::Code;
use crate::model::Instance;
use crate::pointer::pointer;

/// Checks the `RequestedResource` quantities and the `IdleInstanceCuller`
/// utilization thresholds.
pub(crate) fn check(instance: &Instance, out: &mut Findings<'_>) {
    if let Some(requested) = &instance.requested_resource {
        let quantities = [
            ("CPU", &requested.cpu),
            ("GPU", &requested.gpu),
            ("Memory", &requested.memory),
            ("SharedMemory", &requested.shared_memory),
        ];
        for (field, value) in quantities {
            let Some(value) = value.as_deref().filter(|v| !v.is_empty()) else {
                continue;
            };
            if !is_quantity(value) {
                out.push(
                    Code::ResourceQuantity,
                    pointer!["RequestedResource", field],
                    format!(
                        "{} is not a resource quantity: expected a non-negative decimal number, optionally with a \
                         unit suffix such as Gi, Mi, G or m (\"8\", \"0.5\", \"32Gi\")",
                        quote(value)
                    ),
                );
            }
        }
    }
    if let Some(culler) = &instance.idle_instance_culler {
        let thresholds = [
            ("CpuPercentThreshold", culler.cpu_percent_threshold),
            ("GpuPercentThreshold", culler.gpu_percent_threshold),
        ];
        for (field, value) in thresholds {
            if let Some(value) = value.filter(|v| !(1..=100).contains(v)) {
                out.push(
                    Code::PercentRange,
                    pointer!["IdleInstanceCuller", field],
                    format!("{field} {value} is outside 1..=100 percent"),
                );
            }
        }
    }
}

/// The unit suffixes of a Kubernetes quantity: binary (`Ki` = 2^10), then
/// decimal (`m` = 10^-3, `k` = 10^3).
const SUFFIXES: &[&str] = &[
    "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E",
];

/// Whether `s` is a Kubernetes-style quantity without a sign: a decimal
/// number (`8`, `0.5`, `.5`, `5.`) followed by nothing, a unit suffix (`Gi`,
/// `m`) or a decimal exponent (`1e3`).
///
/// A sign is refused, though Kubernetes' grammar has one: a request cannot be
/// negative, and `+8` is not what the API sends.
pub(crate) fn is_quantity(s: &str) -> bool {
    let number_len = s
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let (number, suffix) = s.split_at(number_len);
    let digits = number.bytes().filter(u8::is_ascii_digit).count();
    if digits == 0 || number.len() - digits > 1 {
        return false;
    }
    if suffix.is_empty() || SUFFIXES.contains(&suffix) {
        return true;
    }
    // `E` alone is the exa suffix; `e3`, `E-2` are exponents.
    suffix
        .strip_prefix(['e', 'E'])
        .map(|exp| exp.strip_prefix(['+', '-']).unwrap_or(exp))
        .is_some_and(|exp| !exp.is_empty() && exp.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rules::test_util::{diagnostics_of, instance};

    #[test]
    fn quantities() {
        for ok in [
            "8", "30", "0", "0.5", ".5", "5.", "8Gi", "512Mi", "4G", "500m", "1Ki", "2Ti", "1k",
            "1e3", "1E-2", "1E", "1.5Gi",
        ] {
            assert!(is_quantity(ok), "{ok}");
        }
        for bad in [
            "", "Gi", "-1", "+8", " 8", "8 ", "8 Gi", "8GB", "8gi", "8g", "1.2.3", ".", "..5",
            "8Gi8", "1e", "1e+", "1e3.5", "eight", "8,5", "１",
        ] {
            assert!(!is_quantity(bad), "{bad}");
        }
    }

    #[test]
    fn reports_each_bad_quantity() {
        let doc = json!({"RequestedResource": {"CPU": "8 cores", "GPU": "", "Memory": "32GB", "SharedMemory": "4Gi", "GPUType": "A10"}});
        let found = diagnostics_of(check, &instance(&doc));
        let pointers: Vec<_> = found.iter().map(|d| (d.code, d.pointer.as_str())).collect();
        assert_eq!(
            pointers,
            [
                (Code::ResourceQuantity, "/RequestedResource/CPU"),
                (Code::ResourceQuantity, "/RequestedResource/Memory")
            ]
        );
        assert!(
            found[1]
                .message
                .starts_with("\"32GB\" is not a resource quantity: "),
            "{}",
            found[1].message
        );
    }

    #[test]
    fn percentages_are_within_1_to_100() {
        let cases = [
            (1, 100, vec![]),
            (20, 10, vec![]),
            (0, 50, vec!["/IdleInstanceCuller/CpuPercentThreshold"]),
            (50, 101, vec!["/IdleInstanceCuller/GpuPercentThreshold"]),
            (
                -5,
                120,
                vec![
                    "/IdleInstanceCuller/CpuPercentThreshold",
                    "/IdleInstanceCuller/GpuPercentThreshold",
                ],
            ),
        ];
        for (cpu, gpu, want) in cases {
            let doc = json!({"IdleInstanceCuller": {"CpuPercentThreshold": cpu, "GpuPercentThreshold": gpu}});
            let found = diagnostics_of(check, &instance(&doc));
            assert!(
                found
                    .iter()
                    .all(|d| d.code == Code::PercentRange && d.is_error())
            );
            let pointers: Vec<_> = found.iter().map(|d| d.pointer.as_str()).collect();
            assert_eq!(pointers, want, "{cpu} {gpu}");
        }
        let doc = json!({"IdleInstanceCuller": {"CpuPercentThreshold": 120}});
        assert_eq!(
            diagnostics_of(check, &instance(&doc))[0].message,
            "CpuPercentThreshold 120 is outside 1..=100 percent"
        );
    }
}
