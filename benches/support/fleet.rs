//! Two dumps of a fleet, generated: `n` full bodies per side, each its own
//! instance, the new side shuffled, with 1% of the instances changed (a
//! status and a label) and every instance's volatile fields different, as
//! two real dumps a day apart are (RequestId, GmtModifiedTime,
//! AccumulatedRunningTimeInMs). 0.1% of the old instances are gone from the
//! new side, and as many new ones are added.
//!
//! Shared by the benchmarks and the measurement dump of `tests/fleet.rs`.

use serde_json::Value;

/// A deterministic generator (SplitMix64), as `support::Rng`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Whether instance `i` changes between the dumps.
pub fn changed(i: usize) -> bool {
    i % 100 == 7
}

/// Whether instance `i` is gone from the new dump.
pub fn removed(i: usize) -> bool {
    i % 1000 == 999
}

/// The lines of one dump of `n` instances: the old one in order, the new
/// one shuffled, with the changes above. Each line is a compact full body.
pub fn dump(n: usize, new: bool) -> impl Iterator<Item = Vec<u8>> {
    let mut body: Value =
        serde_json::from_str(include_str!("../../tests/data/valid/modern-full.json"))
            .expect("valid fixture");
    let mut order: Vec<usize> = (0..n).filter(|&i| !(new && removed(i))).collect();
    if new {
        // As many added as removed, numbered after the old ones.
        order.extend(n..n + n / 1000);
        let mut rng = Rng(0x5EED);
        for i in (1..order.len()).rev() {
            order.swap(i, (rng.next() % (i as u64 + 1)) as usize);
        }
    }
    order.into_iter().map(move |i| {
        let id = format!("dsw-{i:016x}");
        body["InstanceId"] = id.clone().into();
        body["InstanceShutdownTimer"]["InstanceId"] = id.clone().into();
        body["IdleInstanceCuller"]["InstanceId"] = id.into();
        body["InstanceName"] = format!("notebook-{i}").into();
        let day = if new { "02" } else { "01" };
        body["RequestId"] = format!("{day}-{i:08}-0000-4000-8000-000000000000").into();
        body["GmtModifiedTime"] = format!("2026-03-{day}T08:05:00Z").into();
        body["InstanceShutdownTimer"]["GmtModifiedTime"] =
            format!("2026-03-{day}T08:05:00Z").into();
        let hours = if new { 37 } else { 36 };
        body["AccumulatedRunningTimeInMs"] = (hours * 3_600_000 + i as u64).into();
        let change = new && changed(i);
        body["Status"] = if change { "Stopped" } else { "Running" }.into();
        body["Labels"][2]["Value"] = if change { "prod" } else { "dev" }.into();
        serde_json::to_vec(&body).expect("serializable")
    })
}
