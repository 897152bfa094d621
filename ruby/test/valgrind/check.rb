# frozen_string_literal: true

# Runs loop.rb under valgrind and reads its leak report. The Ruby interpreter leaks at exit
# by design (it does not free its heap), so the whole-process totals are not zero; what
# matters is what crosses the FFI boundary:
#
# - no block allocated by libuserhash may be definitely or indirectly lost: every Signer
#   and Keyring the loop dropped was freed by its finalizer;
# - what ffi_c.so or libffi allocated and lost (pointers, structs) must not grow with the
#   number of rounds: ROUNDS and 3 × ROUNDS lose the same bytes.
#
#   ruby check.rb ROUNDS            exit 0 when clean
#   ruby check.rb ROUNDS leak       the same over `loop.rb N leak`, which drops a keyring
#                                   unfreed every round: must fail
#
# valgrind runs with --keep-debuginfo=yes: Ruby unloads libuserhash at exit, before the
# leak report, and the stacks would otherwise lose the library's name.
require 'rbconfig'
require 'tmpdir'

LOOP = File.expand_path('loop.rb', __dir__)
LIB_DIR = File.expand_path('../../lib', __dir__)

# { libuserhash: [records, bytes], ffi: [records, bytes], total: bytes, passed: "…" }
def leaks(rounds, *mode)
  Dir.mktmpdir do |dir|
    log = File.join(dir, 'valgrind.log')
    out = IO.popen(['valgrind', '--keep-debuginfo=yes', '--leak-check=full', '--show-leak-kinds=definite,indirect',
                    '--num-callers=50', "--log-file=#{log}", RbConfig.ruby, '-I', LIB_DIR, LOOP, rounds.to_s, *mode],
                   err: %i[child out], &:read)
    raise "loop.rb failed under valgrind:\n#{out}" unless $?.success?

    report = File.read(log)
    result = { libuserhash: [0, 0], ffi: [0, 0], passed: out[/^\d+ passed, \d+ failed$/] }
    report.split(/^==\d+== $/).each do |record|
      header = record[/([\d,]+) (?:\([\d,]+ direct, [\d,]+ indirect\) )?bytes in [\d,]+ blocks are (?:definitely|indirectly) lost/]
      next unless header

      bytes = Integer(Regexp.last_match(1).delete(','), 10)
      # Who allocated: the first frame below malloc/calloc/realloc.
      allocator = record.lines.grep(/^==\d+==    by /).first.to_s
      [[:libuserhash, /libuserhash\.so/], [:ffi, %r{ffi_c\.so|libffi\.so}]].each do |key, pattern|
        next unless allocator.match?(pattern)

        result[key][0] += 1
        result[key][1] += bytes
      end
    end
    result[:total] = report[/definitely lost: ([\d,]+) bytes/, 1]
    result
  end
end

def show(label, result)
  puts format('%-22s %s; lost blocks allocated by libuserhash: %d (%d bytes), by ffi: %d (%d bytes); ' \
              'whole process definitely lost: %s bytes', label, result[:passed], *result[:libuserhash], *result[:ffi],
              result[:total])
end

rounds = Integer(ARGV.fetch(0, '20'))
passed = failed = 0
verdict = lambda do |ok, what|
  ok ? passed += 1 : failed += 1
  puts "#{ok ? 'ok' : 'FAIL'}: #{what}"
end

# "leak" runs loop.rb in its leaking mode: the first verdict must then fail.
mode = ARGV[1] == 'leak' ? ['leak'] : []
small = leaks(rounds, *mode)
large = leaks(rounds * 3, *mode)
show("#{rounds} rounds #{mode.join}", small)
show("#{rounds * 3} rounds #{mode.join}", large)
verdict.call(small[:libuserhash] == [0, 0] && large[:libuserhash] == [0, 0], 'nothing allocated by libuserhash is lost')
verdict.call(large[:ffi][1] <= small[:ffi][1], 'what is lost at the FFI boundary does not grow with the rounds')
puts "valgrind: #{passed} passed, #{failed} failed"
exit(failed.zero? ? 0 : 1)
