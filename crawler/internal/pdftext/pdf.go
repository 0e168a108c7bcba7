// Package pdftext reads the text of a PDF in reading order: its own
// content-stream interpreter over github.com/ledongthuc/pdf's object
// reader, with CMaps (ToUnicode, predefined CJK encodings), font widths and
// the text matrix, so that Japanese PDFs come out as lines a person reads.
package pdftext

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// Text is what Read finds in a PDF.
type Text struct {
	Title    string   // the first line set in the largest type on the first page, or ""
	Text     string   // lines in reading order, paragraphs separated by blank lines
	Warnings []string // pages skipped, text dropped, no text at all
}

// Read reads a PDF: text in reading order (lines top to bottom, glyphs
// left to right, a blank line where the vertical gap is wide) and the
// title (the largest type on the first page). A PDF without extractable
// text (a scan), or whose fonts map to no readable Unicode, gets a warning
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
		return doc, fmt.Errorf("reading pdf: %w", err)
	}
	var pages []string
	var pageErr error
	read := 0
	title := ""
	pageDicts, err := pdfPages(r)
	if err != nil {
		return doc, fmt.Errorf("reading pdf: %w", err)
	}
	for i, page := range pageDicts {
		glyphs, err := pdfPageText(page, i+1)
		if err != nil {
			pageErr = cmp.Or(pageErr, err)
			if len(glyphs) == 0 {
				doc.Warnings = append(doc.Warnings, fmt.Sprintf("pdf %v; page skipped", err))
				continue
			}
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("pdf %v; text may be incomplete", err))
		}
		read++
		lines := pdfLines(glyphs)
		if len(pages) == 0 {
			title = pdfTitle(lines)
		}
		pages = append(pages, joinPDFLines(lines))
	}
	if read == 0 && pageErr != nil {
		return doc, fmt.Errorf("reading pdf: %w", pageErr)
	}
	text := strings.TrimSpace(strings.Join(pages, "\n\n"))
	switch {
	case text == "":
		doc.Warnings = append(doc.Warnings, "pdf has no extractable text (scanned image or text drawn as shapes)")
	case !readablePDFText(text):
		doc.Warnings = append(doc.Warnings, "pdf text could not be decoded (fonts without a usable ToUnicode map); text dropped")
		text, title = "", ""
	}
	doc.Text = text
	doc.Title = title
	return doc, nil
}

type pdfLine struct {
	y, size float64
	glyphs  []pdfGlyph
}

func (l pdfLine) String() string {
	sort.SliceStable(l.glyphs, func(i, j int) bool { return l.glyphs[i].X < l.glyphs[j].X })
	var b strings.Builder
	prevEnd := math.NaN()
	for _, g := range l.glyphs {
		if !math.IsNaN(prevEnd) && g.X-prevEnd > g.FontSize*0.8 && b.Len() > 0 {
			b.WriteByte(' ') // a gap as wide as a character: a space the PDF did not draw
		}
		b.WriteString(g.S)
		prevEnd = g.X + g.W
	}
	return strings.TrimSpace(b.String())
}

// pdfLines groups glyphs into lines: same baseline within a third of the
// type size, top of the page first.
func pdfLines(texts []pdfGlyph) []pdfLine {
	var lines []pdfLine
	for _, t := range texts {
		if t.S == "" || t.S == "\ufffd" { // a code the font gives no text for
			continue
		}
		placed := false
		for i := range lines {
			if math.Abs(lines[i].y-t.Y) <= math.Max(1, 0.35*math.Max(t.FontSize, lines[i].size)) {
				lines[i].glyphs = append(lines[i].glyphs, t)
				lines[i].size = math.Max(lines[i].size, t.FontSize)
				placed = true
				break
			}
		}
		if !placed {
			lines = append(lines, pdfLine{y: t.Y, size: t.FontSize, glyphs: []pdfGlyph{t}})
		}
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].y > lines[j].y })
	return lines
}

// joinPDFLines writes lines, with a blank line where the gap to the next
// line is much wider than the type (a paragraph break).
func joinPDFLines(lines []pdfLine) string {
	var b strings.Builder
	for i, l := range lines {
		s := l.String()
		if s == "" {
			continue
		}
		if b.Len() > 0 {
			gap := lines[i-1].y - l.y
			if gap > 1.9*math.Max(l.size, lines[i-1].size) {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(s)
	}
	return b.String()
}

// pdfTitle is the first line set in the largest type on the page, if that
// type is larger than the body text.
func pdfTitle(lines []pdfLine) string {
	if len(lines) == 0 {
		return ""
	}
	sizes := make([]float64, 0, len(lines))
	maxSize := 0.0
	for _, l := range lines {
		sizes = append(sizes, l.size)
		maxSize = math.Max(maxSize, l.size)
	}
	sort.Float64s(sizes)
	median := sizes[len(sizes)/2]
	if maxSize <= median*1.1 {
		return ""
	}
	for _, l := range lines {
		if l.size == maxSize {
			return l.String()
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
