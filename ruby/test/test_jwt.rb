# frozen_string_literal: true

require_relative 'test_helper'
require 'jwt' # Debian's ruby-jwt: the JWT oracle, both ways

# Our JWTs against ruby-jwt: the tokens a keyring issues (issue_jwt and the snippets) decode and
# verify with ruby-jwt under the right key (claims, header, exp) and are refused under another; ruby-jwt's HS256 tokens for
# the jwt.issue vectors' claims verify with ours, and what we must refuse is refused.
class TestJwt < Minitest::Test
  include Support

  PROFILES = JSON.parse(File.read(File.join(ROOT, 'contract.json'))).fetch('presets').to_h { |p| [p['name'], p] }
  ISSUE = VECTORS.fetch('jwt').fetch('issue')
  # ruby-jwt checks exp against the clock: the vectors' tokens are of 2026-01-01.
  AT_THE_VECTORS_TIME = { algorithm: 'HS256', verify_expiration: false, verify_iat: false }.freeze

  # The JWT inside a snippet's JSON: the JSON string itself, or the one member that is a JWT.
  def self.token_of(json)
    data = JSON.parse(json)
    data.is_a?(String) ? data : data.values.grep(/\A[\w-]+\.[\w-]+\.[\w-]+\z/).fetch(0)
  end

  def self.app_id(preset)
    PROFILES.fetch(preset)['app_id'] ? 'app' : nil
  end

  ISSUE.each_with_index do |c, i|
    define_method("test_ruby_jwt_decodes_vector_#{i}_#{c['name']}") do
      kid = c['preset'] == 'zendesk' ? c['key_id'] : nil
      payload, header = JWT.decode(c['token'], c['secret_text'], true, AT_THE_VECTORS_TIME)
      assert_equal c['claims'], payload
      assert_equal({ 'alg' => 'HS256', 'typ' => 'JWT', 'kid' => kid }.compact, header)
      assert_raises(JWT::VerificationError) { JWT.decode(c['token'], 'another-secret', true, AT_THE_VECTORS_TIME) }
    end

    define_method("test_ruby_jwt_token_for_vector_#{i}_#{c['name']}_verifies_with_ours") do
      kid = c['preset'] == 'zendesk' ? { kid: c['key_id'] } : {}
      token = JWT.encode(c['claims'], c['secret_text'], 'HS256', { typ: 'JWT' }.merge(kid))
      keyring = Userhash::Keyring.for_preset(c['preset'], c['secret_text'], key_id: c['key_id'])
      result = keyring.verify_jwt(c['preset'], token, now: c['iat'])
      assert_equal ['verified', c['key_id']], [result.outcome, result.key_id]
      assert_equal c['claims'], result.claims
      if c['exp']
        assert_equal 'verified', keyring.verify_jwt(c['preset'], token, now: c['exp'] - 1).outcome
        assert_equal 'expired', keyring.verify_jwt(c['preset'], token, now: c['exp']).outcome
      end

      other = JWT.encode(c['claims'], 'another-secret', 'HS256', { typ: 'JWT' }.merge(kid))
      assert_equal 'mismatch', keyring.verify_jwt(c['preset'], other, now: c['iat']).outcome
      hs512 = JWT.encode(c['claims'], c['secret_text'], 'HS512', { typ: 'JWT' }.merge(kid))
      assert_equal 'malformed [jwt_header]', keyring.verify_jwt(c['preset'], hs512, now: c['iat']).to_s
      none = JWT.encode(c['claims'], nil, 'none', { typ: 'JWT' }.merge(kid))
      refute keyring.verify_jwt(c['preset'], none, now: c['iat']).verified?
      # ruby-jwt's default header has no typ: not exactly the header we accept.
      bare = JWT.encode(c['claims'], c['secret_text'], 'HS256', kid)
      assert_equal 'malformed [jwt_header]', keyring.verify_jwt(c['preset'], bare, now: c['iat']).to_s
    end

    define_method("test_our_issued_token_for_vector_#{i}_#{c['name']}_verifies_with_ruby_jwt") do
      keyring = Userhash::Keyring.for_preset(c['preset'], c['secret_text'], key_id: c['key_id'])
      token = keyring.issue_jwt(c['preset'], c['user'], expires_at: c['exp'], now: c['iat'])
      payload, header = JWT.decode(token, c['secret_text'], true, AT_THE_VECTORS_TIME)
      assert_equal c['claims'].to_a, payload.to_a
      assert_equal({ 'alg' => 'HS256', 'typ' => 'JWT', 'kid' => c['preset'] == 'zendesk' ? c['key_id'] : nil }.compact, header)
      assert_raises(JWT::VerificationError) { JWT.decode(token, 'another-secret', true, AT_THE_VECTORS_TIME) }
      # Issued now, ruby-jwt checks it against its own clock: valid until exp, then expired.
      now = Time.now.to_i
      expiry = c['preset'] == 'featurebase' ? {} : { expires_at: now + 600 }
      payload, = JWT.decode(keyring.issue_jwt(c['preset'], c['user'], now: now, **expiry), c['secret_text'], true,
                            algorithm: 'HS256', verify_iat: true)
      assert_equal [now, expiry[:expires_at]], payload.values_at('iat', 'exp')
      next if expiry.empty?

      stale = keyring.issue_jwt(c['preset'], c['user'], expires_at: now - 1, now: now - 600)
      assert_raises(JWT::ExpiredSignature) { JWT.decode(stale, c['secret_text'], true, algorithm: 'HS256') }
    end

    next unless c['exp'] || c['preset'] == 'featurebase' # a snippet's JWT has an exp, except Featurebase's

    define_method("test_our_token_for_vector_#{i}_#{c['name']}_verifies_with_ruby_jwt") do
      keyring = Userhash::Keyring.for_preset(c['preset'], c['secret_text'], key_id: c['key_id'])
      ttl = c['exp'] && c['exp'] - c['iat']
      token = self.class.token_of(keyring.widget_json(preset: c['preset'], app_id: self.class.app_id(c['preset']),
                                                      user: c['user'], ttl: ttl, now: c['iat']))
      payload, header = JWT.decode(token, c['secret_text'], true, AT_THE_VECTORS_TIME)
      assert_equal c['claims'].to_a, payload.to_a
      assert_equal c['key_id'], header['kid'] if c['preset'] == 'zendesk'
      assert_raises(JWT::VerificationError) { JWT.decode(token, 'another-secret', true, AT_THE_VECTORS_TIME) }
      # Issued now, ruby-jwt checks every claim against its own clock.
      now = Time.now.to_i
      token = self.class.token_of(keyring.widget_json(preset: c['preset'], app_id: self.class.app_id(c['preset']),
                                                      user: c['user'], ttl: ttl, now: now))
      payload, = JWT.decode(token, c['secret_text'], true, algorithm: 'HS256', verify_iat: true)
      assert_equal now, payload['iat']
      assert_equal now + ttl, payload['exp'] if ttl
      if ttl
        stale = self.class.token_of(keyring.widget_json(preset: c['preset'], app_id: self.class.app_id(c['preset']),
                                                        user: c['user'], ttl: ttl, now: now - ttl))
        assert_raises(JWT::ExpiredSignature) { JWT.decode(stale, c['secret_text'], true, algorithm: 'HS256') }
      end
    end
  end

  def test_every_jwt_preset_has_an_issue_vector
    assert_equal Userhash::JWT_PRESETS.sort, ISSUE.map { |c| c['preset'] }.uniq.sort
  end

  # Zendesk's kid selects the key: a rotation seen through ruby-jwt's tokens.
  def test_zendesk_kid_selects_the_key
    keyring = Userhash::Keyring.for_preset(:zendesk, 'new-secret', key_id: 'new').add('old', 'old-secret')
    claims = { 'scope' => 'user', 'external_id' => 'user123', 'iat' => Time.now.to_i }
    old = JWT.encode(claims, 'old-secret', 'HS256', { typ: 'JWT', kid: 'old' })
    assert_equal 'verified (key old)', keyring.verify_jwt(:zendesk, old).to_s
    wrong_kid = JWT.encode(claims, 'old-secret', 'HS256', { typ: 'JWT', kid: 'new' })
    assert_equal 'mismatch', keyring.verify_jwt(:zendesk, wrong_kid).to_s
    unknown = JWT.encode(claims, 'old-secret', 'HS256', { typ: 'JWT', kid: 'nope' })
    assert_equal 'jwt_unknown_kid', keyring.explain_jwt(:zendesk, unknown).code
    ours = self.class.token_of(keyring.widget_json(preset: :zendesk, user: { id: 'user123' }))
    assert_equal 'new', JWT.decode(ours, 'new-secret', true, algorithm: 'HS256')[1]['kid']
    assert_raises(JWT::VerificationError) { JWT.decode(ours, 'old-secret', true, algorithm: 'HS256') }
  end
end
