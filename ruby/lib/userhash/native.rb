# frozen_string_literal: true

require 'ffi'
require 'json'

module Userhash
  # libuserhash through the ffi gem: the one place where Ruby values become C arguments and
  # results become Ruby values and exceptions. Every rule is the core's. Not public API.
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

    # Sizes, and the result values of errors found before any call, from
    # bindings/c/include/userhash.h (they never change).
    HASH_BUF_LEN = 65
    TOKEN_BUF_LEN = 88
    SECRET_BUF_LEN = 65
    HASH_PREFIX_BUF_LEN = 25 # 8 bytes as UTF-8 (U+FFFD for each invalid one) and a NUL
    INVALID_USER_ID_TYPE = 8
    USER_ID_OUT_OF_RANGE = 10
    INT64 = (-2**63..2**63 - 1).freeze
    INT128 = (-2**127...2**127).freeze

    # userhash_string: text the library allocated, released by userhash_string_free.
    class OwnedString < FFI::Struct
      layout :ptr, :pointer, :len, :size_t
    end

    # userhash_verification: the outcome and what the failure event needs.
    class VerificationStruct < FFI::Struct
      layout :outcome, :uint32, :reason, :uint32, :key_index, :int64,
             :hash_prefix, [:uint8, HASH_PREFIX_BUF_LEN], :hash_prefix_len, :size_t
    end
    # It is read from a String (an FFI::Struct per call costs more than the call): outcome,
    # reason, key_index and hash_prefix_len by one unpack, then the prefix's bytes.
    VERIFICATION_FORMAT = "LL@#{VerificationStruct.offset_of(:key_index)}q@#{VerificationStruct.offset_of(:hash_prefix_len)}J"
    PREFIX_OFFSET = VerificationStruct.offset_of(:hash_prefix)

    attach_function :userhash_version, [], :string
    attach_function :userhash_last_error_message, [], :string
    attach_function :userhash_string_free, [:pointer], :void
    attach_function :userhash_generate_secret, %i[pointer size_t], :uint32
    attach_function :userhash_sign, %i[pointer size_t pointer size_t pointer size_t], :uint32
    attach_function :userhash_verify, %i[pointer size_t pointer size_t pointer size_t pointer], :uint32
    attach_function :userhash_signer_new, %i[pointer size_t pointer], :uint32
    attach_function :userhash_signer_new_bytes, %i[pointer size_t pointer], :uint32
    attach_function :userhash_signer_from_env_value, %i[pointer size_t pointer size_t pointer], :uint32
    attach_function :userhash_signer_sign, %i[pointer pointer size_t pointer size_t], :uint32
    attach_function :userhash_signer_verify, %i[pointer pointer size_t pointer size_t pointer], :uint32
    attach_function :userhash_signer_free, [:pointer], :void
    attach_function :userhash_widget_json, %i[pointer pointer size_t pointer], :uint32
    attach_function :userhash_widget_script, %i[pointer pointer size_t pointer size_t pointer], :uint32
    # Optional int64 arguments (now, not_before, not_after) are pointers: nil is NULL.
    attach_function :userhash_keyring_new, %i[pointer size_t pointer size_t pointer], :uint32
    attach_function :userhash_keyring_new_bytes, %i[pointer size_t pointer size_t pointer], :uint32
    attach_function :userhash_keyring_from_values, %i[pointer size_t pointer size_t pointer size_t pointer], :uint32
    attach_function :userhash_keyring_add, %i[pointer pointer size_t pointer size_t pointer pointer], :uint32
    attach_function :userhash_keyring_add_bytes, %i[pointer pointer size_t pointer size_t pointer pointer], :uint32
    attach_function :userhash_keyring_key_count, %i[pointer pointer], :uint32
    attach_function :userhash_keyring_key_id, %i[pointer size_t pointer pointer], :uint32
    attach_function :userhash_keyring_sign, %i[pointer pointer size_t pointer size_t], :uint32
    attach_function :userhash_keyring_verify_detailed, %i[pointer pointer size_t pointer size_t pointer pointer], :uint32
    attach_function :userhash_keyring_issue_token, %i[pointer pointer size_t int64 pointer size_t], :uint32
    attach_function :userhash_keyring_issue_token_at, %i[pointer pointer size_t int64 pointer size_t], :uint32
    attach_function :userhash_keyring_verify_token, %i[pointer pointer size_t pointer size_t pointer int64 pointer],
                    :uint32
    attach_function :userhash_keyring_explain,
                    %i[pointer pointer size_t pointer size_t pointer size_t pointer pointer], :uint32
    attach_function :userhash_keyring_free, [:pointer], :void

    module_function

    # The exception for result +value+: its code and category from the contract.
    def error(value, message)
      code, category = Contract::ERRORS.fetch(value)
      CATEGORY_CLASSES.fetch(category, Error).new(message, code)
    end

    # Raises the exception of a failed call, with the library's message for this thread.
    def check(result)
      raise error(result, userhash_last_error_message.force_encoding(Encoding::UTF_8)) unless result.zero?
    end

    # A handle from the block's constructor call, freed by +free+ when garbage-collected.
    def handle(free)
      out = FFI::MemoryPointer.new(:pointer)
      check(yield(out))
      FFI::AutoPointer.new(out.read_pointer, method(free))
    end

    # Calls +function+ (a text secret) or its _bytes twin (a BINARY secret: raw key bytes)
    # with +before+, the secret's bytes and +after+.
    def with_secret(function, secret, before, after)
      secret = secret(secret)
      function = :"#{function}_bytes" if secret.encoding == Encoding::BINARY
      send(function, *before, secret, secret.bytesize, *after)
    end

    # What the block's call writes into a fresh String of +size+ bytes (no other String
    # shares them), without its last byte: the NUL after a hash or a secret.
    def c_string(size = HASH_BUF_LEN)
      out = "\0" * size
      check(yield(out))
      out.chop!
      out
    end

    # Whether the block's call set its bool output.
    def flag
      out = "\0" * 1
      check(yield(out))
      out.getbyte(0) == 1
    end

    # The text of the userhash_string the block's call fills, released whatever happens.
    def owned_string
      out = OwnedString.new
      check(yield(out))
      out[:ptr].read_bytes(out[:len]).force_encoding(Encoding::UTF_8)
    ensure
      userhash_string_free(out) if out
    end

    # [outcome, reason code or nil, key index or nil, hash prefix] of the block's verification.
    def verification
      out = "\0" * VerificationStruct.size
      check(yield(out))
      outcome, reason, index, prefix_length = out.unpack(VERIFICATION_FORMAT)
      [Contract::OUTCOMES.fetch(outcome), reason.zero? ? nil : Contract::ERRORS.fetch(reason).first,
       index.negative? ? nil : index, # the prefix is empty when verified
       prefix_length.zero? ? '' : out.byteslice(PREFIX_OFFSET, prefix_length).force_encoding(Encoding::UTF_8)]
    end

    # The bytes hashed for a user id: a String's bytes as they are, an Integer's canonical
    # decimal (Integer#to_s, checked by the shared vectors up to the core's 128-bit limit).
    def id_bytes(user_id)
      case user_id
      when String then user_id
      when Integer
        return user_id.to_s if INT128.cover?(user_id)

        raise error(USER_ID_OUT_OF_RANGE, 'the integer user id is out of range (it must fit in a signed 128-bit integer)')
      else raise error(INVALID_USER_ID_TYPE, "the user id must be a String or an Integer, not #{user_id.class}")
      end
    end

    # A secret: text (any encoding but BINARY) or a raw key (a BINARY String).
    def secret(secret)
      return secret if secret.is_a?(String)

      raise TypeError, "the secret must be a String (text, or BINARY for a raw key), not #{secret.class}"
    end

    # A hash or token to check: a String, or nil, checked as "" (which never verifies).
    def presented(hash)
      return hash || '' if hash.nil? || hash.is_a?(String)

      raise TypeError, "the hash must be a String, not #{hash.class}"
    end

    # A key id, email or nonce: UTF-8 and BINARY as they are (the core checks UTF-8), other
    # encodings transcoded.
    def text(value, what)
      raise TypeError, "#{what} must be a String, not #{value.class}" unless value.is_a?(String)
      return value if [Encoding::UTF_8, Encoding::BINARY, Encoding::US_ASCII].include?(value.encoding)

      value.encode(Encoding::UTF_8)
    end

    # Whole seconds for an int64 parameter, saturated beyond 64 bits: the core's verdict is
    # the same (a negative stays negative, a value of 10^11 or more stays milliseconds).
    def seconds(value, what)
      raise TypeError, "#{what} must be an Integer of seconds, not #{value.class}" unless value.is_a?(Integer)

      value.clamp(INT64)
    end

    # A time, Integer Unix seconds or a Time, as whole seconds.
    def unix_time(value, what)
      seconds(value.is_a?(Time) ? value.to_i : value, what)
    end

    # An optional time as a `const int64_t *`: nil is NULL.
    def time_pointer(value, what)
      value.nil? ? nil : [unix_time(value, what)].pack('q')
    end

    # An optional text as (pointer, length): nil is (NULL, 0).
    def optional(text)
      [text, text ? text.bytesize : 0]
    end
  end
  private_constant :Native
end
