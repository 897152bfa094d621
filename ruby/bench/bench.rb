# frozen_string_literal: true

# Benchmark rows for scripts/bench (format in scripts/bench_report.py). `stdlib` is the
# seed's snippet, OpenSSL::HMAC.hexdigest('SHA256', key, id). Each figure is the median ns
# per call of REPEATS timed runs of about RUN_SECONDS each, with half the min-max spread.
require 'openssl'
require 'userhash'

SECRET = 'your_secret_key'
REPEATS = 15
RUN_SECONDS = 0.03
BATCH = 100

def clock
  Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond)
end

# ns per item of the block, which handles `items` items per call; one figure per run.
def runs(items = 1)
  start = clock
  200.times { yield } # warm-up and calibration
  calls = [(RUN_SECONDS * 1e9 / ((clock - start) / 200.0)).ceil, 1].max
  Array.new(REPEATS) do
    start = clock
    calls.times { yield }
    (clock - start).to_f / calls / items
  end
end

def row(operation, id_bytes, figures)
  sorted = figures.sort
  median = sorted[sorted.size / 2]
  spread = (sorted.last - sorted.first) / 2
  puts format("row\truby\t%s\t%d\t%.1f\t%.1f", operation, id_bytes, median, spread)
  $stdout.flush
end

signer = Userhash::Signer.new(SECRET)
keyring = Userhash::Keyring.new('current', SECRET)
[7, 256].each do |length|
  id = 'u' * length
  hash = signer.sign(id)
  ids = Array.new(BATCH) { |i| format('%07d', i) + ('u' * (length - 7)) }
  row('stdlib', length, runs { OpenSSL::HMAC.hexdigest('SHA256', SECRET, id) })
  row('sign_keyed', length, runs { signer.sign(id) })
  row('sign_oneshot', length, runs { Userhash.sign(SECRET, id) })
  row('verify', length, runs { signer.verify(id, hash) })
  row('sign_many_item', length, runs(BATCH) { signer.sign_many(ids) })
  row('keyring_verify_detailed', length, runs { keyring.verify_detailed(id, hash) })
end
row('sign_keyed_integer', 7, runs { signer.sign(1_234_567) })
