module example.invalid/userhash/examples/gohttp

go 1.22

require example.invalid/userhash/go v0.1.0

// The package in this repository (its go/lib leads to dist's archives). The e2e builds against
// the release module in dist/go instead (e2e-setup.sh); an app of yours: see go/README.md, Install.
replace example.invalid/userhash/go => ../../go
