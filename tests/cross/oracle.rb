# OpenSSL::HMAC oracle, the seeds' Ruby snippet. Prints
# "<hash of the raw bytes> <hash of the UTF-8 text forms, or ->" per sign case.
require 'json'
require 'openssl'

doc = JSON.parse(File.read(ARGV.fetch(0)))
doc.fetch('sign').each do |c|
  raw = OpenSSL::HMAC.hexdigest('SHA256', [c['secret_hex']].pack('H*'), [c['user_id_hex']].pack('H*'))
  text = if c.key?('secret_text') && c.key?('user_id_text')
           OpenSSL::HMAC.hexdigest('SHA256', c['secret_text'], c['user_id_text'])
         else
           '-'
         end
  puts "#{raw} #{text}"
end
