package main

import (
	"bytes"
	"compress/flate"
	"io"
	"os"
	"regexp"
	"testing"
)

// TestRegenerate rebuilds the payload from a cmap-resources checkout named
// by CMAP_RESOURCES and checks that it equals the embedded ../cjk.bin. It
// is skipped without a checkout: tests never reach the network.
func TestRegenerate(t *testing.T) {
	dir := os.Getenv("CMAP_RESOURCES")
	if dir == "" {
		t.Skip("CMAP_RESOURCES not set (a checkout of github.com/adobe-type-tools/cmap-resources)")
	}
	source, err := os.ReadFile("../SOURCE.md")
	if err != nil {
		t.Fatal(err)
	}
	commit := regexp.MustCompile(`[0-9a-f]{40}`).FindString(string(source))
	got, err := generate(os.DirFS(dir), commit)
	if err != nil {
		t.Fatal(err)
	}
	packed, err := os.ReadFile("../cjk.bin")
	if err != nil {
		t.Fatal(err)
	}
	want, err := io.ReadAll(flate.NewReader(bytes.NewReader(packed)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("regenerated payload (%d bytes) differs from cjk.bin (%d bytes); is %s the commit in SOURCE.md?", len(got), len(want), dir)
	}
}

func TestPreferred(t *testing.T) {
	tests := map[string]rune{
		"*":                  0,
		"00002f00,00004e00":  0x4E00,
		"0000fe11,00003001v": 0x3001,
		"000000a0,00000020":  0x20,
		"00003042":           0x3042,
		"00009fa6 ":          0x9FA6,
	}
	for cell, want := range tests {
		if got, err := preferred(cell); err != nil || got != want {
			t.Errorf("preferred(%q) = %U, %v; want %U", cell, got, err, want)
		}
	}
}

func TestParseCMapFileErrors(t *testing.T) {
	for _, src := range []string{
		"",
		"/CMapName /X def\n",
		"/CMapName /X def\n1 begincodespacerange\n<00> <FFFF>\nendcodespacerange\n",
		"/CMapName /X def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n1 begincidrange\n<20> <10> 1\nendcidrange\n",
	} {
		if _, err := parseCMapFile([]byte(src)); err == nil {
			t.Errorf("parseCMapFile(%q) accepted", src)
		}
	}
}
