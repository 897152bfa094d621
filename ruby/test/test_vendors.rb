# frozen_string_literal: true

require_relative 'test_helper'
require 'base64'

# Vendor profiles through the keyring: every case of the vectors' sections vendors, jwt.issue,
# jwt.verify and explain_vendor, the hashes checked with OpenSSL::HMAC, the failure hook, and
# misuse. tests/test_jwt.rb checks the tokens with ruby-jwt.
class TestVendors < Minitest::Test
  include Support

  CONTRACT = JSON.parse(File.read(File.join(ROOT, 'contract.json')))
  PROFILES = CONTRACT.fetch('presets').to_h { |profile| [profile['name'], profile] }
  VENDORS = VECTORS.fetch('vendors')
  JWT_VECTORS = VECTORS.fetch('jwt')
  NOW = 1_767_225_600

  # The HMAC key of a dashboard secret, read as contract.json says the profile reads it.
  def self.key(preset, secret)
    PROFILES.fetch(preset)['secret'] == 'hex' ? [secret].pack('H*') : secret
  end

  # A payload or header part of a JWT, decoded by the standard library.
  def self.part(token, index)
    JSON.parse(Base64.urlsafe_decode64(token.split('.')[index]))
  end

  def self.widget_arguments(c)
    { preset: c['preset'], app_id: c['app_id'], user: c['user'], ttl: c['ttl'], now: c['now'] }
  end

  # A keyring whose hook records its events.
  def recording(keyring)
    events = []
    keyring.on_failure { |event| events << event }
    [keyring, events]
  end

  def assert_code(code, klass = Userhash::Error, &block)
    error = assert_raises(klass, &block)
    assert_equal code, error.code, error.message
    error
  end

  def test_presets_are_the_contracts
    assert_equal CONTRACT['presets'].map { |profile| profile['name'] }, Userhash::PRESETS
    assert_equal CONTRACT['presets'].select { |profile| profile['token'] == 'jwt' }.map { |profile| profile['name'] },
                 Userhash::JWT_PRESETS
    assert Userhash::PRESETS.frozen? && Userhash::JWT_PRESETS.frozen?
    # Each name as a Symbol ("_" for "-") is that preset.
    keyring = Userhash::Keyring.new('current', SEED_SECRET)
    Userhash::PRESETS.each do |preset|
      symbol = preset.tr('-', '_').to_sym
      assert_equal preset, Userhash.const_get(:Native).preset(symbol)
      next if Userhash::JWT_PRESETS.include?(preset)

      assert_equal 'missing_hash', keyring.explain_preset(symbol, 'u', nil, email: 'jo@example.com').code
    end
  end

  VENDORS.fetch('cases').each_with_index do |c, i|
    define_method("test_vendor_#{i}_#{c['name']}") do
      profile = PROFILES.fetch(c['preset'])
      key = self.class.key(c['preset'], c['secret_text'])
      expected_json = c['json'] || 'null' # null: nothing to identify
      if c['user'] && profile['token'] == 'hash'
        signed = c['user'][profile['signs']]
        assert_includes c['json'], oracle(key, signed), 'the vector hash is not OpenSSL::HMAC\'s'
      end
      if c['token']
        assert_includes c['json'], c['token']
        header, _payload, signature = c['token'].split('.')
        assert_equal signature, Base64.urlsafe_encode64(OpenSSL::HMAC.digest('SHA256', key, c['token'][0...c['token'].rindex('.')]),
                                                        padding: false)
        assert_equal 'HS256', JSON.parse(Base64.urlsafe_decode64(header))['alg']
        claims = self.class.part(c['token'], 1)
        assert_equal c['now'], claims['iat']
        assert_equal c['now'] + (c['ttl'] || 3600), claims['exp'] unless c['preset'] == 'featurebase'
      end

      keyring = Userhash::Keyring.for_preset(c['preset'], c['secret_text'], key_id: c['key_id'])
      assert_equal [c['key_id']], keyring.key_ids
      args = self.class.widget_arguments(c)
      json = keyring.widget_json(**args)
      assert_equal expected_json, json
      assert_equal Encoding::UTF_8, json.encoding
      assert_equal c['script'], keyring.widget_script(**args, nonce: c['nonce'])
      # A Symbol preset and Symbol user keys, a Time for now.
      symbols = args.merge(preset: c['preset'].tr('-', '_').to_sym, user: c['user']&.transform_keys(&:to_sym), now: Time.at(c['now']))
      assert_equal c['script'], keyring.widget_script(**symbols, nonce: c['nonce'])

      # A hash profile's snippet through a bare signer too (Pylon's key decoded by hand).
      next unless profile['token'] == 'hash'

      signer = Userhash::Signer.new(profile['secret'] == 'hex' ? key.b : key)
      assert_equal expected_json, Userhash::Widget.json(signer, preset: c['preset'], app_id: c['app_id'], user: c['user'])
    end
  end

  VENDORS.fetch('errors').each_with_index do |c, i|
    define_method("test_vendor_error_#{i}_#{c['name']}") do
      args = self.class.widget_arguments(c)
      if c['bare_secret']
        # A signer has no key id for the JWT's kid.
        assert_code(c['error']) { Userhash::Widget.script(c['secret_text'], **args.slice(:preset, :app_id, :user)) }
        keyring = Userhash::Keyring.for_preset(c['preset'], c['secret_text'], key_id: c['key_id'])
        assert_includes keyring.widget_json(**args), '.' # with a keyring it works
        next
      end
      if c['error'] == 'unknown_preset'
        assert_code(c['error']) { Userhash::Keyring.for_preset(c['preset'], c['secret_text']) }
        keyring = Userhash::Keyring.new(c['key_id'], c['secret_text'])
      else
        keyring = Userhash::Keyring.for_preset(c['preset'], c['secret_text'], key_id: c['key_id'])
      end
      assert_code(c['error']) { keyring.widget_script(**args, nonce: c['nonce']) }
      assert_code(c['error']) { keyring.widget_json(**args) } unless c['error'] == 'no_snippet'
    end
  end

  def test_every_vendor_error_code_has_a_vector
    assert_equal %w[empty_app_id field_not_in_preset missing_email missing_key_id no_snippet unknown_preset],
                 VENDORS.fetch('errors').map { |c| c['error'] }.uniq.sort
  end

  JWT_VECTORS.fetch('issue').each_with_index do |c, i|
    define_method("test_jwt_issue_#{i}_#{c['name']}") do
      key = self.class.key(c['preset'], c['secret_text'])
      # The vector is PyJWT's: its claims and signature as the standard library reads them.
      assert_equal c['claims'].to_a, self.class.part(c['token'], 1).to_a
      signing_input = c['token'][0...c['token'].rindex('.')]
      assert_equal c['token'], "#{signing_input}.#{Base64.urlsafe_encode64(OpenSSL::HMAC.digest('SHA256', key, signing_input), padding: false)}"

      keyring, events = recording(Userhash::Keyring.for_preset(c['preset'], c['secret_text'], key_id: c['key_id']))
      result = keyring.verify_jwt(c['preset'], c['token'], now: c['iat'])
      assert_instance_of Userhash::JwtVerification, result
      assert result.frozen? && result.claims.frozen?
      assert_equal ['verified', c['key_id'], nil], [result.outcome, result.key_id, result.reason]
      assert result.verified?
      assert_equal c['claims'].to_a, result.claims.to_a # as signed, in its order
      assert_empty events

      # Issued alone, PyJWT's bytes; with Symbol keys and Times too.
      assert_equal c['token'], keyring.issue_jwt(c['preset'], c['user'], expires_at: c['exp'], now: c['iat'])
      assert_equal c['token'], keyring.issue_jwt(c['preset'].tr('-', '_').to_sym, c['user'].transform_keys(&:to_sym),
                                                 expires_at: c['exp'] && Time.at(c['exp']), now: Time.at(c['iat']))

      # The same token from the snippet, byte for byte, where a snippet's token can be the vector's.
      next unless c['exp'] || c['preset'] == 'featurebase'

      ttl = c['exp'] && c['exp'] - c['iat']
      app_id = PROFILES.fetch(c['preset'])['app_id'] ? 'app' : nil
      assert_includes keyring.widget_json(preset: c['preset'], app_id: app_id, user: c['user'], ttl: ttl, now: c['iat']),
                      %("#{c['token']}")
    end
  end

  JWT_VECTORS.fetch('verify').each_with_index do |c, i|
    define_method("test_jwt_verify_#{i}_#{c['name']}") do
      first, *others = c['keys']
      keyring, events = recording(Userhash::Keyring.new(first['id'], first['secret_text']))
      others.each { |key| keyring.add(key['id'], key['secret_text'], not_after: key['not_after']) }
      result = keyring.verify_jwt(c['preset'], c['token'], leeway: c['leeway'], now: c['now'])
      assert_equal [c['outcome'], c['reason'], c['key_id']], [result.outcome, result.reason, result.key_id]
      if %w[verified expired].include?(c['outcome'])
        assert_equal self.class.part(c['token'], 1).to_a, result.claims.to_a
      else
        assert_nil result.claims
      end
      if c['outcome'] == 'verified'
        assert_empty events
      else
        assert_equal 1, events.size
        event = events.first
        assert_equal [c['outcome'], c['reason'], c['key_id']], [event.outcome, event.reason, event.key_id]
        assert_equal c['token'].byteslice(0, 8), event.hash_prefix
        assert_instance_of String, event.user_id
        # explain reports the same event.
        keyring.explain_jwt(c['preset'], c['token'], leeway: c['leeway'], now: c['now'])
        assert_equal [event, event], events
      end
    end
  end

  VECTORS.fetch('explain_vendor').fetch('cases').each_with_index do |c, i|
    define_method("test_explain_vendor_#{i}_#{c['finding']}") do
      keyring = if c['secret_text']
                  Userhash::Keyring.new('current', c['secret_text'])
                else
                  Userhash::Keyring.for_preset(c['preset'], c['profile_secret'])
                end
      keyring, events = recording(keyring)
      finding = if c['token']
                  keyring.explain_jwt(c['preset'], c['token'], now: c['now'])
                else
                  keyring.explain_preset(c['preset'], c['user_id_text'], c['hash'], email: c['email'], now: c['now'])
                end
      assert_instance_of Userhash::Finding, finding
      assert_equal c['finding'], finding.code, finding.message
      refute_empty finding.message
      [c['secret_text'], c['profile_secret']].compact.each { |secret| refute_includes finding.message, secret }
      assert_equal c['verifies'] ? 0 : 1, events.size
    end
  end

  # The hashes of explain_vendor, by OpenSSL::HMAC: what each mistake hashed.
  def test_explain_vendor_hashes_are_openssls
    cases = VECTORS.fetch('explain_vendor').fetch('cases').to_h { |c| [c['name'], c] }
    assert_equal oracle(SEED_SECRET, 'user123'), cases.fetch('id_instead_of_email (crisp)')['hash']
    assert_equal oracle(SEED_SECRET, 'jo@example.com'), cases.fetch('email_instead_of_id (intercom)')['hash']
    assert_equal oracle(SEED_SECRET, 'jo@example.com'), cases.fetch('verified (helpscout)')['hash']
    pylon = cases.fetch('verified (pylon)')
    assert_equal oracle(unhex(pylon['profile_secret']), 'jo@example.com'), pylon['hash']
    undecoded = cases.fetch('hex_secret_not_decoded (pylon)')
    assert_equal oracle(undecoded['secret_text'], 'jo@example.com'), undecoded['hash']
  end

  def test_pylon_reads_its_secret_as_hex
    hex = VENDORS['cases'].find { |c| c['preset'] == 'pylon' }['secret_text']
    keyring = Userhash::Keyring.for_preset(:pylon, hex)
    assert_equal oracle(unhex(hex), 'user123'), keyring.sign('user123')
    assert_equal oracle(hex, 'user123'), Userhash::Keyring.for_preset(:crisp, hex).sign('user123') # text elsewhere
    assert_code('invalid_secret_hex', Userhash::SecretError) { Userhash::Keyring.for_preset(:pylon, 'not hex') }
    assert_code('secret_whitespace', Userhash::SecretError) { Userhash::Keyring.for_preset(:crisp, "#{SEED_SECRET}\n") }
    assert_code('empty_key_id') { Userhash::Keyring.for_preset(:crisp, SEED_SECRET, key_id: '') }
  end

  def test_ttl_and_now
    keyring = Userhash::Keyring.for_preset('intercom-jwt', SEED_SECRET)
    user = { id: 'user123' }
    token = JSON.parse(keyring.widget_json(preset: 'intercom-jwt', app_id: 'a', user: user, ttl: 60, now: NOW))['intercom_user_jwt']
    assert_equal({ 'user_id' => 'user123', 'iat' => NOW, 'exp' => NOW + 60 }, self.class.part(token, 1))
    assert_equal 'verified', keyring.verify_jwt('intercom-jwt', token, now: NOW + 59).outcome
    assert_equal 'expired', keyring.verify_jwt('intercom-jwt', token, now: NOW + 60).outcome
    assert_equal 'verified', keyring.verify_jwt('intercom-jwt', token, now: NOW + 60, leeway: 1).outcome
    # now: defaults to the current time, for the snippet and for verification.
    before = Time.now.to_i
    token = JSON.parse(keyring.widget_json(preset: 'intercom-jwt', app_id: 'a', user: user))['intercom_user_jwt']
    claims = self.class.part(token, 1)
    assert_includes before..Time.now.to_i, claims['iat']
    assert_equal claims['iat'] + 3600, claims['exp']
    assert keyring.verify_jwt(:intercom_jwt, token).verified?
    # Errors of ttl, now and leeway.
    assert_code('invalid_timestamp') { keyring.widget_json(preset: 'intercom-jwt', app_id: 'a', user: user, ttl: -1) }
    assert_code('invalid_timestamp') { keyring.verify_jwt('intercom-jwt', token, leeway: -1) }
    assert_code('timestamp_in_milliseconds') { keyring.widget_json(preset: 'intercom-jwt', app_id: 'a', user: user, now: NOW * 1000) }
    assert_raises(TypeError) { keyring.widget_json(preset: 'intercom-jwt', app_id: 'a', user: user, ttl: 1.5) }
    assert_raises(TypeError) { keyring.verify_jwt('intercom-jwt', token, now: '1767225600') }
    assert_raises(TypeError) { keyring.verify_jwt('intercom-jwt', token, leeway: nil) }
  end

  def test_issue_jwt
    keyring = Userhash::Keyring.for_preset(:intercom_jwt, SEED_SECRET)
    user = { id: 'user123' }
    before = Time.now.to_i
    token = keyring.issue_jwt(:intercom_jwt, user) # now: the current time, no exp
    claims = self.class.part(token, 1)
    assert_equal %w[user_id iat], claims.keys
    assert_includes before..Time.now.to_i, claims['iat']
    assert keyring.verify_jwt(:intercom_jwt, token).verified?
    token = keyring.issue_jwt(:intercom_jwt, { id: 42 }, expires_at: NOW + 60, now: NOW)
    assert_equal({ 'user_id' => '42', 'iat' => NOW, 'exp' => NOW + 60 }, self.class.part(token, 1))
    assert_equal 'expired', keyring.verify_jwt(:intercom_jwt, token, now: NOW + 60).outcome
    assert_code('not_a_jwt_profile') { keyring.issue_jwt(:crisp, { id: 'u', email: 'jo@example.com' }) }
    assert_code('unknown_preset') { keyring.issue_jwt(:drift, user) }
    assert_code('field_not_in_preset') { keyring.issue_jwt(:featurebase, user, expires_at: NOW + 60, now: NOW) }
    assert_code('field_not_in_preset') { keyring.issue_jwt(:intercom_jwt, { id: 'u', phone: '+15551234567' }) }
    assert_code('invalid_email') { keyring.issue_jwt(:intercom_jwt, { id: 'u', email: 'not an email' }) }
    assert_code('empty_user_id', Userhash::UserIdError) { keyring.issue_jwt(:intercom_jwt, { name: 'no id' }) }
    assert_code('invalid_user_id_type', Userhash::UserIdTypeError) { keyring.issue_jwt(:intercom_jwt, { id: 1.5 }) }
    assert_code('invalid_timestamp') { keyring.issue_jwt(:intercom_jwt, user, expires_at: -1) }
    assert_code('timestamp_in_milliseconds') { keyring.issue_jwt(:intercom_jwt, user, expires_at: NOW * 1000) }
    assert_code('timestamp_in_milliseconds') { keyring.issue_jwt(:intercom_jwt, user, now: NOW * 1000) }
    assert_raises(ArgumentError) { keyring.issue_jwt(:intercom_jwt, { id: 'u', nickname: 'x' }) }
    assert_raises(TypeError) { keyring.issue_jwt(:intercom_jwt, nil) }
    assert_raises(TypeError) { keyring.issue_jwt(:intercom_jwt, user, expires_at: '1767225600') }
  end

  def test_the_hook_gets_the_tokens_subject
    keyring = Userhash::Keyring.for_preset(:zendesk, SEED_SECRET, key_id: 'app_1')
    keyring, events = recording(keyring)
    token = JSON.parse(keyring.widget_json(preset: :zendesk, user: { id: 'user123' }, ttl: 60, now: NOW))
    result = keyring.verify_jwt(:zendesk, token, now: NOW + 60)
    assert_equal ['expired', 'app_1'], [result.outcome, result.key_id]
    assert_equal 'user123', result.claims['external_id']
    assert_equal 'expired (key app_1)', result.to_s
    assert_equal [Userhash::FailureEvent.new(outcome: 'expired', reason: nil, key_id: 'app_1', user_id: 'user123',
                                             hash_prefix: token[0, 8])], events
    assert_equal 'jwt_expired', keyring.explain_jwt(:zendesk, token, now: NOW + 60).code
    assert_equal 2, events.size
    assert_equal 'verified', keyring.explain_jwt(:zendesk, token, now: NOW).code
    assert_equal 2, events.size
    # A nil or empty token is missing, and reported.
    assert_equal 'missing', keyring.verify_jwt(:zendesk, nil).outcome
    assert_equal 'missing', keyring.verify_jwt(:zendesk, '').to_s
    assert_equal 'missing_hash', keyring.explain_jwt(:zendesk, nil).code
    assert_equal %w[missing missing missing], events.drop(2).map(&:outcome)
    # What the hook raises comes out of the call.
    keyring.on_failure { raise ArgumentError, 'from the hook' }
    assert_raises(ArgumentError) { keyring.verify_jwt(:zendesk, 'x') }
    assert_raises(ArgumentError) { keyring.explain_preset(:crisp, 'u', 'x', email: 'jo@example.com') }
  end

  def test_threads_share_a_vendor_keyring
    keyring = Userhash::Keyring.for_preset(:zendesk, SEED_SECRET, key_id: 'app_1')
    failures = Queue.new
    keyring.on_failure { |event| failures << event.user_id }
    results = Array.new(4) do |t|
      Thread.new do
        Array.new(50) do |i|
          token = JSON.parse(keyring.widget_json(preset: :zendesk, user: { id: "u#{t}-#{i}" }, ttl: 60, now: NOW))
          [keyring.verify_jwt(:zendesk, token, now: NOW).claims['external_id'], keyring.verify_jwt(:zendesk, token, now: NOW + 60).outcome]
        end
      end
    end.map(&:value)
    results.each_with_index { |rows, t| assert_equal Array.new(50) { |i| ["u#{t}-#{i}", 'expired'] }, rows }
    assert_equal 200, failures.size
  end

  def test_a_key_cannot_be_added_from_a_jwt_hook
    keyring = Userhash::Keyring.for_preset(:zendesk, SEED_SECRET)
    keyring.on_failure { keyring.add('late', 'late-secret') }
    assert_raises(RuntimeError) { keyring.verify_jwt(:zendesk, '') }
    assert_raises(RuntimeError) { keyring.explain_jwt(:zendesk, '') }
    assert_equal ['current'], keyring.key_ids
  end

  def test_explain_preset_reports_the_email_it_hashed
    keyring, events = recording(Userhash::Keyring.for_preset(:crisp, SEED_SECRET))
    finding = keyring.explain_preset(:crisp, 'user123', oracle(SEED_SECRET, 'user123'), email: 'jo@example.com')
    assert_equal 'id_instead_of_email', finding.code
    assert_equal ['mismatch', 'jo@example.com'], [events.first.outcome, events.first.user_id]
    assert_equal 'verified', keyring.explain_preset(:crisp, 'user123', oracle(SEED_SECRET, 'jo@example.com'),
                                                    email: 'jo@example.com').code
    assert_equal 1, events.size
    assert_equal 'verified', keyring.explain_preset(:intercom, 42, oracle(SEED_SECRET, '42')).code
  end

  def test_misuse
    keyring = Userhash::Keyring.for_preset(:intercom, SEED_SECRET)
    hash = oracle(SEED_SECRET, 'user123')
    assert_code('not_a_jwt_profile') { keyring.verify_jwt(:intercom, 'a.b.c') }
    assert_code('not_a_jwt_profile') { keyring.explain_jwt('crisp', 'a.b.c') }
    assert_code('field_not_in_preset') { keyring.explain_preset('intercom-jwt', 'user123', hash) }
    assert_code('unknown_preset') { keyring.verify_jwt('drift', 'a.b.c') }
    assert_code('unknown_preset') { keyring.explain_preset(:intercom_classic, 'user123', hash) }
    assert_code('unknown_preset') { keyring.widget_json(preset: 'intercom_jwt', app_id: 'a') } # a String is as given
    assert_code('unknown_preset') { Userhash::Keyring.for_preset('Intercom', SEED_SECRET) }
    assert_code('missing_email') { keyring.explain_preset(:crisp, 'user123', hash) }
    assert_code('empty_user_id', Userhash::UserIdError) { keyring.explain_preset(:intercom, '', hash) }
    assert_code('invalid_user_id_type', Userhash::UserIdTypeError) { keyring.explain_preset(:intercom, nil, hash) }
    assert_code('text_not_utf8') { keyring.verify_jwt("\xFF".b, 'a.b.c') }
    assert_code('secret_not_utf8', Userhash::SecretError) { Userhash::Keyring.for_preset(:crisp, "\xFF".b) }
    assert_code('invalid_nonce') { keyring.widget_script(preset: :intercom, app_id: 'a', nonce: '"><script>') }
    assert_code('invalid_widget_config') { keyring.widget_json(preset: :intercom, app_id: 7) }
    assert_code('empty_user_id') { keyring.widget_json(preset: :intercom, app_id: 'a', user: { name: 'no id' }) }
    error = assert_raises(TypeError) { keyring.verify_jwt(nil, 'a.b.c') }
    assert_equal 'the preset must be a String or a Symbol, not NilClass', error.message
    assert_raises(TypeError) { Userhash::Keyring.for_preset(:crisp, nil) }
    assert_raises(TypeError) { Userhash::Keyring.for_preset(:crisp, SEED_SECRET, key_id: :current) }
    assert_raises(TypeError) { keyring.verify_jwt(:zendesk, 42) }
    assert_raises(ArgumentError) { keyring.widget_json(preset: :intercom, app_id: 'a', user: { id: 'u', nickname: 'x' }) }
    assert_raises(ArgumentError) { keyring.widget_json(app_id: 'a') } # preset: is required
    # A wrong token is an outcome, never an error.
    assert_equal 'malformed [jwt_format]', Userhash::Keyring.new('k', SEED_SECRET).verify_jwt(:canny, hash).to_s
  end

  def test_jwt_verification_is_a_value
    a = Userhash::JwtVerification.new(outcome: 'verified', key_id: 'k', claims: { 'id' => 'u' })
    assert_equal a, Userhash::JwtVerification.new(outcome: 'verified', key_id: 'k', claims: { 'id' => 'u' })
    assert a.frozen? && a.verified?
    assert_equal({ outcome: 'verified', key_id: 'k', reason: nil, claims: { 'id' => 'u' } }, a.to_h)
    assert_equal Userhash::Verification::OUTCOMES, Userhash::Verification::OUTCOMES & %w[verified missing malformed mismatch expired]
  end
end
