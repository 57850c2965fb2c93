#!/usr/bin/env bash
# Short, bounded fuzzing for CI (called by .ci/run): build every fuzz target,
# run each from its seeds for FUZZ_SECONDS (default 20), and fail on a crash.
#
# Uses `cargo +nightly fuzz` when a nightly toolchain is installed, and stable
# with RUSTC_BOOTSTRAP=1 otherwise; installs cargo-fuzz when it is missing.
# A crash leaves its input in fuzz/artifacts/<target>/; see fuzz/README.md
# for turning it into a regression test.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${FUZZ_SECONDS:-20}"
targets=(parse_bytes validate_structured diff_pair normalize_roundtrip schema_oracle)

if rustup run nightly rustc --version >/dev/null 2>&1; then
  fuzz=(cargo +nightly fuzz)
else
  echo "no nightly toolchain: using stable with RUSTC_BOOTSTRAP=1"
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi
if ! cargo fuzz --help >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

# A cold optimized build takes over three minutes on two cores, an
# unoptimized one under two: CI only smoke-tests the targets from the seeds,
# so it builds unoptimized (with debug assertions and overflow checks) unless
# FUZZ_BUILD says otherwise, e.g. FUZZ_BUILD="-O --codegen-units 16" for the
# optimized build the README uses for long runs. The library forbids unsafe
# code, so AddressSanitizer would only slow the runs down.
read -r -a build_flags <<<"${FUZZ_BUILD:---dev} -s none"

"${fuzz[@]}" build "${build_flags[@]}"

# Optional, as it costs another build: are the seeds and the dictionary
# still what tests/data/ and the schema give?
if [ "${FUZZ_CHECK_SEEDS:-0}" = 1 ]; then
  cargo run --quiet --example make_seeds -- --check
fi

for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  echo "--- $target (${seconds}s)"
  # -jobs/-fork stay off: a crash must fail this step, not a child process.
  if ! "${fuzz[@]}" run "${build_flags[@]}" "$target" "corpus/$target" "seeds/$target" -- \
      -dict=dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="artifacts/$target/" -print_final_stats=1 2>"artifacts/$target.log"; then
    tail -n 60 "artifacts/$target.log"
    echo "fuzz target $target failed; its input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec)' "artifacts/$target.log" || true
  grep -E ' (INITED|DONE) ' "artifacts/$target.log" | tail -n 1 || true
done
