package userhash

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeVendors builds every README block after <!-- test: go-vendor-NAME --> (readmePrograms),
// runs it, and compares its output with the comments on its fmt.Print lines.
func TestReadmeVendors(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and links ten programs")
	}
	bin, blocks := readmePrograms(t, "go-vendor")
	if len(blocks) != 10 {
		t.Fatalf("%d vendor examples, want one per vendor (10)", len(blocks))
	}
	comment := regexp.MustCompile(`(?m)fmt\.Print(?:ln|f)\(.*\)\s*// (.*)$`)
	for _, b := range blocks {
		b := b
		t.Run(b[1], func(t *testing.T) {
			var want []string
			for _, m := range comment.FindAllStringSubmatch(b[2], -1) {
				want = append(want, m[1])
			}
			out, err := exec.Command(filepath.Join(bin, b[1])).Output()
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("printed:\n%s\nthe README says:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
