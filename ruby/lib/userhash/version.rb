# frozen_string_literal: true

module Userhash
  # The gem's version: the Cargo workspace version of the core it wraps. The gemspec and
  # the tests check that Cargo.toml and libuserhash's userhash_version() agree.
  VERSION = '0.1.0'
end
