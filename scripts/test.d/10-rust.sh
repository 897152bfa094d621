# Rust: formatting, lints, the core and CLI tests, and the vectors and contract drift checks
# (contract.json itself is checked by crates/userhash/tests/contract.rs).
run_step rust-fmt check cargo fmt --all -- --check
run_step rust-clippy check cargo clippy --workspace --all-targets --quiet -- -D warnings
run_step rust-tests cargo cargo test
need_apt python3 python3 python3-venv
run_step vectors-drift plain "$(oracle_python)" tests/vectors/generate.py --check
run_step contract-drift plain python3 scripts/contract --check
run_step versions plain python3 scripts/check_versions.py
