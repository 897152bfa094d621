# frozen_string_literal: true

require_relative 'test_helper'

# Every shared vector through the package, with OpenSSL::HMAC as the oracle.
class TestVectors < Minitest::Test
  include Support

  VECTORS.fetch('sign').each_with_index do |c, i|
    define_method("test_sign_#{i}_#{c['name']}") do
      secret = unhex(c['secret_hex'])
      user_id = unhex(c['user_id_hex'])
      expected = c['hash']
      assert_equal expected, oracle(secret, user_id), 'the vectors file disagrees with OpenSSL::HMAC'

      signer = Userhash::Signer.new(secret)
      assert_equal expected, signer.sign(user_id)
      assert_equal expected, Userhash.sign(secret, user_id)
      assert_equal [expected, expected], signer.sign_many([user_id, user_id])
      assert signer.verify(user_id, expected.upcase)

      if c.key?('secret_text')
        assert_equal expected, Userhash.sign(c['secret_text'], user_id)
        assert_equal expected, Userhash::Signer.new(c['secret_text']).sign(user_id)
        assert Userhash.verify(c['secret_text'], user_id, expected)
      end
      assert_equal expected, signer.sign(c['user_id_text']) if c.key?('user_id_text')
      assert_equal expected, signer.sign(Integer(c['user_id_int'], 10)) if c.key?('user_id_int')
    end
  end

  VECTORS.fetch('verify').each_with_index do |c, i|
    define_method("test_verify_#{i}_#{c['name']}") do
      secret = unhex(c['secret_hex'])
      user_id = unhex(c['user_id_hex'])
      hash = c['hash']
      stdlib_valid = hash.match?(/\A\h{64}\z/) && hash.downcase == oracle(secret, user_id)
      assert_equal c['valid'], stdlib_valid, 'the vectors file disagrees with OpenSSL::HMAC'

      assert_equal c['valid'], Userhash::Signer.new(secret).verify(user_id, hash)
      assert_equal c['valid'], Userhash.verify(secret, user_id, hash)
      if c.key?('secret_text') && c.key?('user_id_text')
        assert_equal c['valid'], Userhash.verify(c['secret_text'], c['user_id_text'], hash)
      end
    end
  end
end
