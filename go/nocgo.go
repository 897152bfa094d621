//go:build !cgo

package userhash

// Without cgo there is no libuserhash to call: the build stops here with this one error
// instead of an undefined name per C call. CGO_ENABLED=0 is also Go's default without a C compiler.
var _ = userhash_needs_cgo__build_with_CGO_ENABLED_1_and_a_C_compiler_such_as_gcc
