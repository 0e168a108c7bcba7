// Command pdfgen writes the PDF announcement of the kohyo demo site
// (../site/pdf/20231027_report.pdf) from report.txt, with a Japanese
// TrueType font. It lives in its own module so that the kohyo module does
// not depend on a PDF writer. See README.md.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

func main() {
	in := flag.String("in", "report.txt", "source text: '# ' title, '## ' heading, blank line = paragraph break")
	out := flag.String("out", "../site/pdf/20231027_report.pdf", "output PDF")
	font := flag.String("font", "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", "Japanese TrueType font (Debian package fonts-ipafont-gothic)")
	flag.Parse()
	if err := run(*in, *out, *font); err != nil {
		fmt.Fprintln(os.Stderr, "pdfgen:", err)
		os.Exit(1)
	}
}

func run(in, out, font string) error {
	src, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	fontBytes, err := os.ReadFile(font)
	if err != nil {
		return fmt.Errorf("read font: %w (apt-get install fonts-ipafont-gothic)", err)
	}

	pdf := fpdf.New("P", "mm", "A4", "")
	// Fixed dates and sorted catalog: the same input gives the same bytes.
	stamp := time.Date(2023, 10, 27, 10, 0, 0, 0, time.FixedZone("JST", 9*3600))
	pdf.SetCreationDate(stamp)
	pdf.SetModificationDate(stamp)
	pdf.SetCatalogSort(true)
	pdf.SetCompression(true)
	pdf.AddUTF8FontFromBytes("ipag", "", fontBytes)
	pdf.SetTitle("ランサムウェア被害に関する調査結果と再発防止策について（第3報）", true)
	pdf.SetAuthor("株式会社ときわ野精工ホールディングス", true)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AddPage()

	const width = 170.0
	sc := bufio.NewScanner(strings.NewReader(string(src)))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			pdf.Ln(3)
		case strings.HasPrefix(line, "## "):
			pdf.SetFont("ipag", "", 11.5)
			pdf.Ln(2)
			write(pdf, width, 7, strings.TrimPrefix(line, "## "), "L")
		case strings.HasPrefix(line, "# "):
			pdf.SetFont("ipag", "", 14)
			pdf.Ln(4)
			write(pdf, width, 8, strings.TrimPrefix(line, "# "), "C")
			pdf.Ln(2)
		default:
			pdf.SetFont("ipag", "", 10.5)
			write(pdf, width, 6, line, "L")
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if pdf.Err() {
		return pdf.Error()
	}
	if err := pdf.OutputFileAndClose(out); err != nil {
		return errors.Join(fmt.Errorf("write %s", out), err)
	}
	return nil
}

// noLineStart holds characters that Japanese typesetting (禁則処理) keeps
// off the start of a line.
const noLineStart = "、。，．）」』】〕・ー？！：；ぁぃぅぇぉっゃゅょァィゥェォッャュョ"

// write sets text in lines of at most width, breaking between any two
// characters (Japanese has no spaces) but never before a character of
// noLineStart. fpdf's MultiCell drops a character at each break when a
// line has no space, hence this.
func write(pdf *fpdf.Fpdf, width, height float64, text, align string) {
	var line []rune
	for _, r := range text {
		if len(line) > 0 && pdf.GetStringWidth(string(append(line, r))) > width && !strings.ContainsRune(noLineStart, r) {
			pdf.CellFormat(width, height, string(line), "", 1, align, false, 0, "")
			line = line[:0]
		}
		line = append(line, r)
	}
	pdf.CellFormat(width, height, string(line), "", 1, align, false, 0, "")
}
