# frozen_string_literal: true

require 'ffi'

module Userhash
  # libuserhash through the ffi gem, and the one place where Ruby values become the C
  # ABI's bytes and its result codes become exceptions. Not part of the public API.
  module Native
    extend FFI::Library

    ENV_VAR = 'USERHASH_LIB'
    # Where a packaged gem carries the library: next to this file.
    BUNDLED = File.expand_path("libuserhash.#{FFI::Platform::LIBSUFFIX}", __dir__)

    # USERHASH_LIB when set, else the bundled copy, else the system's libuserhash.
    def self.library_path
      from_env = ENV.fetch(ENV_VAR, '')
      return from_env unless from_env.empty?

      File.exist?(BUNDLED) ? BUNDLED : 'userhash'
    end

    LIBRARY = library_path
    begin
      ffi_lib LIBRARY
    rescue LoadError => e
      raise LoadError, "userhash: cannot load libuserhash from #{LIBRARY.inspect} (#{e.message}). " \
                       "Set #{ENV_VAR} to the path of libuserhash.so (`cargo build --release -p userhash-c` " \
                       "writes it to target/release/), or place it at #{BUNDLED}."
    end

    # Buffer sizes and result values from bindings/c/include/userhash.h (values never change).
    HASH_BUF_LEN = 65
    SECRET_BUF_LEN = 65
    INTEGER_ID_BUF_LEN = 21
    OK = 0
    MISSING_ENV = 6
    INVALID_USER_ID_TYPE = 8
    USER_ID_OUT_OF_RANGE = 10
    INVALID_TIMESTAMP = 17
    INVALID_METADATA = 25
    TIMESTAMP_IN_MILLISECONDS = 29
    BUFFER_TOO_SMALL = 101
    TOKEN_BUF_LEN = 88

    attach_function :userhash_sign, %i[pointer size_t pointer size_t pointer size_t], :uint32
    attach_function :userhash_verify, %i[pointer size_t pointer size_t pointer size_t pointer], :uint32
    attach_function :userhash_generate_secret, %i[pointer size_t], :uint32
    attach_function :userhash_integer_id, %i[int64 pointer size_t pointer], :uint32
    attach_function :userhash_version, [], :string
    attach_function :userhash_result_code, [:uint32], :string
    attach_function :userhash_error_message, [:uint32], :string
    attach_function :userhash_signer_new, %i[pointer size_t pointer], :uint32
    attach_function :userhash_signer_new_bytes, %i[pointer size_t pointer], :uint32
    attach_function :userhash_signer_sign, %i[pointer pointer size_t pointer size_t], :uint32
    attach_function :userhash_signer_verify, %i[pointer pointer size_t pointer size_t pointer], :uint32
    attach_function :userhash_signer_free, [:pointer], :void

    # Keyrings, tokens, explain (docs/spec.md sections 2-4). Optional int64 arguments (now,
    # not_before, not_after) are pointers: nil is NULL, else an 8-byte String ([n].pack('q')).
    callback :failure_callback, %i[pointer pointer], :void
    attach_function :userhash_keyring_new, %i[pointer size_t pointer size_t pointer], :uint32
    attach_function :userhash_keyring_new_bytes, %i[pointer size_t pointer size_t pointer], :uint32
    attach_function :userhash_keyring_from_env, [:pointer], :uint32
    attach_function :userhash_keyring_add, %i[pointer pointer size_t pointer size_t pointer pointer], :uint32
    attach_function :userhash_keyring_add_bytes, %i[pointer pointer size_t pointer size_t pointer pointer], :uint32
    attach_function :userhash_keyring_on_failure, %i[pointer failure_callback pointer], :uint32
    attach_function :userhash_keyring_key_count, %i[pointer pointer], :uint32
    attach_function :userhash_keyring_key_id, %i[pointer size_t pointer size_t pointer], :uint32
    attach_function :userhash_keyring_sign, %i[pointer pointer size_t pointer size_t], :uint32
    attach_function :userhash_keyring_verify_detailed, %i[pointer pointer size_t pointer size_t pointer pointer], :uint32
    attach_function :userhash_keyring_issue_token, %i[pointer pointer size_t uint64 pointer size_t], :uint32
    attach_function :userhash_keyring_issue_token_at, %i[pointer pointer size_t int64 pointer size_t], :uint32
    attach_function :userhash_keyring_verify_token,
                    %i[pointer pointer size_t pointer size_t pointer uint64 pointer], :uint32
    attach_function :userhash_keyring_explain,
                    %i[pointer pointer size_t pointer size_t pointer size_t pointer pointer pointer size_t pointer],
                    :uint32
    attach_function :userhash_explain,
                    %i[pointer size_t pointer size_t pointer size_t pointer size_t pointer pointer size_t pointer],
                    :uint32
    attach_function :userhash_keyring_free, [:pointer], :void
    attach_function :userhash_outcome_name, [:uint32], :string
    attach_function :userhash_widget_json, %i[pointer pointer pointer size_t pointer], :uint32
    attach_function :userhash_widget_script, %i[pointer pointer pointer size_t pointer size_t pointer], :uint32

    # Integer ids the C ABI converts; larger ones up to the core's signed 128-bit limit are
    # converted by Integer#to_s, the same canonical decimal (checked by the shared vectors).
    INT64 = (-2**63...2**63).freeze
    INT128 = (-2**127...2**127).freeze
    # userhash_integer_id insists on a length pointer; the length is read from the NUL.
    LENGTH_SCRATCH = FFI::MemoryPointer.new(:size_t)

    module_function

    def raise_for(result, message = nil)
      code = userhash_result_code(result)
      raise Userhash.error_for(code, message || userhash_error_message(result))
    end

    def check(result)
      raise_for(result) unless result == OK
    end

    # The bytes hashed for a user id: a String's bytes as they are, an Integer's canonical
    # decimal. Anything else is refused rather than guessed at.
    def id_bytes(user_id)
      case user_id
      when String then user_id
      when Integer then integer_id(user_id)
      else
        raise_for(INVALID_USER_ID_TYPE,
                  "the user id must be a String or an Integer, not #{user_id.class}")
      end
    end

    def integer_id(number)
      return number.to_s if !INT64.cover?(number) && INT128.cover?(number)
      raise_for(USER_ID_OUT_OF_RANGE) unless INT64.cover?(number)

      out = scratch(INTEGER_ID_BUF_LEN)
      check(userhash_integer_id(number, out, INTEGER_ID_BUF_LEN, LENGTH_SCRATCH))
      out.byteslice(0, out.index("\0"))
    end

    # A text secret (any encoding but BINARY; must be UTF-8 without surrounding
    # whitespace) or a raw key (a BINARY String, taken as it is).
    def secret_string(secret)
      return secret if secret.is_a?(String)

      raise TypeError, "the secret must be a String (text, or BINARY for a raw key), not #{secret.class}"
    end

    def raw_key?(secret)
      secret.encoding == Encoding::BINARY
    end

    def new_signer(secret)
      secret = secret_string(secret)
      out = FFI::MemoryPointer.new(:pointer)
      create = raw_key?(secret) ? :userhash_signer_new_bytes : :userhash_signer_new
      check(send(create, secret, secret.bytesize, out))
      FFI::AutoPointer.new(out.read_pointer, method(:userhash_signer_free))
    end

    # A hash to verify: a String (either hex case) or nil, which verifies as "" does: never.
    def hash_bytes(hash)
      return '' if hash.nil?
      return hash if hash.is_a?(String)

      raise TypeError, "the hash must be a String, not #{hash.class}"
    end

    # A fresh String for C to write into: unshared, so no other String sees the bytes.
    def scratch(length)
      "\0" * length
    end

    def without_nul(out)
      out.chop! # the NUL the C ABI writes after the text
      out
    end

    def sign(signer, user_id)
      id = id_bytes(user_id)
      out = scratch(HASH_BUF_LEN)
      check(userhash_signer_sign(signer, id, id.bytesize, out, HASH_BUF_LEN))
      without_nul(out)
    end

    def verify(signer, user_id, hash)
      id = id_bytes(user_id)
      hash = hash_bytes(hash)
      valid = scratch(1)
      check(userhash_signer_verify(signer, id, id.bytesize, hash, hash.bytesize, valid))
      valid.getbyte(0) == 1
    end

    # Text secrets take the C ABI's one-shot functions; raw keys need a signer.
    def sign_oneshot(secret, user_id)
      secret = secret_string(secret)
      return sign(new_signer(secret), user_id) if raw_key?(secret)

      id = id_bytes(user_id)
      out = scratch(HASH_BUF_LEN)
      check(userhash_sign(secret, secret.bytesize, id, id.bytesize, out, HASH_BUF_LEN))
      without_nul(out)
    end

    def verify_oneshot(secret, user_id, hash)
      secret = secret_string(secret)
      return verify(new_signer(secret), user_id, hash) if raw_key?(secret)

      id = id_bytes(user_id)
      hash = hash_bytes(hash)
      valid = scratch(1)
      check(userhash_verify(secret, secret.bytesize, id, id.bytesize, hash, hash.bytesize, valid))
      valid.getbyte(0) == 1
    end

    def generate_secret
      out = scratch(SECRET_BUF_LEN)
      check(userhash_generate_secret(out, SECRET_BUF_LEN))
      without_nul(out)
    end

    def secret_from_env(name)
      ENV.fetch(name) do
        raise_for(MISSING_ENV, "environment variable #{name} is not set")
      end
    end

    # ---- Keyrings: rotation, detailed verification, tokens, explain ----------------------

    # Stable names of outcomes and codes of results, read from the library once.
    OUTCOME_NAMES = (1..5).to_h { |value| [value, -userhash_outcome_name(value)] }.freeze
    RESULT_CODES = (0..127).filter_map { |value| (code = userhash_result_code(value)) && [value, -code] }.to_h.freeze
    # userhash_verification: outcome (uint32), reason (uint32), key_index (int64).
    VERIFICATION_SIZE = 16
    # The fiber-local slot where the failure callback leaves what the hook raised.
    HOOK_ERROR = :__userhash_hook_error

    # A text key id, secret, preset … as bytes: UTF-8 and BINARY as they are (the library
    # checks UTF-8), other encodings transcoded.
    def text(value, what)
      raise TypeError, "#{what} must be a String, not #{value.class}" unless value.is_a?(String)

      enc = value.encoding
      enc == Encoding::UTF_8 || enc == Encoding::BINARY || enc == Encoding::US_ASCII ? value : value.encode(Encoding::UTF_8)
    end

    # Unix seconds as an Integer (a Time gives its whole seconds); out of int64 is refused
    # by the core's rule for times (raise_out_of_range).
    def unix_seconds(value, what)
      value = value.to_i if value.is_a?(Time)
      raise TypeError, "#{what} must be an Integer of Unix seconds or a Time, not #{value.class}" unless value.is_a?(Integer)
      raise_out_of_range(value, what) unless INT64.cover?(value)

      value
    end

    # The core's rule for a time, applied to an Integer too large or too small for the C ABI:
    # above, timestamp_in_milliseconds (10^11 seconds or more can only be milliseconds);
    # below, invalid_timestamp (negative).
    def raise_out_of_range(value, what)
      raise_for(TIMESTAMP_IN_MILLISECONDS) if value.positive?
      raise_for(INVALID_TIMESTAMP, "#{what} #{value} is outside the signed 64-bit range")
    end

    # An optional time as the C ABI's `const int64_t *`: nil is NULL.
    def time_pointer(value, what)
      value.nil? ? nil : [unix_seconds(value, what)].pack('q')
    end

    # Seconds as a uint64 (a ttl or a leeway): negative is invalid_timestamp, beyond 64 bits
    # timestamp_in_milliseconds.
    def seconds(value, what)
      raise TypeError, "#{what} must be an Integer of seconds, not #{value.class}" unless value.is_a?(Integer)
      raise_for(INVALID_TIMESTAMP, "#{what} must not be negative") if value.negative?
      raise_for(TIMESTAMP_IN_MILLISECONDS) unless value < 2**64

      value
    end

    def handle_out
      FFI::MemoryPointer.new(:pointer)
    end

    def keyring_handle(out)
      FFI::AutoPointer.new(out.read_pointer, method(:userhash_keyring_free))
    end

    def new_keyring(primary_id, secret)
      primary_id = text(primary_id, 'the key id')
      secret = secret_string(secret)
      out = handle_out
      create = raw_key?(secret) ? :userhash_keyring_new_bytes : :userhash_keyring_new
      check(send(create, primary_id, primary_id.bytesize, secret, secret.bytesize, out))
      keyring_handle(out)
    end

    def keyring_from_env
      out = handle_out
      check(userhash_keyring_from_env(out))
      keyring_handle(out)
    end

    def keyring_add(keyring, id, secret, not_before, not_after)
      id = text(id, 'the key id')
      secret = secret_string(secret)
      add = raw_key?(secret) ? :userhash_keyring_add_bytes : :userhash_keyring_add
      check(send(add, keyring, id, id.bytesize, secret, secret.bytesize,
                 time_pointer(not_before, 'not_before'), time_pointer(not_after, 'not_after')))
    end

    # Every key id, primary first, as frozen UTF-8 Strings.
    def keyring_key_ids(keyring)
      count = scratch(8)
      check(userhash_keyring_key_count(keyring, count))
      Array.new(count.unpack1('Q')) do |index|
        length = scratch(8)
        out = scratch(256)
        result = userhash_keyring_key_id(keyring, index, out, out.bytesize, length)
        if result == BUFFER_TOO_SMALL
          out = scratch(length.unpack1('Q') + 1)
          result = userhash_keyring_key_id(keyring, index, out, out.bytesize, length)
        end
        check(result)
        -out.byteslice(0, length.unpack1('Q')).force_encoding(Encoding::UTF_8)
      end.freeze
    end

    def keyring_sign(keyring, user_id)
      id = id_bytes(user_id)
      out = scratch(HASH_BUF_LEN)
      check(userhash_keyring_sign(keyring, id, id.bytesize, out, HASH_BUF_LEN))
      without_nul(out)
    end

    # [outcome, reason code or nil, key index or nil] from a userhash_verification.
    def verification(out)
      reason = out.unpack1('L', offset: 4)
      index = out.unpack1('q', offset: 8)
      [OUTCOME_NAMES.fetch(out.unpack1('L')), reason.zero? ? nil : RESULT_CODES.fetch(reason), index.negative? ? nil : index]
    end

    # Raises what the failure hook raised during the last call on this fiber, if anything.
    def raise_hook_error
      error = Thread.current[HOOK_ERROR]
      return unless error

      Thread.current[HOOK_ERROR] = nil
      raise error
    end

    def keyring_verify_detailed(keyring, user_id, hash, now)
      id = id_bytes(user_id)
      hash = hash_bytes(hash)
      out = scratch(VERIFICATION_SIZE)
      result = userhash_keyring_verify_detailed(keyring, id, id.bytesize, hash, hash.bytesize,
                                                time_pointer(now, 'now'), out)
      raise_hook_error
      check(result)
      verification(out)
    end

    def keyring_issue_token(keyring, user_id, ttl, expires_at)
      id = id_bytes(user_id)
      out = scratch(TOKEN_BUF_LEN)
      check(if expires_at.nil?
              userhash_keyring_issue_token(keyring, id, id.bytesize, seconds(ttl, 'ttl'), out, TOKEN_BUF_LEN)
            else
              userhash_keyring_issue_token_at(keyring, id, id.bytesize, unix_seconds(expires_at, 'expires_at'),
                                              out, TOKEN_BUF_LEN)
            end)
      out.byteslice(0, out.index("\0"))
    end

    def keyring_verify_token(keyring, user_id, token, leeway, now)
      id = id_bytes(user_id)
      token = hash_bytes(token)
      out = scratch(VERIFICATION_SIZE)
      result = userhash_keyring_verify_token(keyring, id, id.bytesize, token, token.bytesize,
                                             time_pointer(now, 'now'), seconds(leeway, 'leeway'), out)
      raise_hook_error
      check(result)
      verification(out)
    end

    # [code, message] of explain: the function is called with (message buffer, its size,
    # length out, code out) and called again when the buffer is too small, with the hook of
    # +hook_state+ (if any) silenced: the second call repeats the failure the first reported.
    def sized_explain(hook_state = nil)
      code = FFI::MemoryPointer.new(:pointer)
      length = scratch(8)
      out = scratch(512)
      result = yield(out, length, code)
      if result == BUFFER_TOO_SMALL
        out = scratch(length.unpack1('Q') + 1)
        result = hook_state ? hook_state.silenced { yield(out, length, code) } : yield(out, length, code)
      end
      raise_hook_error
      check(result)
      [-code.read_pointer.read_string, out.byteslice(0, length.unpack1('Q')).force_encoding(Encoding::UTF_8)]
    end

    def keyring_explain(keyring, user_id, hash, email, now, hook_state)
      id = id_bytes(user_id)
      hash = hash_bytes(hash)
      email = text(email, 'the email') unless email.nil?
      # A fixed time, so that a second call with a larger buffer finds the same thing.
      now = time_pointer(now.nil? ? Time.now.to_i : now, 'now')
      sized_explain(hook_state) do |out, length, code|
        userhash_keyring_explain(keyring, id, id.bytesize, hash, hash.bytesize, email, email ? email.bytesize : 0,
                                 now, code, out, out.bytesize, length)
      end
    end

    def explain_oneshot(secret, user_id, hash, email)
      secret = secret_string(secret)
      return keyring_explain(new_keyring('key', secret), user_id, hash, email, nil, nil) if raw_key?(secret)

      id = id_bytes(user_id)
      hash = hash_bytes(hash)
      email = text(email, 'the email') unless email.nil?
      sized_explain do |out, length, code|
        userhash_explain(secret, secret.bytesize, id, id.bytesize, hash, hash.bytesize,
                         email, email ? email.bytesize : 0, code, out, out.bytesize, length)
      end
    end

    # userhash_failure_event: outcome, reason (uint32 each), then key_id, user_id and
    # hash_prefix as (pointer, size_t) pairs.
    class FailureEventStruct < FFI::Struct
      layout :outcome, :uint32, :reason, :uint32, :key_id, :pointer, :key_id_len, :size_t,
             :user_id, :pointer, :user_id_len, :size_t, :hash_prefix, :pointer, :hash_prefix_len, :size_t
    end

    def utf8_at(pointer, length)
      pointer.read_bytes(length).force_encoding(Encoding::UTF_8).freeze
    end

    # A keyring's hook, read by its C callback at every failure (the C ABI cannot remove a
    # callback, so a keyring keeps one and swaps the hook here), and the count of calls on
    # the keyring that may run it. While a hook runs, the C library is still inside the
    # verification, reading the keyring, and other threads may run (the hook is Ruby code):
    # #change refuses to modify the keyring while any such call is in flight. Without a hook
    # no Ruby code runs inside a call, so the GVL keeps other threads out of it.
    class HookState
      SILENCED = :__userhash_silenced_hook

      attr_accessor :hook

      def initialize
        @hook = nil
        @calls = 0
        @lock = Mutex.new
      end

      # Runs the block, a C call that may call the hook.
      def call
        @lock.synchronize { @calls += 1 }
        begin
          yield
        ensure
          @lock.synchronize { @calls -= 1 }
        end
      end

      # Runs the block, a C call that modifies the keyring, unless a call is in flight.
      def change(what)
        @lock.synchronize do
          if @calls.positive?
            raise "can't #{what} a Userhash::Keyring while a verification with it runs the on_failure " \
                  'hook (libuserhash is still reading the keyring): add keys before sharing the keyring'
          end

          yield
        end
      end

      # Runs the block with the hook not called on this fiber.
      def silenced
        previous = Thread.current[SILENCED]
        Thread.current[SILENCED] = self
        yield
      ensure
        Thread.current[SILENCED] = previous
      end

      def silenced?
        Thread.current[SILENCED].equal?(self)
      end
    end

    # The C callback for the hook of +state+ (a HookState). It must never unwind into
    # libuserhash: what the hook raises is kept and raised once the verification has returned
    # (raise_hook_error), and a throw, break or return out of the hook is stopped here and
    # raised as a LocalJumpError the same way.
    def failure_callback(state)
      FFI::Function.new(:void, %i[pointer pointer], lambda do |event_pointer, _user_data|
        failure = LocalJumpError.new('the on_failure hook left by throw, break or return; it must return normally')
        begin
          hook = state.hook
          hook.call(failure_event(FailureEventStruct.new(event_pointer))) if hook && !state.silenced?
          failure = nil
        rescue Exception => e # rubocop:disable Lint/RescueException -- nothing may unwind through C
          failure = e
        ensure
          Thread.current[HOOK_ERROR] ||= failure if failure
          return nil # rubocop:disable Lint/EnsureReturn -- stops a throw at the C boundary
        end
      end)
    end

    def failure_event(event)
      reason = event[:reason]
      FailureEvent.new(
        outcome: OUTCOME_NAMES.fetch(event[:outcome]),
        reason: reason.zero? ? nil : RESULT_CODES.fetch(reason),
        key_id: event[:key_id].null? ? nil : utf8_at(event[:key_id], event[:key_id_len]),
        user_id: utf8_at(event[:user_id], event[:user_id_len]),
        hash_prefix: utf8_at(event[:hash_prefix], event[:hash_prefix_len])
      )
    end

    def keyring_on_failure(keyring, function)
      check(userhash_keyring_on_failure(keyring, function, nil))
    end

    # ---- Widget snippets ------------------------------------------------------------------

    USER_FIELDS = %w[id name email phone profile_picture_url created_at metadata].freeze
    META_TEXT = 0
    META_INTEGER = 1
    META_BOOL = 2
    META_NULL = 3

    # Lays a userhash_widget_config out in one block of native memory (malloc'd, so nothing
    # moves while C reads it): the structs, then every text they point to. #build returns
    # the block, with the config at its start.
    class WidgetArena
      def initialize
        @structs = [] # [offset, fields], written once the base address is known
        @bytes = +''.b
        @struct_size = 0
      end

      # Reserves a struct of `size` bytes; returns its offset.
      def struct(size)
        offset = @struct_size
        @struct_size += size
        offset
      end

      # Queues struct field values: an Array of [kind, value] where kind is :text (String or
      # nil → pointer + length), :ptr (offset or nil), :u64, :i64, :u32, :u8.
      def fill(offset, fields)
        @structs << [offset, fields]
      end

      # Adds bytes to the text area; returns their text-area offset.
      def bytes(string)
        offset = @bytes.bytesize
        @bytes << string.b
        offset
      end

      def build
        memory = FFI::MemoryPointer.new(:char, @struct_size + @bytes.bytesize + 1, false)
        base = memory.address
        text_base = base + @struct_size
        memory.put_bytes(@struct_size, @bytes) unless @bytes.empty?
        memory.put_uint8(@struct_size + @bytes.bytesize, 0)
        @structs.each do |offset, fields|
          packed = fields.map do |kind, value|
            case kind
            when :text then value.nil? ? [0, 0].pack('QQ') : [text_base + value[0], value[1]].pack('QQ')
            when :ptr then [value.nil? ? 0 : base + value].pack('Q')
            when :u64 then [value].pack('Q')
            when :i64 then [value].pack('q')
            when :u32 then [value].pack('Lx4')
            when :u8 then [value].pack('Cx7')
            end
          end.join
          memory.put_bytes(offset, packed)
        end
        memory
      end
    end

    # [offset, length] of a text in the arena, nil for nil.
    def arena_text(arena, value, what)
      return nil if value.nil?

      value = text(value, what)
      [arena.bytes(value), value.bytesize]
    end

    def widget_user_fields(user)
      raise TypeError, "the widget user must be a Hash or nil, not #{user.class}" unless user.is_a?(Hash)

      user.to_h do |key, value|
        name = key.to_s
        unless (key.is_a?(Symbol) || key.is_a?(String)) && USER_FIELDS.include?(name)
          raise ArgumentError, "unknown widget user field #{key.inspect}: the fields are #{USER_FIELDS.join(', ')}"
        end

        [name, value]
      end
    end

    def metadata_entry(arena, key, value)
      key = key.to_s if key.is_a?(Symbol)
      raise_for(INVALID_METADATA, "metadata keys must be Strings or Symbols, not #{key.class}") unless key.is_a?(String)

      kind, text_value, integer, boolean =
        case value
        when String then [META_TEXT, arena_text(arena, value, 'a metadata value'), 0, 0]
        when Integer
          raise_for(INVALID_METADATA, "metadata integer #{value} is outside the signed 64-bit range") unless INT64.cover?(value)
          [META_INTEGER, nil, value, 0]
        when true, false then [META_BOOL, nil, 0, value ? 1 : 0]
        when nil then [META_NULL, nil, 0, 0]
        else raise_for(INVALID_METADATA, "metadata values must be String, Integer, true, false or nil, not #{value.class}")
        end
      [[:text, arena_text(arena, key, 'a metadata key')], [:u32, kind], [:text, text_value], [:i64, integer], [:u8, boolean]]
    end

    def widget_user(arena, user)
      fields = widget_user_fields(user)
      offset = arena.struct(13 * 8)
      id = fields['id'].nil? ? '' : id_bytes(fields['id'])
      created_at = fields['created_at']
      created_at_offset = nil
      unless created_at.nil?
        raise_for(INVALID_TIMESTAMP, 'created_at must be an Integer of Unix seconds') unless created_at.is_a?(Integer)
        raise_out_of_range(created_at, 'created_at') unless INT64.cover?(created_at)
        created_at_offset = arena.struct(8)
        arena.fill(created_at_offset, [[:i64, created_at]])
      end
      metadata = fields['metadata']
      metadata_offset = nil
      unless metadata.nil?
        raise_for(INVALID_METADATA, "metadata must be a Hash, not #{metadata.class}") unless metadata.is_a?(Hash)

        metadata_offset = arena.struct(56 * [metadata.size, 1].max)
        metadata.each_with_index do |(key, value), i|
          arena.fill(metadata_offset + 56 * i, metadata_entry(arena, key, value))
        end
      end
      arena.fill(offset, [
                   [:text, [arena.bytes(id), id.bytesize]],
                   [:text, arena_text(arena, fields['name'], 'the name')],
                   [:text, arena_text(arena, fields['email'], 'the email')],
                   [:text, arena_text(arena, fields['phone'], 'the phone')],
                   [:text, arena_text(arena, fields['profile_picture_url'], 'the profile picture URL')],
                   [:ptr, created_at_offset], [:ptr, metadata_offset], [:u64, metadata.nil? ? 0 : metadata.size]
                 ])
      offset
    end

    # The userhash_widget_config of these arguments, in native memory.
    def widget_config(preset, app_id, user, global)
      arena = WidgetArena.new
      config = arena.struct(7 * 8)
      preset = preset.to_s if preset.is_a?(Symbol)
      user_offset = user.nil? ? nil : widget_user(arena, user)
      arena.fill(config, [[:text, arena_text(arena, preset, 'the preset')], [:text, arena_text(arena, app_id, 'the app id')],
                          [:text, arena_text(arena, global, 'the global')], [:ptr, user_offset]])
      arena.build
    end

    def widget_output(guess)
      length = scratch(8)
      out = scratch(guess)
      result = yield(out, length)
      if result == BUFFER_TOO_SMALL
        out = scratch(length.unpack1('Q') + 1)
        result = yield(out, length)
      end
      check(result)
      out.byteslice(0, length.unpack1('Q')).force_encoding(Encoding::UTF_8)
    end

    def widget(signer, preset, app_id, user, global, nonce, script:)
      config = widget_config(preset, app_id, user, global)
      guess = 512 + 6 * config.size
      if script
        nonce = text(nonce, 'the nonce') unless nonce.nil?
        widget_output(guess + (nonce ? nonce.bytesize : 0)) do |out, length|
          userhash_widget_script(signer, config, nonce, nonce ? nonce.bytesize : 0, out, out.bytesize, length)
        end
      else
        widget_output(guess) { |out, length| userhash_widget_json(signer, config, out, out.bytesize, length) }
      end
    end
  end
  private_constant :Native
end
