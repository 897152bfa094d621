package userhash

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
)

// readmePrograms builds every README block after <!-- test: PREFIX-NAME --> as the program NAME
// of a module that requires this package (as a user's app does), and returns the directory of
// the binaries and the blocks' names and texts.
func readmePrograms(t *testing.T, prefix string) (string, [][]string) {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?ms)^<!-- test: "+regexp.QuoteMeta(prefix)+"-([a-z-]+) -->\n```go\n(.*?)^```").
		FindAllStringSubmatch(string(readme), -1)
	here, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gomod := "module readme\n\ngo 1.21\n\nrequire example.invalid/userhash/go v0.0.0\n\n" +
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
	return filepath.Join(dir, "bin"), blocks
}
