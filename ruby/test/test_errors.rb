# frozen_string_literal: true

require_relative 'test_helper'

# Errors: classes, stable codes, and the TypeErrors for values that are not ids.
class TestErrors < Minitest::Test
  SIGNER = Userhash::Signer.new(SEED_SECRET)

  def assert_code(klass, code, &block)
    error = assert_raises(klass, &block)
    assert_kind_of Userhash::Error, error
    assert_equal code, error.code
    error
  end

  def test_error_hierarchy
    assert_operator Userhash::Error, :<, StandardError
    [Userhash::SecretError, Userhash::UserIdError, Userhash::UserIdTypeError].each do |klass|
      assert_operator klass, :<, Userhash::Error
    end
  end

  def test_secret_errors
    assert_code(Userhash::SecretError, 'empty_secret') { Userhash::Signer.new('') }
    assert_code(Userhash::SecretError, 'empty_secret') { Userhash::Signer.new(''.b) }
    assert_code(Userhash::SecretError, 'empty_secret') { Userhash.sign('', 'user123') }
    assert_code(Userhash::SecretError, 'secret_whitespace') { Userhash::Signer.new("#{SEED_SECRET}\n") }
    assert_code(Userhash::SecretError, 'secret_whitespace') { Userhash.verify(" #{SEED_SECRET}", 'u', 'h') }
    assert_code(Userhash::SecretError, 'secret_not_utf8') { Userhash::Signer.new(+"caf\xE9") }
    assert_code(Userhash::SecretError, 'secret_not_utf8') { Userhash::Signer.new('café'.encode('ISO-8859-1')) }
  end

  def test_a_binary_secret_is_a_raw_key
    key = "#{SEED_SECRET}\n".b
    assert_equal OpenSSL::HMAC.hexdigest('SHA256', key, 'user123'), Userhash::Signer.new(key).sign('user123')
  end

  def test_user_id_errors
    assert_code(Userhash::UserIdError, 'empty_user_id') { SIGNER.sign('') }
    assert_code(Userhash::UserIdError, 'empty_user_id') { SIGNER.verify(''.b, 'a' * 64) }
    assert_code(Userhash::UserIdError, 'empty_user_id') { Userhash.verify(SEED_SECRET, '', nil) }
    assert_code(Userhash::UserIdError, 'user_id_out_of_range') { SIGNER.sign(2**127) }
    assert_code(Userhash::UserIdError, 'user_id_out_of_range') { SIGNER.sign(-2**127 - 1) }
  end

  def test_ids_that_are_not_strings_or_integers_are_type_errors
    [nil, true, false, 1.0, 1.5, :user123, ['user123'], Object.new].each do |bad|
      error = assert_code(Userhash::UserIdTypeError, 'invalid_user_id_type') { SIGNER.sign(bad) }
      assert_equal "the user id must be a String or an Integer, not #{bad.class}", error.message
      assert_code(Userhash::UserIdTypeError, 'invalid_user_id_type') { SIGNER.verify(bad, 'a' * 64) }
      assert_code(Userhash::UserIdTypeError, 'invalid_user_id_type') { Userhash.sign(SEED_SECRET, bad) }
      assert_code(Userhash::UserIdTypeError, 'invalid_user_id_type') { SIGNER.sign_many(['a', bad]) }
    end
  end

  def test_secrets_and_hashes_of_other_types_are_type_errors
    error = assert_raises(TypeError) { Userhash::Signer.new(:secret) }
    assert_match(/secret must be a String/, error.message)
    assert_raises(TypeError) { Userhash.sign(nil, 'user123') }
    assert_raises(TypeError) { SIGNER.verify('user123', 123) }
  end

  def test_a_wrong_or_missing_hash_is_false_not_an_error
    right = OpenSSL::HMAC.hexdigest('SHA256', SEED_SECRET, 'user123')
    assert SIGNER.verify('user123', right)
    ['', nil, 'v1,', " #{right}", right[0, 63], "#{right}0", right.tr('0-9', 'z')].each do |bad|
      refute SIGNER.verify('user123', bad), "#{bad.inspect} verified"
      refute Userhash.verify(SEED_SECRET, 'user123', bad), "#{bad.inspect} verified one-shot"
    end
  end

  CONTRACT_ERRORS = JSON.parse(File.read(File.join(ROOT, 'contract.json')))['errors']

  def test_missing_environment_variable
    ENV.delete('USERHASH_TEST_UNSET')
    error = assert_code(Userhash::SecretError, 'missing_env') { Userhash::Signer.from_env('USERHASH_TEST_UNSET') }
    template = CONTRACT_ERRORS.find { |e| e['code'] == 'missing_env' }['message']
    assert_equal template.sub('{0}', 'USERHASH_TEST_UNSET'), error.message
  end

  # Messages come from libuserhash: lib/ writes none of the core's templates (a placeholder
  # as any interpolation), except the one no C call can give: an Integer beyond 128 bits.
  def test_no_core_message_is_written_in_ruby
    source = Dir[File.join(USERHASH_DIR, '**/*.rb')].map { |file| File.read(file) }.join
    CONTRACT_ERRORS.reject { |e| e['code'] == 'user_id_out_of_range' }.each do |e|
      pattern = Regexp.new(e['message'].split(/\{\d(?::\?)?\}/, -1).map { |piece| Regexp.escape(piece) }.join('#\{[^}]*\}'))
      refute source.match?(pattern), "#{e['code']}'s message is written in Ruby: #{source[pattern]}"
    end
  end
end
