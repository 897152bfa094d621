# frozen_string_literal: true

require_relative 'test_helper'

# Every widget vector byte for byte, every widget error code, and the Ruby conversions.
class TestWidget < Minitest::Test
  include Support

  WIDGET = VECTORS.fetch('widget')

  def self.arguments(c)
    { preset: c['preset'], app_id: c['app_id'], user: c['user'], global: c['global'] }
  end

  WIDGET.fetch('cases').each_with_index do |c, i|
    define_method("test_vector_#{i}_#{c['name']}") do
      if c['user']
        assert_includes c['json'], oracle(c['secret_text'], c['user']['id']), 'the vector hash is not OpenSSL::HMAC\'s'
      end
      args = self.class.arguments(c)
      signer = Userhash::Signer.new(c['secret_text'])
      [signer, c['secret_text']].each do |signer_or_secret|
        json = Userhash::Widget.json(signer_or_secret, **args)
        assert_equal c['json'], json
        assert_equal Encoding::UTF_8, json.encoding
        assert_equal c['script'], Userhash::Widget.script(signer_or_secret, **args, nonce: c['nonce'])
      end
      # Symbol keys and presets work the same.
      symbols = args.merge(preset: c['preset'].to_sym, user: c['user']&.transform_keys(&:to_sym))
      assert_equal c['script'], Userhash::Widget.script(signer, **symbols, nonce: c['nonce'])
    end
  end

  WIDGET.fetch('errors').each_with_index do |c, i|
    define_method("test_error_#{i}_#{c['name']}") do
      error = assert_raises(Userhash::Error) do
        Userhash::Widget.script(c['secret_text'], **self.class.arguments(c), nonce: c['nonce'])
      end
      assert_equal c['error'], error.code
    end
  end

  def test_every_widget_code_has_a_vector
    codes = %w[unknown_preset empty_app_id empty_user_id invalid_email invalid_phone invalid_url
               invalid_timestamp timestamp_in_milliseconds invalid_metadata invalid_global_name invalid_nonce
               field_not_in_preset]
    assert_equal codes.sort, WIDGET.fetch('errors').map { |c| c['error'] }.uniq.sort
  end

  def test_ruby_values
    hash = oracle(SEED_SECRET, '42')
    json = Userhash::Widget.json(SEED_SECRET, preset: 'hal', app_id: 'a',
                                              user: { id: 42, name: 'Zoë'.encode('ISO-8859-1'),
                                                      metadata: { b: 2**63 - 1, a: nil, 'c' => false, d: '<' } })
    assert_equal %({"appId":"a","visitorId":"42","name":"Zoë","userHash":"#{hash}",) +
                 %("metadata":{"a":null,"b":9223372036854775807,"c":false,"d":"\\u003c"}}), json
    assert_equal %({"appId":"a","visitorId":"42","userHash":"#{hash}","metadata":{}}),
                 Userhash::Widget.json(SEED_SECRET, preset: 'hal', app_id: 'a', user: { id: 42, metadata: {} })
    [1.5, 2**63, [], {}].each do |bad|
      error = assert_raises(Userhash::Error) do
        Userhash::Widget.json(SEED_SECRET, preset: 'hal', app_id: 'a', user: { id: 'u', metadata: { k: bad } })
      end
      assert_equal 'invalid_metadata', error.code
    end
    # Ruby's json writes a Symbol as its name, for values as for keys and presets.
    assert_equal Userhash::Widget.json(SEED_SECRET, preset: 'hal', app_id: 'a', user: { id: 'u', metadata: { k: 'sym' } }),
                 Userhash::Widget.json(SEED_SECRET, preset: :hal, app_id: 'a', user: { id: 'u', metadata: { k: :sym } })
    # JSON cannot carry bytes that are not UTF-8: Ruby's json refuses them.
    assert_raises(JSON::GeneratorError) do
      Userhash::Widget.json(SEED_SECRET, preset: 'hal', app_id: 'a', user: { id: 'u', name: "\xFF".b })
    end
    # The core reads the configuration: a created_at that is not an integer is a wrong timestamp.
    [1.5, '1767225600'].each do |created_at|
      assert_equal 'invalid_timestamp', assert_raises(Userhash::Error) {
        Userhash::Widget.json(SEED_SECRET, preset: 'tau', app_id: 'a', user: { id: 'u', created_at: created_at })
      }.code
    end
    { 2**63 => 'timestamp_in_milliseconds', -2**63 - 1 => 'invalid_timestamp' }.each do |created_at, code|
      assert_equal code, assert_raises(Userhash::Error) {
        Userhash::Widget.json(SEED_SECRET, preset: 'tau', app_id: 'a', user: { id: 'u', created_at: created_at })
      }.code
    end
    assert_equal 'invalid_user_id_type', assert_raises(Userhash::UserIdTypeError) {
      Userhash::Widget.json(SEED_SECRET, preset: 'tau', app_id: 'a', user: { id: 1.0 })
    }.code
    assert_equal 'empty_user_id', assert_raises(Userhash::Error) {
      Userhash::Widget.json(SEED_SECRET, preset: 'tau', app_id: 'a', user: { name: 'no id' })
    }.code
    error = assert_raises(ArgumentError) do
      Userhash::Widget.json(SEED_SECRET, preset: 'tau', app_id: 'a', user: { id: 'u', nickname: 'x' })
    end
    assert_match(/unknown widget user field :nickname/, error.message)
  end

  def test_long_and_escaped_texts
    metadata = Array.new(40) { |i| ["k#{i}", i] }.to_h
    name = "\u0001<\u2028" * 2000
    script = Userhash::Widget.script(SEED_SECRET, preset: 'generic', app_id: 'a',
                                                  user: { id: 'u', name: name, metadata: metadata })
    assert_includes script, '\u0001\u003c\u2028' * 2000
    assert_includes script, '"k39":39'
  end
end
