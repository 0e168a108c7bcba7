package page

import (
	"fmt"
	"net/http"
	"strings"
	"unicode"
)

// parseText fills doc from a text/plain body: decoded, lines trimmed, runs
// of blank lines made one; the title is the first line.
func parseText(doc *Document, body []byte, header http.Header, cfg parseConfig) {
	text := decodeBody(doc, body, header)
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	dropControls := func(r rune) rune {
		if unicode.IsControl(r) && r != '\t' {
			return -1
		}
		return r
	}
	doc.Text = joinParagraphs(strings.Split(text, "\n"), func(l string) string {
		return strings.TrimFunc(strings.Map(dropControls, l), unicode.IsSpace)
	})
	if first, _, _ := strings.Cut(doc.Text, "\n"); first != "" {
		doc.Title = first
	}
	doc.Published, doc.PublishedSource = publishedDate(pageMeta{}, nil, doc.Title, doc.Text, doc.FinalURL, header, cfg)
}

// decodeBody decodes body by its header and contents, records the charset
// used on doc, and warns when bytes could not be decoded.
func decodeBody(doc *Document, body []byte, header http.Header) string {
	dec := Decode(body, header.Get("Content-Type"))
	doc.Charset = dec.Charset
	if dec.Bad > 0 {
		doc.Warnings = append(doc.Warnings, pluralf(dec.Bad, "undecodable byte sequence")+" replaced in "+dec.Charset)
	}
	return dec.Text
}

// joinParagraphs trims each line with trim, drops empty lines at the start
// and end, makes each run of empty lines one, and joins the lines.
func joinParagraphs(lines []string, trim func(string) string) string {
	out := make([]string, 0, len(lines))
	blank := false
	for _, l := range lines {
		if l = trim(l); l == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// pluralf writes "1 thing" or "n things".
func pluralf(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
