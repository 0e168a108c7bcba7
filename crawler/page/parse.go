package page

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode"
)

// ParseOption configures Parse.
type ParseOption func(*parseConfig)

type parseConfig struct {
	dates     DateParser
	fetchedAt time.Time
	truncated bool
	listed    time.Time
	feedDate  time.Time
}

// DatesWith sets the parser for dates written in the page; without it only
// numeric dates (2023-10-25, 2023/10/25, 2023.10.25, 2023年10月25日) are read.
func DatesWith(p DateParser) ParseOption { return func(c *parseConfig) { c.dates = p } }

// FetchedAt sets Document.FetchedAt (default: now).
func FetchedAt(t time.Time) ParseOption { return func(c *parseConfig) { c.fetchedAt = t } }

// Listed gives the date a sitemap (lastmod) or feed gave the page: the
// year of a page date written without one comes from it when the page
// itself says nothing better.
func Listed(t time.Time) ParseOption { return func(c *parseConfig) { c.listed = t } }

// FeedDate gives the date an RSS item (pubDate, dc:date) or Atom entry
// (published, else updated) gave the page: its published date when the
// page writes no full date of its own (SourceFeed), ranked after the page's
// metadata, JSON-LD, <time> and date line and before the URL and
// Last-Modified. A sitemap's lastmod is a modification date, not a
// publication date: it goes to Listed only.
func FeedDate(t time.Time) ParseOption { return func(c *parseConfig) { c.feedDate = t } }

// Truncated says the body was cut at the size cap.
func Truncated() ParseOption { return func(c *parseConfig) { c.truncated = true } }

// Parse turns one HTTP answer (or a local file) into a Document:
// it picks the content type, decodes the charset, and finds the title, the
// main text, the publication date and the links. crawler.Fetcher.Fetch
// and the crawler both use it, so a page comes out the same either way.
//
// On failure the error is an *Error (KindHTTPStatus, KindUnsupportedType,
// KindEmpty, KindNotJapanese, KindPDF, KindTooLarge); the Document is still
// returned, filled as far as parsing got, so that a crawler can record it.
// A PDF without extractable text is not an error: its Document says so in
// Warnings.
func Parse(rawURL, finalURL string, status int, header http.Header, body []byte, opts ...ParseOption) (*Document, error) {
	cfg := parseConfig{}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.fetchedAt.IsZero() {
		cfg.fetchedAt = time.Now().UTC()
	}
	if finalURL == "" {
		finalURL = rawURL
	}
	if header == nil {
		header = http.Header{}
	}
	sum := sha256.Sum256(body)
	doc := &Document{
		URL:          rawURL,
		FinalURL:     finalURL,
		Status:       status,
		ETag:         header.Get("ETag"),
		LastModified: header.Get("Last-Modified"),
		SHA256:       hex.EncodeToString(sum[:]),
		FetchedAt:    cfg.fetchedAt,
		Truncated:    cfg.truncated,
	}
	defer setKind(doc) // HTML pages get theirs in parseHTML
	if cfg.truncated {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("body cut at %d bytes", len(body)))
	}
	fail := func(kind ErrorKind, err error) (*Document, error) {
		return doc, &Error{Kind: kind, URL: rawURL, Status: status, Err: err}
	}
	if status >= 400 {
		return fail(KindHTTPStatus, nil)
	}
	doc.ContentType = mediaType(header.Get("Content-Type"), body)
	if len(bytes.TrimSpace(body)) == 0 {
		return fail(KindEmpty, fmt.Errorf("empty body"))
	}
	switch doc.ContentType {
	case "application/pdf":
		if cfg.truncated {
			return fail(KindTooLarge, fmt.Errorf("pdf cut at %d bytes cannot be read", len(body)))
		}
		if err := parsePDF(doc, body, header, cfg); err != nil {
			return fail(KindPDF, err)
		}
		if doc.Text == "" {
			return doc, nil // Warnings say why
		}
	case "text/html", "application/xhtml+xml":
		parseHTML(doc, body, header, cfg)
	case "text/plain":
		parseText(doc, body, header, cfg)
	default:
		return fail(KindUnsupportedType, fmt.Errorf("%s", doc.ContentType))
	}
	if doc.Text == "" || doc.LoadsByScript && onlyTitle(doc) {
		return fail(KindEmpty, nil)
	}
	cutText(doc)
	if !isJapanese(doc.Title + "\n" + doc.Text) {
		doc.Language = otherLanguage(doc.Language, doc.Title+"\n"+doc.Text)
		return fail(KindNotJapanese, fmt.Errorf("language %s", doc.Language))
	}
	doc.Language, doc.JapaneseURL = "ja", ""
	return doc, nil
}

// MaxTextRunes bounds Document.Text: a longer text (an archive dump, a
// generated page, a trap) keeps its first MaxTextRunes characters, and the
// Document says it was truncated. Real notices are a few thousand
// characters; a 100-page PDF report is about 200,000.
const MaxTextRunes = 256 << 10

// cutText cuts doc.Text to MaxTextRunes characters.
func cutText(doc *Document) {
	if len(doc.Text) <= MaxTextRunes {
		return // fewer bytes than the limit in characters
	}
	n := 0
	for i := range doc.Text {
		if n == MaxTextRunes {
			doc.Text = doc.Text[:i]
			doc.Truncated = true
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("text cut at %d characters", MaxTextRunes))
			return
		}
		n++
	}
}

// mediaType returns the media type of the body: the header's, unless it is
// missing or generic (application/octet-stream) or the bytes are plainly a
// PDF; then what the bytes look like.
func mediaType(contentType string, body []byte) string {
	if bytes.HasPrefix(bytes.TrimLeft(body[:min(len(body), 1024)], "\x00\t\r\n "), []byte("%PDF-")) {
		return "application/pdf"
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || mt == "" || mt == "application/octet-stream" || mt == "binary/octet-stream" {
		mt, _, _ = mime.ParseMediaType(http.DetectContentType(body))
	}
	return strings.ToLower(mt)
}

// isJapanese reports whether s reads as Japanese: some kana, and kana and
// kanji together at least a tenth of the letters. A short text with any
// Japanese letter passes.
func isJapanese(s string) bool {
	var letters, kana, han int
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			kana++
			letters++
		case unicode.Is(unicode.Han, r):
			han++
			letters++
		case unicode.IsLetter(r):
			letters++
		}
	}
	if letters < 20 {
		return kana+han > 0
	}
	return kana > 0 && (kana+han)*10 >= letters
}
