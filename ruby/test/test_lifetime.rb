# frozen_string_literal: true

require_relative 'test_helper'

# A native handle is freed by the garbage collector once nothing refers to it, never while
# a call uses it: the handle object itself (an FFI::AutoPointer) is what every call passes,
# so it is reachable for the whole call. What could crash runs in a child process.
class TestLifetime < Minitest::Test
  include Support

  # Runs Ruby +code+ in a child; returns its stdout after checking that it exited with 0.
  def child(code)
    out, err, status = run_ruby({}, '-e', "require 'userhash'\n#{code}")
    assert status.success?, "the child failed (#{status.inspect}):\n#{out}#{err}"
    out
  end

  def test_a_keyring_cannot_be_copied
    # A copy would share the native keyring (a copy's hook once crashed the process).
    out = child(<<~RUBY)
      keyring = Userhash::Keyring.new('k', 'secret')
      %i[dup clone].each do |copy|
        copied = keyring.public_send(copy).on_failure { |event| event }
        puts "copied by \#{copy}"
      rescue TypeError => e
        puts e.message
      end
      copied = nil
      3.times { GC.start(full_mark: true, immediate_sweep: true) }
      p keyring.verify('user123', '0' * 64)
    RUBY
    assert_equal "can't copy a Userhash::Keyring: share the one instance\n" * 2 + "false\n", out
  end

  def test_a_copied_signer_shares_the_handle_and_outlives_the_original
    out = child(<<~RUBY)
      copies = [Userhash::Signer.new('secret')].flat_map { |signer| [signer.dup, signer.clone] }
      3.times { GC.start(full_mark: true, immediate_sweep: true) }
      puts copies.map { |signer| signer.sign('user123') }
    RUBY
    assert_equal "#{oracle('secret', 'user123')}\n" * 2, out
  end

  def test_temporary_handles_live_through_their_call
    # Widget.json with a secret String, and one-off calls with a BINARY key, build a Signer
    # or Keyring that nothing refers to once the call has its handle. A full GC, and a chance
    # for finalizers to run, before every call into libuserhash would free a handle held
    # only as a raw pointer (a wrong hash, computed from the wiped key, or a crash).
    out = child(<<~RUBY)
      trace = TracePoint.new(:c_call) do |tp|
        next unless tp.method_id.start_with?('userhash_')

        trace.disable do
          GC.start(full_mark: true, immediate_sweep: true)
          Thread.pass
        end
      end
      trace.enable do
        puts Userhash::Widget.json('secret', preset: 'hal', app_id: 'a', user: { id: 'user123' })
        puts Userhash.sign('secret'.b, 'user123')
        puts Userhash.explain('secret'.b, 'user123', '').code
        keyring = Userhash::Keyring.new('k', 'secret').on_failure { |event| puts event.outcome }
        puts keyring.verify_detailed('user123', '0' * 64).outcome
      end
    RUBY
    hash = oracle('secret', 'user123')
    assert_equal %({"appId":"a","visitorId":"user123","userHash":"#{hash}"}\n#{hash}\nmissing_hash\nmismatch\nmismatch\n), out
  end

  def test_a_key_cannot_be_added_from_the_hook
    keyring = Userhash::Keyring.new('k', 'secret')
    keyring.on_failure { keyring.add('late', 'late-secret') }
    error = assert_raises(RuntimeError) { keyring.verify('user123', '') }
    assert_match(/\Acan't add a key to a Userhash::Keyring while a verification with it runs the on_failure hook/, error.message)
    assert_equal ['k'], keyring.key_ids
    keyring.on_failure
    assert_equal %w[k late], keyring.add('late', 'late-secret').key_ids, 'outside a hook, adding works'
  end

  def test_a_key_cannot_be_added_by_another_thread_while_a_hook_runs
    keyring = Userhash::Keyring.new('k', 'secret')
    in_hook = Queue.new
    release = Queue.new
    keyring.on_failure do
      in_hook << true
      release.pop
    end
    verifying = Thread.new { keyring.verify_detailed('user123', '0' * 64).outcome }
    in_hook.pop
    begin
      assert_raises(RuntimeError) { keyring.add('late', 'late-secret') }
    ensure
      release << true
    end
    assert_equal 'mismatch', verifying.value
    assert_equal %w[k late], keyring.add('late', 'late-secret').key_ids, 'once the verification is done, adding works'
  end

  def test_a_hook_may_verify_with_its_own_keyring
    keyring = Userhash::Keyring.new('k', 'secret').add('old', 'old-secret', not_after: 100)
    inner = []
    keyring.on_failure do |event|
      inner << keyring.verify_detailed('inner', oracle('secret', 'inner'), now: 500).to_s if event.user_id == 'outer'
    end
    assert_equal 'expired (key old)', keyring.verify_detailed('outer', oracle('old-secret', 'outer'), now: 200).to_s
    assert_equal ['verified (key k)'], inner
  end
end
