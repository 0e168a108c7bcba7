// Command pdfeval measures kohyo's PDF reader against PDFium (go-pdfium's
// WebAssembly build, no cgo) on the generated cases of package pdfcases:
// CJK recall and reading-order similarity against each case's known text,
// time per document, and PDFium's start-up. It is a separate module so
// that kohyo itself does not depend on go-pdfium:
//
//	cd crawler/internal/pdfeval && go run . [-n 20]
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/kohyo-dev/kohyo/crawler/internal/pdfcases"
	"github.com/kohyo-dev/kohyo/crawler/page"
)

func main() {
	n := flag.Int("n", 20, "extractions per case and engine, for timing")
	flag.Parse()

	start := time.Now()
	pool, err := webassembly.Init(webassembly.Config{MinIdle: 1, MaxIdle: 1, MaxTotal: 1})
	if err != nil {
		fmt.Fprintln(os.Stderr, "pdfeval:", err)
		os.Exit(1)
	}
	defer pool.Close()
	inst, err := pool.GetInstance(time.Minute)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pdfeval:", err)
		os.Exit(1)
	}
	defer inst.Close()
	startup := time.Since(start)

	fmt.Printf("PDFium (go-pdfium %s, WebAssembly via wazero) start-up: %v\n\n", "v1.21.5", startup.Round(time.Millisecond))
	fmt.Printf("%-28s %-6s %-7s %-7s %-7s %-7s %-9s %-9s\n", "case", "lang", "k.rec", "k.ord", "p.rec", "p.ord", "k.µs/doc", "p.µs/doc")
	var sum [4]float64
	var kTime, pTime time.Duration
	cases := 0
	for _, c := range pdfcases.All() {
		k := kohyo(c.PDF)
		p, err := pdfiumText(inst, c.PDF)
		if err != nil {
			p = ""
			fmt.Fprintf(os.Stderr, "pdfium: %s: %v\n", c.Name, err)
		}
		kt := timeIt(*n, func() { kohyo(c.PDF) })
		pt := timeIt(*n, func() { pdfiumText(inst, c.PDF) })
		m := [4]float64{pdfcases.Recall(c.Text, k), pdfcases.Order(c.Text, k), pdfcases.Recall(c.Text, p), pdfcases.Order(c.Text, p)}
		fmt.Printf("%-28s %-6s %-7.2f %-7.2f %-7.2f %-7.2f %-9d %-9d\n", c.Name, c.Lang, m[0], m[1], m[2], m[3], kt.Microseconds(), pt.Microseconds())
		if os.Getenv("PDFEVAL_SHOW") != "" {
			fmt.Printf("--- kohyo\n%s\n--- pdfium\n%s\n", k, p)
		}
		if c.Lang == "" {
			continue
		}
		cases++
		for i := range m {
			sum[i] += m[i]
		}
		kTime += kt
		pTime += pt
	}
	fmt.Printf("%-28s %-6s %-7.2f %-7.2f %-7.2f %-7.2f %-9d %-9d\n", "mean (text cases)", "",
		sum[0]/float64(cases), sum[1]/float64(cases), sum[2]/float64(cases), sum[3]/float64(cases),
		(kTime / time.Duration(cases)).Microseconds(), (pTime / time.Duration(cases)).Microseconds())
}

func timeIt(n int, f func()) time.Duration {
	start := time.Now()
	for range n {
		f()
	}
	return time.Since(start) / time.Duration(n)
}

// kohyo is the text `kohyo extract` gets from a PDF.
func kohyo(pdf []byte) string {
	h := http.Header{"Content-Type": {"application/pdf"}}
	doc, _ := page.Parse("file:///case.pdf", "", 200, h, pdf)
	if doc == nil {
		return ""
	}
	return doc.Text
}

// pdfiumText is FPDFText_GetText over every page, pages joined by blank lines.
func pdfiumText(inst pdfium.Pdfium, pdf []byte) (string, error) {
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &pdf})
	if err != nil {
		return "", err
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return "", err
	}
	var pages []string
	for i := range count.PageCount {
		t, err := inst.GetPageText(&requests.GetPageText{Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}})
		if err != nil {
			return strings.Join(pages, "\n\n"), err
		}
		pages = append(pages, t.Text)
	}
	return strings.Join(pages, "\n\n"), nil
}
