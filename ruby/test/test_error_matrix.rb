# frozen_string_literal: true

require_relative 'test_helper'

# tests/vectors/errors.json: each case Ruby can express gives its stable code (or, for huge
# inputs, the stdlib hash).
class TestErrorMatrix < Minitest::Test
  MATRIX = JSON.parse(File.read(File.join(ROOT, 'tests/vectors/errors.json')))
  # Secret decoders of the core that the C ABI, and so this gem, does not offer: Ruby
  # decodes with [hex].pack('H*') / Base64.strict_decode64 and passes a BINARY key.
  NOT_OFFERED = %w[secret_from_hex secret_from_base64].freeze

  def self.ruby_value(input)
    return [input['bytes_hex']].pack('H*') if input.key?('bytes_hex')
    return input['repeat'] * input['count'] if input.key?('repeat')
    return Integer(input['int'], 10) if input.key?('int')

    input.fetch(%w[text float bool].find { |key| input.key?(key) }) { nil } # null → nil
  end

  def self.run_case(c)
    signer = if c['secret'].key?('env')
               Userhash::Signer.from_env(c['secret']['env'])
             else
               Userhash::Signer.new(ruby_value(c['secret']))
             end
    user_id = ruby_value(c['user_id'])
    c['call'] == 'verify' ? signer.verify(user_id, c['hash']) : signer.sign(user_id)
  end

  # Cases for Ruby: offered calls, with inputs Ruby has (Integers are unbounded here, but a
  # String cannot hold a lone UTF-16 surrogate).
  def self.applies?(c)
    return false if NOT_OFFERED.include?(c['call'])

    c.fetch('applies_to', ['ruby']).include?('ruby') || c['user_id'].key?('int')
  end

  def test_only_unoffered_calls_and_lone_surrogates_are_left_out
    left_out = MATRIX['cases'].reject { |c| self.class.applies?(c) }
    reasons = left_out.map { |c| NOT_OFFERED.include?(c['call']) ? c['call'] : c['user_id'].keys.first }
    assert_equal (NOT_OFFERED + ['utf16']).sort, reasons.uniq.sort
  end

  MATRIX['cases'].each_with_index do |c, i|
    next unless applies?(c)

    define_method("test_case_#{i}_#{c['name']}") do
      if c.key?('code')
        error = assert_raises(Userhash::Error) { self.class.run_case(c) }
        assert_equal c['code'], error.code
      else
        assert_equal c['hash'], self.class.run_case(c)
      end
    end
  end

  def test_hashes_that_never_verify
    signer = Userhash::Signer.new('k')
    MATRIX['verify_false'].each { |c| refute signer.verify('user123', c['hash']), c['name'] }
  end
end
