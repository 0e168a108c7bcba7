// Package testpages reads the fictional page fixtures of crawler/page's
// testdata for the tests of the crawler packages, and encodes them in the
// legacy charsets they are served in.
package testpages

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
)

// Read returns dir/name with {{CHARSET}} replaced by charset; dir is the
// fixtures' folder as seen from the calling test's package.
func Read(t testing.TB, dir, name, charset string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "{{CHARSET}}", charset)
}

// Encode returns s in enc (UTF-8 when enc is nil).
func Encode(t testing.TB, enc encoding.Encoding, s string) []byte {
	t.Helper()
	if enc == nil {
		return []byte(s)
	}
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b
}
