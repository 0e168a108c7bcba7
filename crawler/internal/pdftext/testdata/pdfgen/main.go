//go:build ignore

// Command pdfgen writes the test PDFs in crawler/internal/pdftext/testdata. It is not part of
// the module's build (the PDF writers are not dependencies of kohyo); run it
// through crawler/internal/pdftext/testdata/mkpdf.sh, which sets up a throw-away module.
//
// The font is IPAGothic from Debian's fonts-ipafont-gothic package, embedded
// as a CID (Type0, Identity-H) subset with a ToUnicode map, which is how most
// Japanese PDF announcements are built.
//
//   - notice.pdf: a two-column-free A4 notice (gopdf), date and company at the
//     right, title centred, three paragraphs.
//   - blank.pdf: a page with a drawn box and no text (a scanned notice stands
//     in the same place: nothing to extract).
//   - identityrange.pdf: the same kind of notice written by fpdf, whose
//     ToUnicode map is one <0000> <FFFF> range; ledongthuc/pdf mis-decodes it,
//     and kohyo decodes its wide ToUnicode range itself (crawler/internal/pdftext/cmap.go).
package main

import (
	"flag"
	"log"
	"path/filepath"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/signintech/gopdf"
)

var paragraphs = []string{
	"このたび、当社の会員向けサーバーが第三者による不正アクセスを受け、お客様の個人情報が漏えいした可能性があることが判明いたしました。",
	"漏えいした可能性がある情報は、氏名、住所、電話番号、メールアドレスの約1万2千件です。",
	"お客様には多大なるご迷惑とご心配をおかけしますことを深くお詫び申し上げます。",
}

func main() {
	font := flag.String("font", "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", "Japanese TrueType font")
	dir := flag.String("dir", ".", "output directory")
	flag.Parse()
	if err := notice(*font, filepath.Join(*dir, "notice.pdf")); err != nil {
		log.Fatal(err)
	}
	if err := blank(filepath.Join(*dir, "blank.pdf")); err != nil {
		log.Fatal(err)
	}
	if err := identityRange(*font, filepath.Join(*dir, "identityrange.pdf")); err != nil {
		log.Fatal(err)
	}
}

func notice(font, out string) error {
	pdf := gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	pdf.SetInfo(gopdf.PdfInfo{Title: "お知らせ", CreationDate: fixed})
	pdf.AddPage()
	if err := pdf.AddTTFFont("ipag", font); err != nil {
		return err
	}
	right := func(y float64, s string) error {
		w, err := pdf.MeasureTextWidth(s)
		if err != nil {
			return err
		}
		pdf.SetXY(gopdf.PageSizeA4.W-56-w, y)
		return pdf.Cell(nil, s)
	}
	if err := pdf.SetFont("ipag", "", 12); err != nil {
		return err
	}
	if err := right(60, "2023年10月25日"); err != nil {
		return err
	}
	if err := right(78, "株式会社サンプル電機"); err != nil {
		return err
	}
	if err := pdf.SetFont("ipag", "", 15); err != nil {
		return err
	}
	title := "不正アクセスによる個人情報漏えいのお知らせ"
	w, err := pdf.MeasureTextWidth(title)
	if err != nil {
		return err
	}
	pdf.SetXY((gopdf.PageSizeA4.W-w)/2, 120)
	if err := pdf.Cell(nil, title); err != nil {
		return err
	}
	if err := pdf.SetFont("ipag", "", 11); err != nil {
		return err
	}
	y := 170.0
	for _, p := range paragraphs {
		lines, err := pdf.SplitText(p, gopdf.PageSizeA4.W-112)
		if err != nil {
			return err
		}
		for _, l := range lines {
			pdf.SetXY(56, y)
			if err := pdf.Cell(nil, l); err != nil {
				return err
			}
			y += 17
		}
		y += 14
	}
	return pdf.WritePdf(out)
}

func blank(out string) error {
	pdf := gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	pdf.SetInfo(gopdf.PdfInfo{CreationDate: fixed})
	pdf.AddPage()
	pdf.RectFromUpperLeftWithStyle(56, 56, 300, 150, "D")
	return pdf.WritePdf(out)
}

func identityRange(font, out string) error {
	pdf := fpdf.New("P", "mm", "A4", filepath.Dir(font))
	pdf.SetCreationDate(fixed)
	pdf.SetModificationDate(fixed)
	pdf.AddUTF8Font("ipag", "", filepath.Base(font))
	pdf.SetFont("ipag", "", 12)
	pdf.AddPage()
	pdf.CellFormat(0, 10, "2023年10月25日", "", 1, "R", false, 0, "")
	pdf.MultiCell(0, 7, paragraphs[1], "", "L", false)
	return pdf.OutputFileAndClose(out)
}

var fixed = time.Date(2023, 10, 25, 10, 0, 0, 0, time.UTC)
