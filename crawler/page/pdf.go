package page

import (
	"net/http"

	"github.com/kohyo-dev/kohyo/crawler/internal/pdftext"
)

// parsePDF fills doc from a PDF (see pdftext.Read) and dates it by the
// text near the title, or by its URL and Last-Modified when it has no text.
func parsePDF(doc *Document, body []byte, header http.Header, cfg parseConfig) error {
	doc.Charset = ""
	t, err := pdftext.Read(body)
	doc.Warnings = append(doc.Warnings, t.Warnings...)
	if err != nil {
		return err
	}
	doc.Text, doc.Title = t.Text, t.Title
	if doc.Text != "" {
		doc.Published, doc.PublishedSource = publishedDate(pageMeta{}, nil, doc.Title, doc.Text, doc.FinalURL, header, cfg)
	} else {
		doc.Published, doc.PublishedSource = fallbackDate(doc.FinalURL, header)
	}
	return nil
}
