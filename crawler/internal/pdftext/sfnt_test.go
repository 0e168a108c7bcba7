package pdftext

import (
	"testing"

	"github.com/kohyo-dev/kohyo/crawler/internal/pdfcases"
)

func TestSFNTChars(t *testing.T) {
	file, gids := pdfcases.SubsetTTF("架空の告示ABC、⼀一")
	chars := sfntChars(file)
	for r, gid := range gids {
		if got := chars[gid]; got != r {
			t.Errorf("glyph %d reads %q, want %q", gid, got, r)
		}
	}
	for _, b := range [][]byte{nil, []byte("true"), file[:40], file[:len(file)/2]} {
		sfntChars(b) // no panic on cut files
	}
}

// FuzzSFNTChars: any bytes give no panic.
func FuzzSFNTChars(f *testing.F) {
	file, _ := pdfcases.SubsetTTF("架空の告示ABC")
	f.Add(file)
	f.Fuzz(func(t *testing.T, b []byte) { sfntChars(b) })
}
