package pdftext

import (
	"strings"
	"testing"
)

// decodeAll cuts s into codes with m and joins their text; unmapped codes
// show as "?".
func decodeAll(m *cmap, s string, def int) string {
	var b strings.Builder
	for len(s) > 0 {
		c, n := m.next(s, def)
		s = s[n:]
		t, ok := m.text(c)
		if !ok {
			t = "?"
		}
		b.WriteString(t)
	}
	return b.String()
}

const cmapHeader = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
`

const cmapFooter = `endcmap
CMapName currentdict /CMap defineresource pop
end
end
`

func TestParseCMap(t *testing.T) {
	tests := []struct {
		name string
		body string // between header and footer
		in   string // character codes
		def  int    // code length without a codespace
		want string
	}{
		{
			name: "fpdf identity range over the whole BMP",
			body: "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n1 beginbfrange\n<0000> <FFFF> <0000>\nendbfrange\n",
			in:   "\x6f\x0f\x30\x48\x30\x44\x00\x31",
			want: "漏えい1",
		},
		{
			name: "range crossing a 256 boundary in source and destination",
			body: "1 begincodespacerange <0000> <FFFF> endcodespacerange\n1 beginbfrange <00F0> <0110> <6EFF> endbfrange\n",
			in:   "\x00\xf0\x01\x00\x01\x10",
			want: "\u6eff\u6f0f\u6f1f",
		},
		{
			name: "array destination and ligature",
			body: "1 begincodespacerange <0000> <FFFF> endcodespacerange\n1 beginbfrange <0010> <0012> [<3042> <00660069> <3046>] endbfrange\n",
			in:   "\x00\x10\x00\x11\x00\x12\x00\x13",
			want: "あfiう?",
		},
		{
			name: "bfchar wins over a range, later range over earlier",
			body: "1 begincodespacerange <00> <FF> endcodespacerange\n" +
				"1 beginbfchar <41> <0058> endbfchar\n" +
				"2 beginbfrange <40> <4F> <0040> <45> <46> <3042> endbfrange\n",
			in:   "@ABEF",
			want: "@XBあぃ",
		},
		{
			name: "surrogate pair destination counts up by code point",
			body: "1 begincodespacerange <0000> <FFFF> endcodespacerange\n1 beginbfrange <0001> <0002> <D842DFB7> endbfrange\n",
			in:   "\x00\x01\x00\x02",
			want: "\U00020BB7\U00020BB8",
		},
		{
			name: "mixed one- and two-byte codespace (Shift_JIS style)",
			body: "2 begincodespacerange\n<00> <80>\n<8140> <9FFC>\nendcodespacerange\n" +
				"1 beginbfchar <41> <0041> endbfchar\n1 beginbfrange <8140> <8142> <3000> endbfrange\n",
			in:   "A\x81\x40\x81\x42A",
			want: "A\u3000\u3002A",
		},
		{
			name: "wrong entry count, comments, lower-case and spaced hex, literal source",
			body: "% a comment\n9 begincodespacerange <00 00> <ff ff> endcodespacerange\n" +
				"5 beginbfchar (\\000A) <30 4b> % か\n endbfchar\n",
			in:   "\x00A\x00B",
			want: "か?",
		},
		{
			name: "no codespace: the caller's code length",
			body: "1 beginbfrange <0000> <00FF> <0000> endbfrange\n",
			in:   "\x00\x41\x00\x42",
			def:  2,
			want: "AB",
		},
		{
			name: "one-byte destination from a sloppy producer",
			body: "1 begincodespacerange <00> <FF> endcodespacerange\n1 beginbfchar <01> <41> endbfchar\n",
			in:   "\x01",
			want: "A",
		},
		{
			name: "bad entries are dropped, not fatal",
			body: "1 begincodespacerange <0000> <FFFF> endcodespacerange\n" +
				"3 beginbfrange <0010> <0001> <0041> <0020> <002F> 7 <0030> <0031> <0061> endbfrange\n",
			in:   "\x00\x10\x00\x20\x00\x31",
			want: "??b",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := parseCMap([]byte(cmapHeader + tc.body + cmapFooter))
			if err != nil {
				t.Fatal(err)
			}
			if got := decodeAll(m, tc.in, tc.def); got != tc.want {
				t.Errorf("decoded %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseCMapCIDsAndWMode(t *testing.T) {
	src := `/CMapName /Test-V def /WMode 1 def
/UniJIS-UCS2-H usecmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
1 begincidchar <0041> 7 endcidchar
1 begincidrange <0100> <01FF> 300 endcidrange
endcmap`
	m, err := parseCMap([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !m.vertical || m.useCMap != "UniJIS-UCS2-H" {
		t.Errorf("vertical=%v usecmap=%q, want true, UniJIS-UCS2-H", m.vertical, m.useCMap)
	}
	for _, tc := range []struct {
		code uint32
		cid  int
		ok   bool
	}{{0x41, 7, true}, {0x100, 300, true}, {0x1ff, 555, true}, {0x200, 0, false}} {
		cid, ok := m.cid(cmapCode{2, tc.code})
		if cid != tc.cid || ok != tc.ok {
			t.Errorf("cid(%#x) = %d, %v; want %d, %v", tc.code, cid, ok, tc.cid, tc.ok)
		}
	}
}

func FuzzParseCMap(f *testing.F) {
	f.Add([]byte(cmapHeader+"1 begincodespacerange <0000> <FFFF> endcodespacerange\n1 beginbfrange <0000> <FFFF> <0000> endbfrange\n"+cmapFooter), []byte("\x30\x42"))
	f.Add([]byte("1 beginbfrange <00> <FF> [<0041> (x) <>] endbfrange 1 beginbfchar <> <D800> endbfchar"), []byte("\x00\x01\x02"))
	f.Add([]byte("<< /A << /B {1 2 {3}} >> >> [[[ (\\0(\\)) <4"), []byte("\xff"))
	f.Fuzz(func(t *testing.T, src, codes []byte) {
		m, err := parseCMap(src)
		if err != nil {
			return
		}
		s := string(codes)
		for len(s) > 0 {
			c, n := m.next(s, 2)
			if n < 1 || n > len(s) {
				t.Fatalf("next(%q) took %d bytes", s, n)
			}
			m.text(c)
			m.cid(c)
			s = s[n:]
		}
	})
}
