// The golang-jwt oracle for the package's JWTs, a module of its own so that the package keeps
// only the standard library.
module example.invalid/userhash/go/jwtoracle

go 1.21

require (
	example.invalid/userhash/go v0.0.0
	github.com/golang-jwt/jwt/v5 v5.3.1
)

replace example.invalid/userhash/go => ../
