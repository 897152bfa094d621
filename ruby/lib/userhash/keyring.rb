# frozen_string_literal: true

module Userhash
  # Secrets under key ids, for rotation without downtime (docs/spec.md, section 3). The
  # primary key (the first) signs hashes and tokens and is always valid; every other key
  # only verifies, within its window [not_before, not_after) in Unix seconds. Verification
  # tries every key valid at the time, without stopping at a match, and names the key that
  # matched.
  #
  # Add keys and set the hook first, then share the keyring: after that it is only read,
  # and threads may verify with it at once. The native state is freed when the Keyring is
  # garbage-collected, never while a call uses it. Share the one instance: it cannot be
  # copied. The secrets are never kept in Ruby: #inspect shows the key ids only.
  class Keyring
    # A keyring whose primary key is +secret+ (a String: text, or BINARY for raw key bytes,
    # as in Signer.new) under the key id +primary_id+.
    def initialize(primary_id, secret)
      adopt(Native.new_keyring(primary_id, secret))
    end

    # USERHASH_SECRET as primary key "current" and, when USERHASH_PREVIOUS_SECRET is set,
    # that secret as key "previous", valid until USERHASH_PREVIOUS_SECRET_NOT_AFTER (Unix
    # seconds, required with it).
    def self.from_env
      allocate.tap { |keyring| keyring.send(:adopt, Native.keyring_from_env) }
    end

    # Adds a key that verifies but never signs: +secret+ under +id+, valid from +not_before+
    # (inclusive) to +not_after+ (exclusive), Integer Unix seconds or Times; nil is open. To
    # rotate, make the new secret primary and add the old one with a +not_after+. Returns self.
    # Raises RuntimeError while a verification with this keyring runs the on_failure hook (in
    # the hook itself or in another thread): the library is still reading the keys then.
    def add(id, secret, not_before: nil, not_after: nil)
      change('add a key to') { Native.keyring_add(@handle, id, secret, not_before, not_after) }
      @key_ids = Native.keyring_key_ids(@handle)
      self
    end

    # Every key id, the primary first, then in the order added.
    attr_reader :key_ids

    # The id of the signing key.
    def primary_id
      @key_ids.first
    end

    # Calls the block with a FailureEvent for every failed #verify, #verify_detailed,
    # #verify_token and #explain from now on (replacing an earlier block; without a block,
    # removes it). The block runs on the verifying thread before the verification returns;
    # whatever it raises is raised by that verification call once the library has returned.
    # The event's user_id and hash_prefix are what the request sent: escape them (inspect)
    # before logging.
    def on_failure(&hook)
      if @callback.nil?
        return self if hook.nil?

        # One C callback per keyring, kept in @callback for as long as the keyring lives (the
        # C ABI cannot remove a callback; replacing the hook swaps @hook_state.hook).
        state = Native::HookState.new
        callback = Native.failure_callback(state)
        Native.keyring_on_failure(@handle, callback)
        @hook_state = state
        @callback = callback
      end
      @hook_state.hook = hook
      self
    end

    # The 64-character lowercase hex hash of +user_id+ (a String or an Integer) under the
    # primary key.
    def sign(user_id)
      Native.keyring_sign(@handle, user_id)
    end

    # Whether +hash+ verifies for +user_id+ at +now+ (Integer Unix seconds or a Time; nil:
    # the current time): verify_detailed(...).verified?. A blank or nil hash never passes.
    def verify(user_id, hash, now: nil)
      verify_detailed(user_id, hash, now: now).verified?
    end

    # Checks a widget hash at +now+ under every key valid then: a frozen Verification that
    # is verified (with the key id), missing (nil or empty: never a reason to skip),
    # malformed (with the reason), mismatch, or expired (only a retired key matches). Only
    # an invalid user id raises.
    def verify_detailed(user_id, hash, now: nil)
      verification(hooked { Native.keyring_verify_detailed(@handle, user_id, hash, now) })
    end

    # A v1 token for +user_id+ (docs/spec.md, section 2) signed by the primary key: either
    # expiring +ttl+ seconds from now, or at Unix second +expires_at+ (valid up to
    # +expires_at+ - 1).
    def issue_token(user_id, ttl: nil, expires_at: nil)
      raise ArgumentError, 'give either ttl: or expires_at:' if ttl.nil? == expires_at.nil?

      Native.keyring_issue_token(@handle, user_id, ttl, expires_at)
    end

    # Checks a v1 token at +now+ (nil: the current time): expired from second
    # expires_at + +leeway+ on, and only once its MAC is right; missing when nil or empty;
    # malformed (with the reason) for anything that is not v1.EXPIRES_AT.MAC.
    def verify_token(user_id, token, leeway: 0, now: nil)
      verification(hooked { Native.keyring_verify_token(@handle, user_id, token, leeway, now) })
    end

    # Why +hash+ does or does not verify for +user_id+ at +now+: a Finding naming the
    # likely mistake (whitespace or case in the id, a number formatted differently, the
    # +email+ hashed instead of the id, a secret with whitespace or meant as hex/base64, an
    # uppercase or truncated hash, another key of this keyring). A hash that does not verify
    # goes to the on_failure hook, as from #verify. A server-side debugging aid: never
    # expose it to end users unauthenticated.
    def explain(user_id, hash, email: nil, now: nil)
      code, message = hooked { Native.keyring_explain(@handle, user_id, hash, email, now, @hook_state) }
      Finding.new(code: code, message: message)
    end

    def inspect
      "#<Userhash::Keyring key_ids=#{@key_ids.inspect} secrets=<redacted>>"
    end
    alias to_s inspect

    private

    # A copy would share the native keyring, and a hook set on the copy would be called
    # through a callback that dies with the copy.
    def initialize_copy(_original)
      raise TypeError, "can't copy a Userhash::Keyring: share the one instance"
    end

    def adopt(handle)
      @handle = handle
      @key_ids = Native.keyring_key_ids(@handle)
      @hook_state = nil
      @callback = nil
    end

    # Runs the block, a library call that may run the hook, counted by the hook's state.
    def hooked(&call)
      @hook_state ? @hook_state.call(&call) : yield
    end

    # Runs the block, a library call that modifies the keyring, when no hooked call runs.
    def change(what, &call)
      @hook_state ? @hook_state.change(what, &call) : yield
    end

    def verification((outcome, reason, index))
      Verification.new(outcome: outcome, key_id: index && @key_ids[index], reason: reason)
    end
  end

  # Why +hash+ does or does not verify for +user_id+ under +secret+ (text, or BINARY raw
  # key bytes): a Finding. See Keyring#explain. A server-side debugging aid: never expose it
  # to end users unauthenticated.
  def self.explain(secret, user_id, hash, email: nil)
    code, message = Native.explain_oneshot(secret, user_id, hash, email)
    Finding.new(code: code, message: message)
  end
end
