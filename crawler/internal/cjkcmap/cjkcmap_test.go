package cjkcmap

import (
	"os"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestCodesToText(t *testing.T) {
	tests := []struct {
		cmap string
		code []byte
		cid  int
		want rune
	}{
		{"90ms-RKSJ-H", []byte{0x82, 0xA0}, 843, 'あ'},
		{"90ms-RKSJ-H", []byte{0x88, 0xEA}, 1200, '一'},
		{"90ms-RKSJ-H", []byte{0x81, 0x41}, 634, '、'},
		{"90ms-RKSJ-V", []byte{0x81, 0x41}, 7887, '、'}, // vertical form, same character
		{"90ms-RKSJ-V", []byte{0x82, 0xA0}, 843, 'あ'},  // from usecmap 90ms-RKSJ-H
		{"90ms-RKSJ-H", []byte{0xB1}, 343, 'ｱ'},
		{"H", []byte{0x24, 0x22}, 843, 'あ'},
		{"V", []byte{0x21, 0x22}, 7887, '、'},
		{"EUC-H", []byte{0xA4, 0xA2}, 843, 'あ'},
		{"UniJIS-UCS2-H", []byte{0x30, 0x42}, 843, 'あ'},
		{"UniJIS-UTF16-H", []byte{0x4E, 0x00}, 1200, '一'},
		{"UniJIS-UTF16-V", []byte{0x30, 0x01}, 7887, '、'},
		{"Identity-H", []byte{0x03, 0x4B}, 843, 0}, // Identity has no collection of its own
		{"UniGB-UCS2-H", []byte{0x4E, 0x2D}, -1, '中'},
		{"GBK-EUC-H", []byte{0xD6, 0xD0}, -1, '中'},
		{"UniCNS-UCS2-H", []byte{0x4E, 0x2D}, -1, '中'},
		{"B5pc-H", []byte{0xA4, 0xA4}, -1, '中'},
		{"UniKS-UCS2-H", []byte{0xD5, 0x5C}, -1, '한'},
		{"KSCms-UHC-H", []byte{0xC7, 0xD1}, -1, '한'},
	}
	for _, tt := range tests {
		m := Lookup(tt.cmap)
		if m == nil {
			t.Fatalf("Lookup(%q) = nil", tt.cmap)
		}
		code, n, ok := m.Next(tt.code)
		if !ok || n != len(tt.code) {
			t.Errorf("%s.Next(% x) = %x, %d, %v", tt.cmap, tt.code, code, n, ok)
			continue
		}
		cid, ok := m.CID(code, n)
		if !ok || tt.cid >= 0 && cid != tt.cid {
			t.Errorf("%s.CID(%x) = %d, %v; want %d", tt.cmap, code, cid, ok, tt.cid)
			continue
		}
		if tt.want == 0 {
			continue
		}
		if r, ok := Unicode(m.Ordering, cid); !ok || r != tt.want {
			t.Errorf("%s: Unicode(%s, %d) = %q, %v; want %q", tt.cmap, m.Ordering, cid, r, ok, tt.want)
		}
	}
}

func TestNext(t *testing.T) {
	m := Lookup("90ms-RKSJ-H")
	s := []byte("\x82\xa0A\xb1\x88\xea")
	var got []int
	for len(s) > 0 {
		_, n, ok := m.Next(s)
		if !ok {
			t.Fatalf("Next(% x) not in codespace", s)
		}
		got = append(got, n)
		s = s[n:]
	}
	if want := []int{2, 1, 1, 2}; !equal(got, want) {
		t.Errorf("code lengths %v, want %v", got, want)
	}
	u := Lookup("UniJIS-UTF16-H")
	pair := utf16.Encode([]rune{'𠀋'})
	b := []byte{byte(pair[0] >> 8), byte(pair[0]), byte(pair[1] >> 8), byte(pair[1])}
	code, n, ok := u.Next(b)
	if !ok || n != 4 {
		t.Fatalf("UTF-16 surrogate pair read as %x, %d, %v", code, n, ok)
	}
	if cid, ok := u.CID(code, n); !ok {
		t.Errorf("𠀋 has no CID")
	} else if r, _ := Unicode("Japan1", cid); r != '𠀋' {
		t.Errorf("𠀋 → CID %d → %q", cid, r)
	}
	if _, n, ok := m.Next([]byte{0xFD, 0x20}); ok != true || n != 1 {
		// 0xFD lies outside 90ms-RKSJ-H's codespace except as nothing; pdf.js consumes one byte
		t.Logf("0xFD: n=%d ok=%v", n, ok)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestUnicodeCMapsRoundTrip checks the CID→Unicode tables against the
// Unicode CMaps: nearly every BMP character a Uni*-UCS2-H CMap maps to a
// CID comes back from that CID.
func TestUnicodeCMapsRoundTrip(t *testing.T) {
	for _, name := range []string{"UniJIS-UCS2-H", "UniGB-UCS2-H", "UniCNS-UCS2-H", "UniKS-UCS2-H"} {
		m := Lookup(name)
		total, same := 0, 0
		for r := rune(0x3000); r < 0xA000; r++ {
			cid, ok := m.CID(uint32(r), 2)
			if !ok {
				continue
			}
			total++
			if u, _ := Unicode(m.Ordering, cid); u == r {
				same++
			}
		}
		if total < 5000 || float64(same) < 0.97*float64(total) {
			t.Errorf("%s: %d of %d characters come back", name, same, total)
		}
	}
}

func TestNoOverlap(t *testing.T) {
	for _, name := range Names() {
		m := Lookup(name)
		for i := 1; i < len(m.cids); i++ {
			a, b := m.cids[i-1], m.cids[i]
			if a.nbytes == b.nbytes && b.lo <= a.hi {
				t.Errorf("%s: spans %x-%x and %x-%x overlap", name, a.lo, a.hi, b.lo, b.hi)
			}
		}
	}
	if n := len(Names()); n != 59 {
		t.Errorf("%d CMaps embedded, want the 59 that PDF predefines besides Identity", n)
	}
}

func TestSourceRecorded(t *testing.T) {
	b, err := os.ReadFile("SOURCE.md")
	if err != nil {
		t.Fatal(err)
	}
	if Source() == "" || !strings.Contains(string(b), Source()) {
		t.Errorf("cjk.bin was built from %q, which SOURCE.md does not name", Source())
	}
}

func TestCorruptData(t *testing.T) {
	raw := []byte(magic + "\x03abc\x01\x06Japan1\xff")
	if _, err := parse(raw); err == nil {
		t.Error("truncated payload accepted")
	}
	if _, err := decode([]byte("not deflate")); err == nil {
		t.Error("garbage accepted")
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := decode(packed); err != nil {
			b.Fatal(err)
		}
	}
}
