# frozen_string_literal: true

# A plain-Ruby (WEBrick) server that hands the chat widget a logged-in user's id and hash.
#
#   USERHASH_SECRET=your_secret_key ruby examples/server.rb      # PORT=8080 by default
#   curl -H 'Cookie: session=demo-session' http://127.0.0.1:8080/widget-settings
#
# Prints "listening on http://127.0.0.1:PORT" once it accepts connections (PORT=0 picks a
# free port).
require 'json'
require 'webrick'
require 'userhash'

SIGNER = Userhash::Signer.from_env('USERHASH_SECRET') # built once, shared by every request

# Stands in for your authentication: session cookie → user id.
SESSIONS = { 'demo-session' => 'user123' }.freeze

def current_user_id(request)
  cookie = request.cookies.find { |c| c.name == 'session' }
  cookie && SESSIONS[cookie.value]
end

server = WEBrick::HTTPServer.new(
  BindAddress: '127.0.0.1', Port: Integer(ENV.fetch('PORT', '8080')),
  Logger: WEBrick::Log.new($stderr, WEBrick::Log::WARN), AccessLog: []
)

# The widget's settings as JSON for the page's script to fetch. Only authenticated users
# get an id and a hash; anonymous visitors get neither.
server.mount_proc '/widget-settings' do |request, response|
  user_id = current_user_id(request)
  response['Content-Type'] = 'application/json'
  if user_id
    response.body = JSON.generate(userId: user_id, userHash: SIGNER.sign(user_id))
  else
    response.status = 401
    response.body = JSON.generate(error: 'not logged in')
  end
end

trap('TERM') { server.shutdown }
trap('INT') { server.shutdown }
server.config[:StartCallback] = lambda do
  puts "listening on http://127.0.0.1:#{server.listeners.first.addr[1]}"
  $stdout.flush
end
server.start
