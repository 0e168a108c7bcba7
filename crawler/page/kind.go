package page

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Page kinds (Document.Kind).
const (
	KindArticle = "article" // one announcement or news article
	KindListing = "listing" // an index, pager, archive, category, tag or search page: many dated links, little own prose
	KindPDFDoc  = "pdf"     // a PDF document
	KindOther   = "other"   // a page with no date of its own: company profile, product page, privacy policy, home page
)

// listingDateRE: a date as listings write it beside each link.
var listingDateRE = regexp.MustCompile(`(?:19|20)\d{2}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}|(?:令和|平成|R|H)\s*(?:元|\d{1,2})\s*[年.]\s*\d{1,2}\s*[月.]\s*\d{1,2}`)

// listingPathRE: URL forms of listings.
var listingPathRE = regexp.MustCompile(`(?i)(?:/page/\d+|[?&](?:page|p|pageid|paged|pg)=\d+|/(?:category|categories|tag|tags|archives?|search|list|index)(?:/|\.|$)|[?&](?:s|q|keyword|cat|category|tag)=)`)

// datedLinks counts the links (outside the site's navigation, which is
// gone by now) that a date stands beside: in the link's text or in its
// list item, table row or paragraph; and the length of those items' text.
func datedLinks(body *html.Node) (n, itemText int) {
	walkElements(body, func(a *html.Node) {
		if a.DataAtom != atom.A || attr(a, "href") == "" {
			return
		}
		for p, up := a, 0; p != nil && up < 3; p, up = p.Parent, up+1 {
			t := textOf(p)
			l := utf8.RuneCountInString(collapseSpace(t))
			if l > 300 {
				break
			}
			if listingDateRE.MatchString(t) {
				n++
				itemText += l
				break
			}
			if p.DataAtom == atom.Li || p.DataAtom == atom.Tr || p.DataAtom == atom.Dl || p.DataAtom == atom.P {
				break
			}
		}
	})
	return n, itemText
}

// htmlKind classifies an HTML page from its dated links (counted before
// the main text drops link lists) and the text of their items, its own
// prose (the main text without those items) and its date. A year archive
// with one notice is a listing too: its text is that notice's link.
func htmlKind(doc *Document, dated, datedText int) string {
	prose := utf8.RuneCountInString(collapseSpace(strings.TrimPrefix(strings.TrimSpace(doc.Text), doc.Title)))
	own := max(0, prose-datedText)
	listingURL := false
	if u, err := url.Parse(doc.FinalURL); err == nil {
		listingURL = listingPathRE.MatchString(u.EscapedPath() + "?" + u.RawQuery)
	}
	switch {
	case dated >= 1 && own < 80,
		dated >= 4 && own < 60*dated,
		listingURL && dated >= 2 && own < 400:
		return KindListing
	}
	return otherOrArticle(doc)
}

// otherOrArticle: a page with no date of its own (none in its metadata
// or text, at most the server's Last-Modified), or the home page, is no
// announcement.
func otherOrArticle(doc *Document) string {
	if u, err := url.Parse(doc.FinalURL); err == nil && (u.Path == "" || u.Path == "/") {
		return KindOther
	}
	if doc.Published.IsZero() || doc.PublishedSource == "last_modified" {
		return KindOther
	}
	return KindArticle
}

// setKind gives a document that parseHTML did not classify its kind: a
// PDF is a pdf, a text file an article (or other, without a date).
func setKind(doc *Document) {
	switch {
	case doc.Kind != "":
	case doc.ContentType == "application/pdf":
		doc.Kind = KindPDFDoc
	case doc.Text != "":
		doc.Kind = otherOrArticle(doc)
	}
}
