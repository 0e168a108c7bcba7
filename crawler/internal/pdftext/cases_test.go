package pdftext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kohyo-dev/kohyo/crawler/internal/pdfcases"
)

// TestGeneratedPDFs reads each generated PDF (package pdfcases: fonts
// without ToUnicode, vertical writing, forms, damaged streams, fake bold,
// rotated pages, Chinese) and checks its text against the known text: the
// CJK characters all there and in order, every known line present as a
// line, and a warning naming the cause where there is no text.
func TestGeneratedPDFs(t *testing.T) {
	for _, c := range pdfcases.All() {
		t.Run(c.Name, func(t *testing.T) {
			got, err := Read(c.PDF)
			if c.Cause != "" {
				said := strings.Join(got.Warnings, "\n")
				if err != nil {
					said = err.Error()
				}
				if got.Text != "" || !strings.Contains(said, c.Cause) {
					t.Errorf("text %q, warnings %q, error %v; want no text and a warning or error naming %q", got.Text, got.Warnings, err, c.Cause)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Warning != "" && !strings.Contains(strings.Join(got.Warnings, "\n"), c.Warning) {
				t.Errorf("warnings %q; want one saying %q", got.Warnings, c.Warning)
			}
			if r, o := pdfcases.Recall(c.Text, got.Text), pdfcases.Order(c.Text, got.Text); r < 1 || o < 1 {
				t.Errorf("recall %.3f, order %.3f\ngot:\n%s\nwant:\n%s", r, o, got.Text, c.Text)
			}
			lines := map[string]bool{}
			for _, l := range strings.Split(got.Text, "\n") {
				lines[strings.Join(strings.Fields(l), " ")] = true
			}
			for _, want := range strings.Split(c.Text, "\n") {
				if !lines[strings.Join(strings.Fields(want), " ")] {
					t.Errorf("line %q missing or broken\ngot:\n%s", want, got.Text)
				}
			}
		})
	}
}

// BenchmarkGeneratedPDFs reads all generated PDFs and reports the mean
// CJK recall and reading-order similarity against their known text.
func BenchmarkGeneratedPDFs(b *testing.B) {
	cases := pdfcases.All()
	var recall, order float64
	n := 0
	for b.Loop() {
		recall, order, n = 0, 0, 0
		for _, c := range cases {
			got, _ := Read(c.PDF)
			if c.Lang == "" {
				continue
			}
			recall += pdfcases.Recall(c.Text, got.Text)
			order += pdfcases.Order(c.Text, got.Text)
			n++
		}
	}
	b.ReportMetric(recall/float64(n), "recall")
	b.ReportMetric(order/float64(n), "order")
}

// FuzzRead: any bytes, seeded with the generated PDFs, give no panic and
// valid UTF-8 text.
func FuzzRead(f *testing.F) {
	for _, c := range pdfcases.All() {
		f.Add(c.PDF)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, _ := Read(b)
		if !utf8.ValidString(got.Text) || !utf8.ValidString(got.Title) {
			t.Errorf("invalid UTF-8: %q", got.Text)
		}
	})
}
