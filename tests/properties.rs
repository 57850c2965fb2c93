//! The laws of parse, validate, diff and normalize, checked over generated
//! bodies with proptest.
//!
//! The strategies (`arb_*`) are in [`strategies`] (valid bodies and any JSON)
//! and [`mutations`] (bodies broken or changed on purpose), the helper
//! checks in [`oracles`] and [`diff_oracles`] (shared with the fuzz
//! targets), and one property test per law in [`validate_laws`],
//! [`diff_laws`] and [`lean_laws`]; [`generators`] checks the strategies themselves. CI
//! runs each law with the case count given to [`config`];
//! `PROPTEST_CASES=5000 cargo test --test properties` runs more. Failures are
//! kept in `proptest-regressions/properties.txt`, and each shrunk failure is
//! also a named test in `tests/regression.rs`.

use proptest::prelude::ProptestConfig;
use proptest::test_runner::FileFailurePersistence;

// The root of this test is a file, so its modules are named by path.
#[path = "properties/diff_laws.rs"]
mod diff_laws;
// Shared with the fuzz targets (fuzz/src/lib.rs).
#[path = "shared/diff_oracles.rs"]
mod diff_oracles;
#[path = "properties/generators.rs"]
mod generators;
#[path = "properties/lean_laws.rs"]
mod lean_laws;
// Shared with tests/lean.rs.
#[path = "shared/lean_oracle.rs"]
mod lean_oracle;
#[path = "properties/mutations.rs"]
mod mutations;
#[path = "properties/oracles.rs"]
mod oracles;
#[path = "properties/strategies.rs"]
mod strategies;
#[path = "properties/validate_laws.rs"]
mod validate_laws;

/// The case count in CI for a law; `PROPTEST_CASES` overrides it.
fn config(ci_cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/properties.txt",
        ))),
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = ci_cases;
    }
    config
}
