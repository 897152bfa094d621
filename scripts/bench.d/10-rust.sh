# Rust core: keyed and one-shot sign, verify, sign_many, and the SHA-256 floor.
cargo bench -q -p userhash --bench sign
