# frozen_string_literal: true

require_relative 'test_helper'

# The Vendors section of ruby/README.md: one example per vendor, each block found by
# scripts/readme-block under its `<!-- test: ruby-vendor-NAME -->` line and run in its own
# process, printing exactly the lines of its `# → ` comments.
class TestReadmeVendors < Minitest::Test
  include Support

  README = File.expand_path('../README.md', __dir__)
  VENDORS = %w[intercom intercom-jwt chatwoot crisp helpscout front pylon zendesk canny featurebase].freeze

  def test_every_vendor_has_an_example
    names = File.read(README).scan(/^<!-- test: ruby-vendor-(\S+) -->$/).flatten
    assert_equal VENDORS, names
  end

  VENDORS.each do |vendor|
    define_method("test_readme_vendor_#{vendor}") do
      block, err, status = Open3.capture3(File.join(ROOT, 'scripts/readme-block'), README, "ruby-vendor-#{vendor}")
      assert status.success?, err
      expected = block.scan(/^# → (.*)$/).flatten
      refute_empty expected
      out, err, status = run_ruby({}, '-e', block)
      assert status.success?, "the #{vendor} example failed:\n#{err}"
      assert_equal expected, out.lines(chomp: true)
    end
  end
end
