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
  end
  private_constant :Native
end
