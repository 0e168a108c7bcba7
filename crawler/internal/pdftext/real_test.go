package pdftext

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kohyo-dev/kohyo/crawler/internal/pdfcases"
)

// TestRealPDFs measures the reader on PDFs that are not ours, when
// KOHYO_REAL_PDFS names a directory of them: each NAME.pdf beside
// NAME.ref.txt (poppler's `pdftotext NAME.pdf NAME.ref.txt`) is read and
// its CJK recall and reading-order similarity against pdftotext logged.
// Nothing of them enters the repository; without the variable the test
// is skipped.
func TestRealPDFs(t *testing.T) {
	dir := os.Getenv("KOHYO_REAL_PDFS")
	if dir == "" {
		t.Skip("KOHYO_REAL_PDFS not set")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no PDFs in %s", dir)
	}
	var recall, order float64
	n := 0
	for _, f := range files {
		ref, err := os.ReadFile(strings.TrimSuffix(f, ".pdf") + ".ref.txt")
		if err != nil {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Read(b)
		r, o := pdfcases.Recall(string(ref), got.Text), pdfcases.Order(string(ref), got.Text)
		recall, order, n = recall+r, order+o, n+1
		t.Logf("%-64s recall %.3f order %.3f err=%v warnings=%q", filepath.Base(f), r, o, err, got.Warnings)
	}
	if n > 0 {
		t.Logf("mean over %d PDFs: recall %.3f order %.3f", n, recall/float64(n), order/float64(n))
	}
}
