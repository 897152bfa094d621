# frozen_string_literal: true

require 'ffi'
require 'json'

module Userhash
  # libuserhash through ffi: Ruby values to C arguments, results to values and exceptions (private).
  module Native
    extend FFI::Library

    # The running platform by the C release tarballs' names (x86_64-linux-gnu …): a platform
    # gem carries its library in lib/userhash/PLATFORM/.
    PLATFORM = Gem::Platform.local.then do |local|
      local.os == 'linux' ? "#{local.cpu}-linux-#{local.version.to_s.start_with?('musl') ? 'musl' : 'gnu'}" : local.to_s
    end
    BUNDLED = File.join(__dir__, PLATFORM, 'libuserhash.so')
    WHAT_TO_DO = "Install the platform gem userhash-#{VERSION}-#{PLATFORM.delete_suffix('-gnu')}.gem (there are gems for " \
                 'x86_64-linux, aarch64-linux and x86_64-linux-musl), or set USERHASH_LIB to the lib/libuserhash.so ' \
                 "of the C release tarball userhash-#{VERSION}-#{PLATFORM}.tar.gz."
    # $USERHASH_LIB when set, else the platform gem's copy. The errors have no cause: the one
    # they would show is RubyGems' first "cannot load such file -- userhash".
    LIBRARY = ENV.fetch('USERHASH_LIB', '').then { |path| path.empty? ? BUNDLED : path }
    if LIBRARY == BUNDLED && !File.exist?(BUNDLED)
      raise LoadError, "userhash: this gem has no libuserhash for #{PLATFORM} (no #{BUNDLED}). #{WHAT_TO_DO}", cause: nil
    end
    begin
      ffi_lib LIBRARY
    rescue LoadError => e
      raise LoadError, "userhash: cannot load libuserhash from #{LIBRARY} (#{e.message}). #{WHAT_TO_DO}", cause: nil
    end

    # Buffer sizes of bindings/c/include/userhash.h (they never change).
    HASH_BUF_LEN = SECRET_BUF_LEN = 65
    TOKEN_BUF_LEN = 88
    INT64, INT128 = (-2**63..2**63 - 1).freeze, (-2**127...2**127).freeze
    # The result values of the errors Ruby finds itself, as no C call can give them.
    INVALID_USER_ID_TYPE, USER_ID_OUT_OF_RANGE =
      Contract::ERRORS.to_h { |value, (code, _)| [code, value] }.fetch_values('invalid_user_id_type', 'user_id_out_of_range')

    # userhash_string: text the library allocated, released by userhash_string_free.
    class OwnedString < FFI::Struct
      layout :ptr, :pointer, :len, :size_t
    end

    # Read from a String by one unpack: an FFI::Struct per call costs more than the call.
    class VerificationStruct < FFI::Struct
      layout :outcome, :uint32, :reason, :uint32, :key_index, :int64, :hash_prefix, [:uint8, 25], :hash_prefix_len, :size_t
    end
    VERIFICATION_FORMAT = "LL@#{VerificationStruct.offset_of(:key_index)}q@#{VerificationStruct.offset_of(:hash_prefix_len)}J"
    PREFIX_OFFSET = VerificationStruct.offset_of(:hash_prefix)

    %i[version last_error_message].each { |name| attach_function :"userhash_#{name}", [], :string }
    %i[string_free signer_free keyring_free].each { |name| attach_function :"userhash_#{name}", [:pointer], :void }
    # The rest return a userhash_result, grouped by arguments; an optional int64 is a pointer.
    {
      %i[pointer size_t] => %i[generate_secret],
      %i[pointer size_t pointer] => %i[signer_new signer_new_bytes],
      %i[pointer size_t pointer size_t pointer] => %i[signer_from_env_value keyring_new keyring_new_bytes],
      %i[pointer size_t pointer size_t pointer size_t] => %i[sign],
      %i[pointer size_t pointer size_t pointer size_t pointer] => %i[verify keyring_from_values],
      %i[pointer pointer size_t pointer] => %i[widget_json],
      %i[pointer pointer size_t pointer size_t] => %i[signer_sign keyring_sign],
      %i[pointer pointer size_t pointer size_t pointer] => %i[signer_verify widget_script],
      %i[pointer pointer size_t pointer size_t pointer pointer] => %i[keyring_add keyring_add_bytes keyring_verify_detailed],
      %i[pointer pointer size_t int64 pointer size_t] => %i[keyring_issue_token keyring_issue_token_at],
      %i[pointer pointer size_t pointer size_t pointer int64 pointer] => %i[keyring_verify_token],
      %i[pointer pointer size_t pointer size_t pointer size_t pointer pointer] => %i[keyring_explain],
      %i[pointer pointer] => %i[keyring_key_count],
      %i[pointer size_t pointer pointer] => %i[keyring_key_id]
    }.each { |arguments, names| names.each { |name| attach_function :"userhash_#{name}", arguments, :uint32 } }

    module_function

    def error(value, message)
      code, category = Contract::ERRORS.fetch(value)
      CATEGORY_CLASSES.fetch(category, Error).new(message, code)
    end

    # The library's message is this thread's, valid until its next failing call.
    def check(result)
      raise error(result, userhash_last_error_message.force_encoding(Encoding::UTF_8)) unless result.zero?
    end

    def handle(free)
      out = FFI::MemoryPointer.new(:pointer)
      check(yield(out))
      FFI::AutoPointer.new(out.read_pointer, method(free))
    end

    # A BINARY secret is raw key bytes, for the function's _bytes twin.
    def with_secret(function, secret, before, after)
      secret = secret(secret)
      function = :"#{function}_bytes" if secret.encoding == Encoding::BINARY
      send(function, *before, secret, secret.bytesize, *after)
    end

    # A fresh String per call (no thread shares it), without the NUL the call writes.
    def c_string(size = HASH_BUF_LEN)
      out = "\0" * size
      check(yield(out))
      out.chop! # returns out, never empty
    end

    def flag
      out = "\0" * 1
      check(yield(out))
      out.getbyte(0) == 1
    end

    def owned_string(function, *arguments)
      out = OwnedString.new
      check(send(function, *arguments, out))
      out[:ptr].read_bytes(out[:len]).force_encoding(Encoding::UTF_8)
    ensure
      userhash_string_free(out) if out
    end

    # [outcome, reason code or nil, key index or nil, hash prefix ("" when verified)]
    def verification
      out = "\0" * VerificationStruct.size
      check(yield(out))
      outcome, reason, index, prefix_length = out.unpack(VERIFICATION_FORMAT)
      [Contract::OUTCOMES.fetch(outcome), reason.zero? ? nil : Contract::ERRORS.fetch(reason).first,
       index.negative? ? nil : index,
       prefix_length.zero? ? '' : out.byteslice(PREFIX_OFFSET, prefix_length).force_encoding(Encoding::UTF_8)]
    end

    # An Integer's canonical decimal is Integer#to_s (the shared vectors check it up to 2**127).
    def id_bytes(user_id)
      case user_id
      when String then user_id
      when Integer
        return user_id.to_s if INT128.cover?(user_id)
        raise error(USER_ID_OUT_OF_RANGE, 'the integer user id is out of range (it must fit in a signed 128-bit integer)')
      else raise error(INVALID_USER_ID_TYPE, "the user id must be a String or an Integer, not #{user_id.class}")
      end
    end

    # +value+ if it is a +type+, else TypeError "+what+, not its class".
    def expect(value, type, what)
      value.is_a?(type) ? value : raise(TypeError, "#{what}, not #{value.class}")
    end

    def secret(secret)
      expect(secret, String, 'the secret must be a String (text, or BINARY for a raw key)')
    end

    # nil is checked as "", which never verifies.
    def presented(hash)
      return hash if hash.is_a?(String) # first: the hot path
      hash.nil? ? '' : raise(TypeError, "the hash must be a String, not #{hash.class}")
    end

    # UTF-8 and BINARY as they are (the core checks them), other encodings transcoded.
    def text(value, what)
      value = expect(value, String, "#{what} must be a String")
      [Encoding::UTF_8, Encoding::BINARY, Encoding::US_ASCII].include?(value.encoding) ? value : value.encode(Encoding::UTF_8)
    end

    # (pointer, length), nil as (NULL, 0); a text named +what+ if given.
    def optional(value, what = nil)
      value = text(value, what) if what && !value.nil?
      [value, value ? value.bytesize : 0]
    end

    # Saturated to 64 bits: the core's verdict is the same (negative, or milliseconds).
    def seconds(value, what, time = false)
      value = value.to_i if time && value.is_a?(Time)
      value.is_a?(Integer) ? value.clamp(INT64) : raise(TypeError, "#{what} must be an Integer of seconds, not #{value.class}")
    end

    def time_pointer(value, what)
      value.nil? ? nil : [seconds(value, what, :time)].pack('q')
    end
  end
  private_constant :Native
end
