package pdftext

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kohyo-dev/kohyo/crawler/internal/pdflayout"
	"github.com/ledongthuc/pdf"
)

// miniPDF writes a one-page PDF: content is the page's content stream (or
// the whole stream object, if it starts with "<<"),
// font the dictionary of /F1, and extra further objects from number 6 on
// (the font may refer to them). /X1 names object 6, for form XObjects.
func miniPDF(content, font string, extra ...string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R" +
			" /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> >>",
		content,
		font,
	}
	if !strings.HasPrefix(content, "<<") {
		objs[3] = stream("", content)
	}
	objs = append(objs, extra...)
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func stream(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

const (
	// A composite font drawn with Identity-H whose ToUnicode map crosses a
	// 256 boundary in a bfrange: the case the library decodes wrongly.
	type0Font = "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+TestGothic /Encoding /Identity-H" +
		" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+TestGothic" +
		" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>" +
		" /W [256 [1000] 5 5 500 16 18 1000] >>] /ToUnicode 7 0 R >>"
	toUnicode = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n" +
		"1 begincodespacerange <0000> <FFFF> endcodespacerange\n" +
		"1 beginbfchar <0005> <3048> endbfchar\n" +
		"2 beginbfrange <00F0> <0110> <6EFF> <0010> <0012> [<3042> <3044> <3046>] endbfrange\n" +
		"endcmap CMapName currentdict /CMap defineresource pop end end"
	// A font without ToUnicode in a predefined Shift_JIS CMap, as old
	// Japanese producers wrote with non-embedded fonts.
	rksjFont = "<< /Type /Font /Subtype /Type0 /BaseFont /MS-Gothic /Encoding /90ms-RKSJ-H" +
		" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /MS-Gothic" +
		" /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /DW 1000 >>] >>"
	winAnsiFont = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding" +
		" /FirstChar 32 /LastChar 126 /Widths [" + "278 " + "%s" + "] >>"
)

func winAnsi() string {
	return fmt.Sprintf(winAnsiFont, strings.Repeat("556 ", 94))
}

// pdfPlain reads every page of a PDF into lines, as Read does.
func pdfPlain(t *testing.T, b []byte) (string, []pdfGlyph) {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	pages, err := pdfPages(r)
	if err != nil || len(pages) != 1 {
		t.Fatalf("pages: %d, %v", len(pages), err)
	}
	pc, err := pdfPageText(pages[0], 1, b)
	if err != nil {
		t.Fatal(err)
	}
	return pdflayout.Text(pdflayout.Page(layoutGlyphs(pc.glyphs), 0)), pc.glyphs
}

func TestPDFPageText(t *testing.T) {
	tests := []struct {
		name  string
		pdf   []byte
		want  string
		wantX []float64 // glyph origins, when checked
	}{
		{
			name:  "identity-H, bfrange over a 256 boundary, array form, TJ kerning, /W widths",
			pdf:   miniPDF("BT /F1 12 Tf 72 700 Td [<0100> -50 <0005> <0011>] TJ ET", type0Font, "<< >>", stream("", toUnicode)),
			want:  "漏えい",
			wantX: []float64{72, 84.6, 90.6},
		},
		{
			name: "predefined Shift_JIS CMap without ToUnicode",
			pdf:  miniPDF("BT /F1 10.5 Tf 1 0 0 1 50 800 Tm <414243985282a682a2> Tj ET", rksjFont),
			want: "ABC漏えい",
		},
		{
			name: "text inside a form XObject, placed by its matrix",
			pdf: miniPDF("q 1 0 0 1 0 -100 cm /X1 Do Q BT /F1 12 Tf 72 760 Td (top) Tj ET", winAnsi(),
				stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix [1 0 0 1 0 -40]", "BT /F1 12 Tf 72 800 Td (Hello, form) Tj ET")),
			want: "top\n\nHello, form", // 100pt apart: a paragraph break
		},
		{
			name: "lines in reading order, T* and ' move down by the leading",
			pdf:  miniPDF("BT /F1 12 Tf 14 TL 72 700 Td (one) Tj T* (two) Tj (three) ' ET", winAnsi()),
			want: "one\ntwo\nthree",
		},
		{
			name: "word gap drawn as a move: a space",
			pdf:  miniPDF("BT /F1 10 Tf 72 700 Td [(data) -2000 (breach)] TJ ET", winAnsi()),
			want: "data breach",
		},
		{
			name: "Identity-H without ToUnicode: no text, not mojibake",
			pdf:  miniPDF("BT /F1 12 Tf 72 700 Td <01000005> Tj ET", strings.Replace(type0Font, "/ToUnicode 7 0 R", "", 1)),
			want: "",
		},
		{
			name: "font missing from the resources",
			pdf:  miniPDF("BT /F9 12 Tf 72 700 Td (x) Tj ET", winAnsi()),
			want: "",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, glyphs := pdfPlain(t, tc.pdf)
			if got != tc.want {
				t.Errorf("text %q, want %q", got, tc.want)
			}
			if tc.wantX == nil {
				return
			}
			for i, x := range tc.wantX {
				if i >= len(glyphs) || math.Abs(glyphs[i].X-x) > 1e-6 {
					t.Fatalf("glyphs %+v, want X %v", glyphs, tc.wantX)
				}
			}
		})
	}
}

// TestPDFFixtures reads the PDFs in testdata whole, warnings included.
func TestPDFFixtures(t *testing.T) {
	tests := []struct {
		file     string
		title    string
		contains []string
		warning  string
	}{
		{"identityrange.pdf", "", []string{"2023年10月25日", "氏名、住所、電話番号、メールアドレスの約1万2千件です。"}, ""},
		{"notice.pdf", "不正アクセスによる個人情報漏えいのお知らせ", []string{"株式会社サンプル電機", "約1万2千件"}, ""},
		{"blank.pdf", "", nil, "pdf has no extractable text"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Read(b)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != tc.title {
				t.Errorf("title %q, want %q", doc.Title, tc.title)
			}
			for _, s := range tc.contains {
				if !strings.Contains(doc.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, doc.Text)
				}
			}
			warnings := strings.Join(doc.Warnings, "\n")
			if tc.warning == "" && warnings != "" || !strings.Contains(warnings, tc.warning) {
				t.Errorf("warnings %q, want %q", warnings, tc.warning)
			}
		})
	}
}

func TestParsePDFBrokenPage(t *testing.T) {
	// A content stream with a filter the library does not know: the page
	// cannot be read, which is an error when it is the only page.
	b := miniPDF(stream("/Filter /NoSuchDecode", "BT ET"), winAnsi())
	_, err := Read(b)
	if err == nil || !strings.Contains(err.Error(), "NoSuchDecode") {
		t.Errorf("err %v, want one naming the filter", err)
	}
}

// BenchmarkPDFPageText times this package's page reader against the
// library's own (pdf.Page.Content, which decodes this file wrongly) on the
// same page: compare the two ns/op.
func BenchmarkPDFPageText(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "notice.pdf"))
	if err != nil {
		b.Fatal(err)
	}
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		b.Fatal(err)
	}
	pages, err := pdfPages(r)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("kohyo", func(b *testing.B) {
		for range b.N {
			if _, err := pdfPageText(pages[0], 1, data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("library-baseline", func(b *testing.B) {
		for range b.N {
			r.Page(1).Content()
		}
	})
}
