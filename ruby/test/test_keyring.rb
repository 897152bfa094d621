# frozen_string_literal: true

require_relative 'test_helper'

# Keyrings: a rotation walked end to end, errors, from_env, the failure hook, threads.
class TestKeyring < Minitest::Test
  include Support

  RETIRE_AT = 1_767_225_600

  def assert_verification(expected, verification)
    assert_instance_of Userhash::Verification, verification
    assert verification.frozen?
    assert_equal expected, [verification.outcome, verification.key_id, verification.reason]
  end

  def test_rotation_end_to_end
    keyring = Userhash::Keyring.new('2026-11', 'new-secret').add('2026-05', 'old-secret', not_after: RETIRE_AT)
    assert_equal %w[2026-11 2026-05], keyring.key_ids
    assert_equal '2026-11', keyring.primary_id

    # Sign with the new key.
    hash = keyring.sign('user123')
    assert_equal oracle('new-secret', 'user123'), hash
    assert_verification ['verified', '2026-11', nil], keyring.verify_detailed('user123', hash, now: RETIRE_AT + 1000)

    # The old key verifies until not_after - 1, then is expired.
    old = oracle('old-secret', 'user123')
    assert_verification ['verified', '2026-05', nil], keyring.verify_detailed('user123', old, now: RETIRE_AT - 1)
    assert keyring.verify('user123', old, now: Time.at(RETIRE_AT - 1))
    assert_verification ['expired', '2026-05', nil], keyring.verify_detailed('user123', old, now: RETIRE_AT)
    refute keyring.verify('user123', old, now: RETIRE_AT)

    # Neither key, nothing, something that is not a hash.
    assert_verification ['mismatch', nil, nil], keyring.verify_detailed('user123', oracle('other', 'user123'))
    assert_verification ['missing', nil, nil], keyring.verify_detailed('user123', '')
    assert_verification ['missing', nil, nil], keyring.verify_detailed('user123', nil)
    assert_verification ['malformed', nil, 'hash_not_hex'], keyring.verify_detailed('user123', 'z' * 64)
    assert_verification ['malformed', nil, 'hash_wrong_length'], keyring.verify_detailed('user123', old[0, 10])

    # A key not valid yet.
    keyring.add('2027-05', 'next-secret', not_before: RETIRE_AT + 100, not_after: RETIRE_AT + 200)
    upcoming = oracle('next-secret', 'user123')
    assert_verification ['expired', '2027-05', nil], keyring.verify_detailed('user123', upcoming, now: RETIRE_AT + 99)
    verification = keyring.verify_detailed('user123', upcoming, now: RETIRE_AT + 100)
    assert_verification ['verified', '2027-05', nil], verification
    assert verification.verified?
    assert_equal 'verified (key 2027-05)', verification.to_s
  end

  def test_integer_ids_and_binary_keys
    keyring = Userhash::Keyring.new('raw', "#{SEED_SECRET}\n".b).add('old', "\x00\x01\x02".b)
    assert_equal oracle("#{SEED_SECRET}\n", '42'), keyring.sign(42)
    assert_equal 'old', keyring.verify_detailed(42, oracle("\x00\x01\x02", '42')).key_id
  end

  def assert_code(code, klass = Userhash::Error, &block)
    error = assert_raises(klass, &block)
    assert_equal code, error.code
  end

  def test_errors
    assert_code('empty_key_id') { Userhash::Keyring.new('', 's') }
    assert_code('secret_whitespace', Userhash::SecretError) { Userhash::Keyring.new('k', "s\n") }
    assert_code('empty_secret', Userhash::SecretError) { Userhash::Keyring.new('k', ''.b) }
    keyring = Userhash::Keyring.new('current', SEED_SECRET)
    assert_code('duplicate_key_id') { keyring.add('current', 'x') }
    assert_code('invalid_key_window') { keyring.add('old', 'x', not_before: 10, not_after: 10) }
    assert_code('timestamp_in_milliseconds') { keyring.add('old', 'x', not_after: 1_767_225_600_000) }
    assert_code('timestamp_in_milliseconds') { keyring.add('old', 'x', not_after: 2**63) }
    assert_code('invalid_timestamp') { keyring.add('old', 'x', not_before: -1) }
    assert_code('invalid_timestamp') { keyring.add('old', 'x', not_before: -2**63 - 1) }
    assert_code('text_not_utf8') { keyring.add(+"\xFF", 'x') }
    assert_code('empty_user_id', Userhash::UserIdError) { keyring.sign('') }
    assert_code('empty_user_id', Userhash::UserIdError) { keyring.verify_detailed('', '') }
    assert_code('invalid_user_id_type', Userhash::UserIdTypeError) { keyring.verify_detailed(nil, '') }
    assert_code('invalid_timestamp') { keyring.issue_token('u', ttl: -1) }
    assert_code('invalid_timestamp') { keyring.issue_token('u', expires_at: -1) }
    assert_code('invalid_timestamp') { keyring.verify_token('u', '', leeway: -1) }
    assert_code('timestamp_in_milliseconds') { keyring.issue_token('u', expires_at: 10**11) }
    assert_code('timestamp_in_milliseconds') { keyring.issue_token('u', expires_at: 2**63) }
    assert_code('timestamp_in_milliseconds') { keyring.issue_token('u', ttl: 10**11) }
    assert_code('timestamp_in_milliseconds') { keyring.issue_token('u', ttl: 2**64) }
    assert keyring.issue_token('u', expires_at: 10**11 - 1).start_with?('v1.99999999999.')
    assert_raises(ArgumentError) { keyring.issue_token('u') }
    assert_raises(ArgumentError) { keyring.issue_token('u', ttl: 1, expires_at: 1) }
    assert_raises(TypeError) { keyring.verify_detailed('u', '', now: 1.5) }
    assert_raises(TypeError) { keyring.add('old', 'x', not_after: '2026') }
    assert_equal ['current'], keyring.key_ids
  end

  def test_messages_are_the_cores_with_their_details
    keyring = Userhash::Keyring.new('current', SEED_SECRET)
    assert_equal 'the keyring already has a key with id "current"',
                 assert_raises(Userhash::Error) { keyring.add('current', 'x') }.message
    assert_match(/\Athe ttl must be/, assert_raises(Userhash::Error) { keyring.issue_token('u', ttl: -1) }.message)
    assert_match(/\Athe leeway must be/, assert_raises(Userhash::Error) { keyring.verify_token('u', '', leeway: -1) }.message)
  end

  def test_each_thread_reads_the_message_of_its_own_failure
    messages = Array.new(4) do |t|
      Thread.new do
        keyring = Userhash::Keyring.new("key-#{t}", SEED_SECRET)
        Array.new(200) { assert_raises(Userhash::Error) { keyring.add("key-#{t}", 'x') }.message }.uniq
      end
    end.map(&:value)
    assert_equal Array.new(4) { |t| [%(the keyring already has a key with id "key-#{t}")] }, messages
  end

  def test_from_env
    ENV['USERHASH_SECRET'] = 'new-secret'
    ENV['USERHASH_PREVIOUS_SECRET'] = 'old-secret'
    ENV['USERHASH_PREVIOUS_SECRET_NOT_AFTER'] = RETIRE_AT.to_s
    keyring = Userhash::Keyring.from_env
    assert_equal %w[current previous], keyring.key_ids
    assert_equal oracle('new-secret', 'u'), keyring.sign('u')
    assert_verification ['verified', 'previous', nil], keyring.verify_detailed('u', oracle('old-secret', 'u'), now: RETIRE_AT - 1)
    assert_verification ['expired', 'previous', nil], keyring.verify_detailed('u', oracle('old-secret', 'u'), now: RETIRE_AT)
    ENV['USERHASH_PREVIOUS_SECRET_NOT_AFTER'] = 'soon'
    assert_code('invalid_timestamp') { Userhash::Keyring.from_env }
    ENV.delete('USERHASH_SECRET')
    error = assert_raises(Userhash::SecretError) { Userhash::Keyring.from_env }
    assert_equal ['missing_env', 'environment variable USERHASH_SECRET is not set'], [error.code, error.message]
  ensure
    %w[USERHASH_SECRET USERHASH_PREVIOUS_SECRET USERHASH_PREVIOUS_SECRET_NOT_AFTER].each { |name| ENV.delete(name) }
  end

  def test_failure_hook_gets_failures_only_and_never_a_secret
    secret = 'hunter2-not-in-any-event'
    keyring = Userhash::Keyring.new('current', secret).add('old', 'old-secret', not_after: 100)
    events = []
    assert_same keyring, keyring.on_failure { |event| events << event }
    right = oracle(secret, 'user123')
    keyring.verify_detailed('user123', right)
    keyring.verify_detailed('user123', '')
    keyring.verify_detailed('user123', "#{right[0, 63].upcase}g")
    keyring.verify_detailed(+"user\xFF", oracle('x', 'y'))
    keyring.verify_detailed('user123', oracle('old-secret', 'user123'), now: 100)
    keyring.verify_token('user123', 'v2.1.x')
    keyring.explain('user123', '') # a diagnosis that does not verify is reported too
    expected = [
      { outcome: 'missing', reason: nil, key_id: nil, user_id: 'user123', hash_prefix: '' },
      { outcome: 'malformed', reason: 'hash_not_hex', key_id: nil, user_id: 'user123', hash_prefix: right[0, 8].upcase },
      { outcome: 'mismatch', reason: nil, key_id: nil, user_id: "user\uFFFD", hash_prefix: oracle('x', 'y')[0, 8] },
      { outcome: 'expired', reason: nil, key_id: 'old', user_id: 'user123', hash_prefix: oracle('old-secret', 'user123')[0, 8] },
      { outcome: 'malformed', reason: 'token_version', key_id: nil, user_id: 'user123', hash_prefix: 'v2.1.x' },
      { outcome: 'missing', reason: nil, key_id: nil, user_id: 'user123', hash_prefix: '' }
    ]
    assert_equal expected, events.map(&:to_h)
    events.each do |event|
      assert_instance_of Userhash::FailureEvent, event
      assert event.frozen?
      refute_includes event.inspect, secret
      refute_includes event.inspect, right
    end
    assert_equal Encoding::UTF_8, events[2].user_id.encoding
  end

  def test_hook_replaced_removed_and_what_it_raises_comes_back
    keyring = Userhash::Keyring.new('current', SEED_SECRET)
    calls = []
    keyring.on_failure { calls << :first }
    keyring.on_failure { calls << :second }
    keyring.verify('u', '')
    keyring.on_failure
    keyring.verify('u', '')
    assert_equal [:second], calls

    keyring.on_failure { |event| raise ArgumentError, "hook failed: #{event.outcome}" }
    error = assert_raises(ArgumentError) { keyring.verify_detailed('u', '') }
    assert_equal 'hook failed: missing', error.message
    assert_raises(ArgumentError) { keyring.verify_token('u', 'x') }

    # The hook runs once libuserhash has returned: a throw leaves the verification as from
    # any block, and a break out of the stored block is Ruby's LocalJumpError.
    keyring.on_failure { throw :out, :thrown }
    assert_equal :thrown, catch(:out) { keyring.verify('u', '') }
    keyring.on_failure { break }
    assert_raises(LocalJumpError) { keyring.verify('u', '') }
    assert keyring.verify('u', oracle(SEED_SECRET, 'u'))
    assert_equal %w[current later], keyring.add('later', 'x').key_ids, 'no hook counts as running after a throw'
  end

  def test_explain_reports_its_failure_once_with_a_long_message
    # The message quotes the id: a long one comes back whole, in one call.
    events = []
    keyring = Userhash::Keyring.new('k', 'k').on_failure { |event| events << event.outcome }
    id = 'u' * 600
    finding = keyring.explain(id, oracle('k', "#{id}\n"))
    assert_equal 'id_whitespace', finding.code
    assert_operator finding.message.bytesize, :>, 600
    assert_equal ['mismatch'], events
  end

  def test_what_the_hook_raises_during_explain_is_raised_by_explain
    keyring = Userhash::Keyring.new('k', 'k').on_failure { raise ArgumentError, 'from the hook' }
    assert_equal 'from the hook', assert_raises(ArgumentError) { keyring.explain('u', 'bad') }.message
    assert keyring.verify('u', oracle('k', 'u')), 'and not by the next call'
  end

  def test_a_missing_hash_is_false_or_missing_everywhere
    keyring = Userhash::Keyring.new('k', SEED_SECRET)
    refute Userhash::Signer.new(SEED_SECRET).verify('user123', nil)
    refute Userhash.verify(SEED_SECRET, 'user123', nil)
    refute Userhash.verify(SEED_SECRET.b, 'user123', nil)
    refute keyring.verify('user123', nil)
    assert_equal 'missing', keyring.verify_detailed('user123', nil).outcome
    assert_equal 'missing', keyring.verify_token('user123', nil).outcome
    assert_equal 'missing_hash', keyring.explain('user123', nil).code
    assert_equal 'missing_hash', Userhash.explain(SEED_SECRET, 'user123', nil).code
  end

  def test_one_keyring_shared_by_threads
    keyring = Userhash::Keyring.new('new', 'new-secret').add('old', 'old-secret', not_after: 2_000_000_000)
    failures = Queue.new
    keyring.on_failure { |event| failures << event.outcome }
    results = Array.new(4) do |t|
      Thread.new do
        Array.new(100) do |i|
          id = "user#{i * 4 + t}"
          token = keyring.issue_token(id, expires_at: RETIRE_AT)
          [id, keyring.sign(id), keyring.verify_detailed(id, oracle('old-secret', id), now: RETIRE_AT).key_id,
           keyring.verify_detailed(id, 'nope').outcome, keyring.verify_token(id, token, now: RETIRE_AT).outcome]
        end
      end
    end.flat_map(&:value)
    results.each { |id, *got| assert_equal [oracle('new-secret', id), 'old', 'malformed', 'expired'], got }
    assert_equal 800, failures.size
  end

  def test_the_secrets_never_show
    secret = 'hunter2-not-in-output'
    keyring = Userhash::Keyring.new('current', secret).add('old', "#{secret}-old")
    assert_equal '#<Userhash::Keyring key_ids=["current", "old"] secrets=<redacted>>', keyring.inspect
    assert_equal keyring.inspect, keyring.to_s
    state = keyring.instance_variables.map { |name| keyring.instance_variable_get(name).inspect }
    refute(state.any? { |value| value.include?(secret) })
    ["#{secret}\n", " #{secret}"].each do |bad|
      [-> { Userhash::Keyring.new('k', bad) }, -> { keyring.add('k2', bad) }].each do |call|
        error = assert_raises(Userhash::SecretError) { call.call }
        refute_includes error.message, secret
        refute_includes error.inspect, secret
        refute_includes error.full_message, secret
      end
    end
    finding = keyring.explain('user123', oracle("#{secret}\n", 'user123'))
    assert_equal 'secret_whitespace', finding.code
    refute_includes finding.message, secret
    refute_includes finding.inspect, secret
  end

  def test_the_native_state_is_freed_with_the_keyring
    handle = Userhash::Keyring.new('k', SEED_SECRET).instance_variable_get(:@handle)
    assert_kind_of FFI::AutoPointer, handle
    assert handle.autorelease?
  end
end
