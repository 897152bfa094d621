# frozen_string_literal: true

require_relative 'test_helper'

# explain names each known mistake: every explain case of tests/vectors/vectors.json (their
# hashes are the stdlib hmac of the mistaken bytes), through a Keyring and, for one key,
# through Userhash.explain with the secret as text and as BINARY bytes.
class TestExplain < Minitest::Test
  include Support

  KEY = SEED_SECRET

  def self.hmac(secret, id)
    OpenSSL::HMAC.hexdigest('SHA256', secret, id)
  end

  # The keyring of a case's keys, in order: a key's text secret when it has one, else its bytes.
  def self.keyring(keys)
    secrets = keys.map { |key| key['secret_text'] || [key['secret_hex']].pack('H*') }
    keyring = Userhash::Keyring.new(keys[0]['id'], secrets[0])
    keys.drop(1).zip(secrets.drop(1)) { |key, secret| keyring.add(key['id'], secret, not_after: key['not_after']) }
    keyring
  end

  def assert_finding(code, finding, *secrets)
    assert_instance_of Userhash::Finding, finding
    assert finding.frozen?
    assert_equal code, finding.code, finding.message
    refute_empty finding.message
    secrets.each { |secret| refute_includes finding.message, secret }
    assert_equal Encoding::UTF_8, finding.message.encoding
  end

  VECTORS.fetch('explain').fetch('cases').each_with_index do |c, i|
    define_method("test_vector_#{i}_#{c['finding']}") do
      secrets = c['keys'].map { |key| key['secret_text'] }.compact
      finding = self.class.keyring(c['keys']).explain(c['user_id_text'], c['hash'], email: c['email'], now: c['now'])
      assert_finding c['finding'], finding, *secrets
      next unless c['keys'].size == 1 && c['keys'][0]['not_after'].nil?

      key = c['keys'][0]
      one_offs = [[key['secret_hex']].pack('H*')] + [key['secret_text']].compact
      one_offs.each do |secret|
        assert_finding c['finding'], Userhash.explain(secret, c['user_id_text'], c['hash'], email: c['email']), *secrets
      end
    end
  end

  # The vendor findings' vectors are explain_vendor's (test/test_vendors.rb).
  def test_every_finding_has_a_vector
    assert_equal Userhash.const_get(:Contract)::FINDINGS.sort,
                 (VECTORS['explain']['cases'] + VECTORS['explain_vendor']['cases']).map { |c| c['finding'] }.uniq.sort
  end

  def test_an_integer_id_is_explained_as_its_decimal
    assert_equal 'id_number_format', Userhash.explain(KEY, 42, self.class.hmac(KEY, '42.0')).code
    assert_equal 'verified', Userhash::Keyring.new('k', KEY).explain(42, self.class.hmac(KEY, '42')).code
  end

  def test_a_long_message_comes_back_whole
    long = 'x' * 5000
    finding = Userhash.explain(KEY, long, self.class.hmac(KEY, "#{long} "))
    assert_equal 'id_whitespace', finding.code
    assert_operator finding.message.bytesize, :>, 5000
  end

  def test_errors
    right = self.class.hmac(KEY, 'user123')
    assert_equal 'empty_user_id', assert_raises(Userhash::UserIdError) { Userhash.explain(KEY, '', right) }.code
    assert_equal 'secret_whitespace', assert_raises(Userhash::SecretError) { Userhash.explain("#{KEY}\n", 'u', right) }.code
  end
end
