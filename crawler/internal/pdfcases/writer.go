package pdfcases

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/kohyo-dev/kohyo/crawler/internal/cjkcmap"
	"golang.org/x/text/encoding/japanese"
)

// builder writes a PDF: numbered objects, a cross-reference table, a
// trailer. Object 1 is the catalog, object 2 the page tree.
type builder struct {
	objs    [][]byte // objs[i] is object i+1
	pages   []int
	trailer string      // extra trailer entries
	enc     *encryption // encrypts every object but the encryption dictionary
	encObj  int
}

func newBuilder() *builder {
	b := &builder{}
	b.add("") // catalog, written by bytes
	b.add("") // page tree
	return b
}

func (b *builder) add(body string) int {
	b.objs = append(b.objs, []byte(body))
	return len(b.objs)
}

func (b *builder) set(n int, body string) { b.objs[n-1] = []byte(body) }

// stream adds a stream object; dict holds the entries besides /Length.
func (b *builder) stream(dict string, data []byte) int {
	var o bytes.Buffer
	fmt.Fprintf(&o, "<< %s /Length %d >>\nstream\n", dict, len(data))
	o.Write(data)
	o.WriteString("\nendstream")
	b.objs = append(b.objs, o.Bytes())
	return len(b.objs)
}

// flate compresses data as a FlateDecode filter writes it (zlib).
func flate(data []byte) []byte {
	var o bytes.Buffer
	w := zlib.NewWriter(&o)
	w.Write(data)
	w.Close()
	return o.Bytes()
}

// page adds a page with the given content stream and resources entries.
func (b *builder) page(content []byte, resources string, extra string) int {
	c := b.stream("/Filter /FlateDecode", flate(content))
	p := b.add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << %s >> /Contents %d 0 R %s >>", resources, c, extra))
	b.pages = append(b.pages, p)
	return p
}

// bytes returns the file; catalogExtra is added to the catalog.
func (b *builder) bytes(catalogExtra string) []byte {
	var kids []string
	for _, p := range b.pages {
		kids = append(kids, fmt.Sprintf("%d 0 R", p))
	}
	b.set(1, "<< /Type /Catalog /Pages 2 0 R "+catalogExtra+" >>")
	b.set(2, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids)))
	var o bytes.Buffer
	o.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(b.objs))
	for i, body := range b.objs {
		if b.enc != nil && i+1 != b.encObj {
			body = b.enc.apply(i+1, body)
		}
		offsets[i] = o.Len()
		fmt.Fprintf(&o, "%d 0 obj\n", i+1)
		o.Write(body)
		o.WriteString("\nendobj\n")
	}
	xref := o.Len()
	fmt.Fprintf(&o, "xref\n0 %d\n0000000000 65535 f \n", len(b.objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&o, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&o, "trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n", len(b.objs)+1, b.trailer, xref)
	return o.Bytes()
}

// font is a composite font without ToUnicode, as Japanese office software
// writes for the standard Japanese fonts: a Type0 font over a CIDFontType0
// that is not embedded and names an Adobe collection.
type font struct {
	base     string // Ryumin-Light, GothicBBB-Medium, HeiseiMin-W3, STSong-Light
	cmap     string // Identity-H, Identity-V, 90ms-RKSJ-H, UniJIS-UCS2-H, …
	ordering string // Japan1, GB1
	// via is the Unicode CMap whose CIDs an Identity font's codes are:
	// the horizontal or vertical UCS-2 CMap of the collection.
	via string
	// gids are the glyph numbers of an embedded subset (Identity-H
	// codes are then glyph numbers).
	gids map[rune]int
}

var (
	ryuminH  = font{base: "Ryumin-Light", cmap: "Identity-H", ordering: "Japan1", via: "UniJIS-UCS2-H"}
	ryuminV  = font{base: "Ryumin-Light", cmap: "Identity-V", ordering: "Japan1", via: "UniJIS-UCS2-V"}
	gothicSJ = font{base: "GothicBBB-Medium", cmap: "90ms-RKSJ-H", ordering: "Japan1", via: ""}
	heiseiU  = font{base: "HeiseiMin-W3", cmap: "UniJIS-UCS2-H", ordering: "Japan1", via: ""}
	stsongH  = font{base: "STSong-Light", cmap: "Identity-H", ordering: "GB1", via: "UniGB-UCS2-H"}
	// gothicI claims the Identity ordering: its CIDs are glyph numbers of
	// a font that is not there, so nothing says what they stand for.
	gothicI = font{base: "KozGoPr6N-Medium", cmap: "Identity-H", ordering: "Identity", via: "UniJIS-UCS2-H"}
)

// addFont writes the font objects and returns the Type0 font's number.
func (b *builder) addFont(f font) int {
	desc := b.add(fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s /Flags 6 /FontBBox [-170 -331 1024 903] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 709 /StemV 69 >>", f.base))
	supplement := map[string]int{"Japan1": 2, "GB1": 2, "Identity": 0}[f.ordering]
	// Half-width CIDs: Japan1 1–632 (proportional and half-width roman
	// and kana), GB1 1–95 and 814–907.
	w := "[1 632 500]"
	if f.ordering == "GB1" {
		w = "[1 95 500 814 907 500]"
	}
	cid := b.add(fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (%s) /Supplement %d >> /FontDescriptor %d 0 R /DW 1000 /W %s >>",
		f.base, f.ordering, supplement, desc, w))
	return b.add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s-%s /Encoding /%s /DescendantFonts [%d 0 R] >>", f.base, f.cmap, f.cmap, cid))
}

// encode returns the codes of s in font f as a hex string operand.
func (f font) encode(s string) string {
	var out []byte
	switch {
	case f.gids != nil:
		for _, r := range s {
			g := f.gids[r]
			out = append(out, byte(g>>8), byte(g))
		}
	case f.via != "":
		m := cjkcmap.Lookup(f.via)
		for _, r := range s {
			cid, ok := m.CID(uint32(r), 2)
			if !ok {
				panic(fmt.Sprintf("pdfcases: %q has no CID in %s", r, f.via))
			}
			out = append(out, byte(cid>>8), byte(cid))
		}
	case f.cmap == "90ms-RKSJ-H":
		b, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(s))
		if err != nil {
			panic(fmt.Sprintf("pdfcases: %q: %v", s, err))
		}
		out = b
	case f.cmap == "UniJIS-UCS2-H":
		for _, u := range utf16.Encode([]rune(s)) {
			out = append(out, byte(u>>8), byte(u))
		}
	default:
		panic("pdfcases: no encoder for " + f.cmap)
	}
	return fmt.Sprintf("<%X>", out)
}

// advance is the width of s in ems as the fonts above set it: half an em
// for ASCII and half-width kana, a full em otherwise.
func advance(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x80 || r >= 0xFF61 && r <= 0xFF9F {
			w += 0.5
		} else {
			w++
		}
	}
	return w
}

// content builds a content stream.
type content struct{ bytes.Buffer }

// line draws s with its origin at x, y; glyphs advance as the font's
// writing mode says (right, or down for a vertical font).
func (c *content) line(name string, f font, size, x, y float64, s string) {
	fmt.Fprintf(c, "BT /%s %g Tf 1 0 0 1 %g %g Tm %s Tj ET\n", name, size, x, y, f.encode(s))
}

// utf16Text is a PDF text string in UTF-16BE with a byte order mark.
func utf16Text(s string) string {
	out := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u>>8), byte(u))
	}
	return fmt.Sprintf("<%X>", out)
}
