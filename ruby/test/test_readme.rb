# frozen_string_literal: true

require_relative 'test_helper'

# The Ruby examples in ruby/README.md run (each in its own process) without raising.
class TestReadme < Minitest::Test
  include Support

  BLOCKS = File.read(File.expand_path('../README.md', __dir__)).scan(/^```ruby\n(.*?)^```/m).flatten

  def test_the_readme_has_examples
    assert_operator BLOCKS.size, :>=, 4
  end

  BLOCKS.each_with_index do |block, i|
    define_method("test_readme_example_#{i}") do
      _out, err, status = run_ruby({ 'WIDGET_SECRET' => nil }, '-e', block)
      assert status.success?, "README example #{i} failed:\n#{block}\n#{err}"
    end
  end
end
