# frozen_string_literal: true

require_relative 'test_helper'

# explain names each known mistake: the table of crates/userhash/tests/explain.rs, with the
# mistaken hashes made by OpenSSL::HMAC the way the mistaken code would make them.
class TestExplain < Minitest::Test
  include Support

  KEY = SEED_SECRET

  def self.hmac(secret, id)
    OpenSSL::HMAC.hexdigest('SHA256', secret, id)
  end

  RIGHT = hmac(KEY, 'user123')
  # [expected code, the id the page sends, the hash it sends, the email if known]
  TABLE = [
    ['verified', 'user123', RIGHT, nil],
    ['missing_hash', 'user123', '', nil],
    ['hash_whitespace', 'user123', "#{RIGHT}\n", nil],
    ['uppercase_hash', 'user123', RIGHT.upcase, nil],
    ['truncated_hash', 'user123', RIGHT[0, 40], nil],
    ['malformed_hash', 'user123', 'not a hash', nil],
    ['id_whitespace', 'user123', hmac(KEY, "user123\n"), nil],
    ['id_whitespace', 'user123', hmac(KEY, ' user123'), nil],
    ['id_whitespace', ' user123 ', hmac(KEY, 'user123'), nil],
    ['id_case', 'User123', hmac(KEY, 'user123'), nil],
    ['id_case', 'abc', hmac(KEY, 'ABC'), nil],
    ['id_number_format', '42', hmac(KEY, '42.0'), nil],
    ['id_number_format', '42.0', hmac(KEY, '42'), nil],
    ['id_number_format', '42', hmac(KEY, '042'), nil],
    ['id_number_format', 42, hmac(KEY, '42.0'), nil],
    ['email_instead_of_id', 'user123', hmac(KEY, 'jo@example.com'), 'jo@example.com'],
    ['secret_whitespace', 'user123', hmac("#{KEY}\n", 'user123'), nil],
    ['secret_whitespace', 'user123', hmac("#{KEY}\r\n", 'user123'), nil],
    ['unknown', 'user123', hmac('another key', 'user123'), nil]
  ].freeze

  TABLE.each_with_index do |(code, id, hash, email), i|
    define_method("test_#{i}_#{code}") do
      keyring = Userhash::Keyring.new('current', KEY)
      [keyring.explain(id, hash, email: email), Userhash.explain(KEY, id, hash, email: email),
       Userhash.explain(KEY.b, id, hash, email: email)].each do |finding|
        assert_instance_of Userhash::Finding, finding
        assert finding.frozen?
        assert_equal code, finding.code, finding.message
        refute_empty finding.message
        refute_includes finding.message, KEY
        assert_equal Encoding::UTF_8, finding.message.encoding
      end
    end
  end

  def test_secret_meant_as_hex_or_base64
    decoded = ['deadbeefcafe0123'].pack('H*')
    assert_equal 'secret_encoding', Userhash.explain('deadbeefcafe0123', 'u', self.class.hmac(decoded, 'u')).code
    assert_equal 'secret_encoding', Userhash.explain(decoded, 'u', self.class.hmac('deadbeefcafe0123', 'u')).code
    assert_equal 'secret_encoding',
                 Userhash.explain('c2VjcmV0LWtleS1ieXRlcw==', 'u', self.class.hmac('secret-key-bytes', 'u')).code
  end

  def test_other_and_retired_keys_of_a_keyring
    keyring = Userhash::Keyring.new('new', 'new').add('old', 'old', not_after: 100)
    old_hash = self.class.hmac('old', 'u')
    assert_equal 'other_key', keyring.explain('u', old_hash, now: 99).code
    assert_equal 'retired_key', keyring.explain('u', old_hash, now: 100).code
    assert_equal 'id_case', keyring.explain('u', self.class.hmac('old', 'U'), now: 99).code
  end

  def test_a_long_message_comes_back_whole
    long = 'x' * 5000
    finding = Userhash.explain(KEY, long, self.class.hmac(KEY, "#{long} "))
    assert_equal 'id_whitespace', finding.code
    assert_operator finding.message.bytesize, :>, 5000
  end

  def test_errors
    assert_equal 'empty_user_id', assert_raises(Userhash::UserIdError) { Userhash.explain(KEY, '', RIGHT) }.code
    assert_equal 'secret_whitespace', assert_raises(Userhash::SecretError) { Userhash.explain("#{KEY}\n", 'u', RIGHT) }.code
  end
end
