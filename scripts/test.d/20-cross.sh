# The shared vectors checked against each seed language's own standard library
# (node:crypto, hash_hmac, OpenSSL::HMAC, crypto/hmac), before any binding is involved.
need_apt php php-cli
need_apt ruby ruby
need_apt go golang-go
run_step cross-stdlib-oracles plain python3 tests/cross/check_oracles.py
