# frozen_string_literal: true

require_relative 'test_helper'

# The token vectors: issued byte for byte, each check at its boundary, every rejection.
class TestTokens < Minitest::Test
  include Support

  TOKENS = VECTORS.fetch('token')

  # docs/spec.md section 2.2 with OpenSSL::HMAC: the expected value of a token.
  def token_oracle(secret, user_id, expires_at)
    token_key = OpenSSL::HMAC.digest('SHA256', 'userhash-token-v1', secret)
    mac = OpenSSL::HMAC.hexdigest('SHA256', token_key, "v1\0".b + [expires_at].pack('Q>') + user_id.b)
    "v1.#{expires_at}.#{mac}"
  end

  TOKENS.fetch('cases').each_with_index do |c, i|
    define_method("test_token_#{i}_#{c['name']}") do
      secret = unhex(c['secret_hex'])
      user_id = unhex(c['user_id_hex'])
      expires_at = Integer(c['expires_at'], 10)
      assert_equal c['token'], token_oracle(secret, user_id, expires_at), 'the vectors file disagrees with OpenSSL::HMAC'

      keyrings = [Userhash::Keyring.new('bytes', secret)]
      keyrings << Userhash::Keyring.new('text', c['secret_text']) if c.key?('secret_text')
      keyrings.each do |keyring|
        assert_equal c['token'], keyring.issue_token(user_id, expires_at: expires_at)
        assert_equal c['token'], keyring.issue_token(c['user_id_text'], expires_at: expires_at)
        c['checks'].each do |check|
          result = keyring.verify_token(user_id, c['token'], leeway: check['leeway'], now: Integer(check['now'], 10))
          key_id = %w[verified expired].include?(check['outcome']) ? keyring.primary_id : nil
          assert_equal [check['outcome'], key_id, nil], [result.outcome, result.key_id, result.reason], check.inspect
        end
      end
    end
  end

  TOKENS.fetch('rejections').each_with_index do |c, i|
    define_method("test_rejection_#{i}_#{c['name']}") do
      keyring = Userhash::Keyring.new('current', SEED_SECRET)
      result = keyring.verify_token('user123', c['token'], now: 1_767_225_599)
      key_id = c['outcome'] == 'verified' ? 'current' : nil
      assert_equal [c['outcome'], key_id, c['reason']], [result.outcome, result.key_id, result.reason]
    end
  end

  def test_a_nil_token_is_missing
    assert_equal 'missing', Userhash::Keyring.new('k', SEED_SECRET).verify_token('user123', nil).outcome
  end

  def test_ttl_is_counted_from_now
    keyring = Userhash::Keyring.new('current', SEED_SECRET)
    before = Time.now.to_i
    token = keyring.issue_token('user123', ttl: 3600)
    expires_at = Integer(token.split('.')[1], 10)
    assert_includes (before + 3600)..(Time.now.to_i + 3600), expires_at
    assert_equal token_oracle(SEED_SECRET, 'user123', expires_at), token
    assert keyring.verify_token('user123', token).verified?
    assert_equal 'expired', keyring.verify_token('user123', token, now: Time.at(expires_at)).outcome
  end

  def test_hashes_and_tokens_never_stand_for_each_other
    keyring = Userhash::Keyring.new('current', SEED_SECRET)
    token = keyring.issue_token('user123', expires_at: 1_767_225_600)
    assert_equal %w[malformed token_version], keyring.verify_token('user123', oracle(SEED_SECRET, 'user123')).to_h.values_at(:outcome, :reason)
    assert_equal 'mismatch', keyring.verify_detailed('user123', token.split('.').last).outcome
  end
end
