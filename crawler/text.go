package crawler

import (
	"fmt"
	"net/http"
	"strings"
	"unicode"
)

// parseText fills doc from a text/plain body: decoded, lines trimmed, runs
// of blank lines made one; the title is the first line.
func parseText(doc *Document, body []byte, header http.Header, cfg parseConfig) {
	dec := Decode(body, header.Get("Content-Type"))
	doc.Charset = dec.Charset
	if dec.Bad > 0 {
		doc.Warnings = append(doc.Warnings, pluralf(dec.Bad, "undecodable byte sequence")+" replaced in "+dec.Charset)
	}
	text := strings.ReplaceAll(strings.ReplaceAll(dec.Text, "\r\n", "\n"), "\r", "\n")
	var out []string
	blank := false
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimFunc(strings.Map(func(r rune) rune {
			if unicode.IsControl(r) && r != '\t' {
				return -1
			}
			return r
		}, l), unicode.IsSpace)
		if l == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	doc.Text = strings.Join(out, "\n")
	if len(out) > 0 {
		doc.Title = out[0]
	}
	doc.Published, doc.PublishedSource = publishedDate(pageMeta{}, nil, doc.Title, doc.Text, doc.FinalURL, header, cfg.dates)
}

// pluralf writes "1 thing" or "n things".
func pluralf(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
