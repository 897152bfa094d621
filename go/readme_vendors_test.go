package userhash

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// TestReadmeVendors builds every README block after <!-- test: go-vendor-NAME --> as a program of
// a module that requires this package, runs it, and compares its output with the comments on
// its fmt.Print lines.
func TestReadmeVendors(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and links ten programs")
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?ms)^<!-- test: go-vendor-([a-z-]+) -->\n```go\n(.*?)^```").
		FindAllStringSubmatch(string(readme), -1)
	if len(blocks) != 10 {
		t.Fatalf("%d vendor examples, want one per vendor (10)", len(blocks))
	}
	here, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gomod := "module readmevendors\n\ngo 1.19\n\nrequire example.invalid/userhash/go v0.0.0\n\n" +
		"replace example.invalid/userhash/go => " + here + "\n"
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "go.mod"), gomod)
	for _, b := range blocks {
		write(filepath.Join(dir, b[1], "main.go"), b[2])
	}
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", "bin"+string(filepath.Separator), "./...")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOPROXY=off", "GOFLAGS=-mod=mod", "CGO_ENABLED=1")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	comment := regexp.MustCompile(`(?m)fmt\.Print(?:ln|f)\(.*\)\s*// (.*)$`)
	for _, b := range blocks {
		b := b
		t.Run(b[1], func(t *testing.T) {
			var want []string
			for _, m := range comment.FindAllStringSubmatch(b[2], -1) {
				want = append(want, m[1])
			}
			out, err := exec.Command(filepath.Join(dir, "bin", b[1])).Output()
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("printed:\n%s\nthe README says:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
