// Package pdftext reads the text of a PDF in reading order: its own
// content-stream interpreter over github.com/ledongthuc/pdf's object
// reader, with CMaps (ToUnicode, predefined CJK encodings), font widths and
// the text matrix, so that Japanese PDFs come out as lines a person reads.
package pdftext

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kohyo-dev/kohyo/crawler/internal/pdflayout"
	"github.com/ledongthuc/pdf"
)

// Text is what Read finds in a PDF.
type Text struct {
	Title    string   // the first line set in the largest type on the first page, or ""
	Text     string   // lines in reading order, paragraphs separated by blank lines
	Warnings []string // pages skipped, text dropped, no text at all
}

// Read reads a PDF: text in reading order (see package pdflayout: rotated
// pages turned upright, vertical columns right to left, wrapped lines
// rejoined, overprinted glyphs dropped) and the title (the largest type on
// the first page). A PDF without extractable text gets a warning naming
// the cause (image-only pages, fonts without a Unicode map, encryption)
// and no text rather than mojibake. The error is for a file that cannot be
// read at all.
func Read(body []byte) (doc Text, err error) {
	defer func() { // the library panics on some malformed files
		if r := recover(); r != nil {
			err = fmt.Errorf("reading pdf: %v", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		if errors.Is(err, pdf.ErrInvalidPassword) || strings.Contains(err.Error(), "encrypt") {
			return doc, fmt.Errorf("reading pdf: encrypted (a password is needed, or the encryption is not supported): %w", err)
		}
		return doc, fmt.Errorf("reading pdf: %w", err)
	}
	var pages []string
	var pageErr error
	read, images := 0, 0
	var scans []int          // pages with images and no text
	lost := map[string]int{} // font name → characters without text
	title := ""
	pageDicts, err := pdfPages(r)
	if err != nil {
		return doc, fmt.Errorf("reading pdf: %w", err)
	}
	for i, page := range pageDicts {
		pc, err := pdfPageText(page, i+1, body)
		if err != nil {
			pageErr = cmp.Or(pageErr, err)
			if len(pc.glyphs) == 0 {
				doc.Warnings = append(doc.Warnings, fmt.Sprintf("pdf %v; page skipped", err))
				continue
			}
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("pdf %v; text may be incomplete", err))
		}
		read++
		images += pc.images
		for _, g := range pc.glyphs {
			if (g.S == "" || g.S == "\ufffd") && g.font != nil && !g.font.unknown {
				lost[g.font.name]++
			}
		}
		lines := pdflayout.Page(layoutGlyphs(pc.glyphs), int(inherited(page, "Rotate").Int64()))
		if len(pages) == 0 {
			title = pageTitle(lines)
		}
		if len(lines) == 0 && pc.images > 0 {
			scans = append(scans, i+1)
		}
		pages = append(pages, pdflayout.Text(lines))
	}
	if read == 0 && pageErr != nil {
		return doc, fmt.Errorf("reading pdf: %w", pageErr)
	}
	text := strings.TrimSpace(strings.Join(pages, "\n\n"))
	if w := lostWarning(lost); w != "" {
		doc.Warnings = append(doc.Warnings, w)
	}
	if text != "" && len(scans) > 0 {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("pdf %s: only images (scanned, no text layer), no text read", pageList(scans)))
	}
	switch {
	case text != "" && !readablePDFText(text):
		doc.Warnings = append(doc.Warnings, "pdf text could not be decoded (fonts without a usable ToUnicode map); text dropped")
		text, title = "", ""
	case text != "":
	case len(lost) > 0:
		doc.Warnings = append(doc.Warnings, "pdf has no extractable text (its fonts have no Unicode map)")
	case !r.Trailer().Key("Encrypt").IsNull():
		doc.Warnings = append(doc.Warnings, "pdf has no extractable text (encrypted)")
	case images > 0:
		doc.Warnings = append(doc.Warnings, "pdf has no extractable text (image-only pages: a scan without a text layer)")
	default:
		doc.Warnings = append(doc.Warnings, "pdf has no extractable text (nothing is drawn as text; it may be drawn as shapes)")
	}
	doc.Text = text
	doc.Title = title
	return doc, nil
}

// lostWarning names the fonts whose characters had no text, most first.
func lostWarning(lost map[string]int) string {
	if len(lost) == 0 {
		return ""
	}
	names := make([]string, 0, len(lost))
	total := 0
	for n, c := range lost {
		names = append(names, n)
		total += c
	}
	sort.Slice(names, func(i, j int) bool {
		if lost[names[i]] != lost[names[j]] {
			return lost[names[i]] > lost[names[j]]
		}
		return names[i] < names[j]
	})
	for i, n := range names {
		if n == "" {
			names[i] = "(unnamed)"
		}
	}
	if len(names) > 3 {
		names = append(names[:3], "…")
	}
	return fmt.Sprintf("pdf font %s has no Unicode map (no ToUnicode, no known character collection); %d characters lost", strings.Join(names, ", "), total)
}

// pageList writes "page 3" or "pages 2, 5, 7".
func pageList(pages []int) string {
	if len(pages) == 1 {
		return fmt.Sprintf("page %d", pages[0])
	}
	var b strings.Builder
	b.WriteString("pages ")
	for i, p := range pages {
		if i == 10 {
			fmt.Fprintf(&b, " and %d more", len(pages)-10)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, p)
	}
	return b.String()
}

// layoutGlyphs hands the glyphs that have text to the layout.
func layoutGlyphs(gs []pdfGlyph) []pdflayout.Glyph {
	out := make([]pdflayout.Glyph, 0, len(gs))
	for _, g := range gs {
		if g.S == "" || g.S == "\ufffd" {
			continue
		}
		out = append(out, pdflayout.Glyph{X: g.X, Y: g.Y, DX: g.DX, DY: g.DY, Adv: g.W, Size: g.FontSize, S: g.S})
	}
	return out
}

// pageTitle is the first line set in the largest type on the page, if that
// type is larger than the body text.
func pageTitle(lines []pdflayout.Line) string {
	if len(lines) == 0 {
		return ""
	}
	sizes := make([]float64, 0, len(lines))
	maxSize := 0.0
	for _, l := range lines {
		sizes = append(sizes, l.Size)
		maxSize = math.Max(maxSize, l.Size)
	}
	sort.Float64s(sizes)
	median := sizes[len(sizes)/2]
	if maxSize <= median*1.1 {
		return ""
	}
	for _, l := range lines {
		if l.Size == maxSize {
			return l.Text
		}
	}
	return ""
}

// readablePDFText reports whether extracted text is text: mostly letters,
// digits and punctuation, not control characters and stray Latin-1.
func readablePDFText(s string) bool {
	var good, bad int
	for _, r := range s {
		switch {
		case r == '\n' || r == ' ' || r == '\t':
		case r == utf8.RuneError, unicode.IsControl(r), r >= 0x80 && r <= 0xFF, r >= 0xE000 && r <= 0xF8FF:
			bad++
		default:
			good++
		}
	}
	return good > 0 && bad*10 < good
}
