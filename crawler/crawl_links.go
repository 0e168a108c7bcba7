package crawler

import (
	"bytes"
	"encoding/xml"
	"net/url"
	"strings"
	"time"

	"github.com/kohyo-dev/kohyo/crawler/page"
	"golang.org/x/net/html/charset"
)

// foundLink is a link and the role the page gives it.
type foundLink struct {
	url     string
	next    bool // the next page of a listing (rel=next, 次へ, ...)
	feed    bool // an RSS or Atom feed
	sitemap bool // a sitemap or sitemap index
	// canonical: the page's <link rel=canonical>, another URL of itself
	canonical bool
	listed    time.Time // the date a sitemap or feed gives the page, or zero
	feedDate  time.Time // the date a feed item gives the page (not a sitemap's lastmod), or zero
}

// maxFeedLinks bounds what one feed or sitemap file may add to the
// frontier: 50,000 URLs, the sitemap protocol's own limit per file.
const maxFeedLinks = 50000

// pageLinks returns the links of a parsed page with their roles.
func pageLinks(doc *page.Document) []foundLink {
	if doc == nil {
		return nil
	}
	out := make([]foundLink, 0, len(doc.Links))
	for _, l := range doc.Links {
		// A data file a script loads is read like a feed (processFeed).
		out = append(out, foundLink{url: l.URL, next: l.Next, feed: l.Feed || l.Data, canonical: l.Canonical})
	}
	return out
}

// canonicalOf returns the canonical key of the page's <link rel=canonical>
// when the crawler honours it: the same host and path as the page's final
// URL (after Canonical), a scheme of either, and a query made of some of
// the page's own parameters, none when the page has none, at least one
// when it has some. A canonical that points elsewhere (a template naming the
// home page, detail.php for every detail.php?id=N, another article) is
// ignored: it would merge distinct pages. "" when there is none to honour.
func canonicalOf(links []foundLink, final string) string {
	fk, err := Canonical(final)
	if err != nil {
		return ""
	}
	fu, _ := url.Parse(fk)
	for _, l := range links {
		if !l.canonical {
			continue
		}
		ck, err := Canonical(l.url)
		if err != nil {
			return ""
		}
		cu, _ := url.Parse(ck)
		if cu.Host != fu.Host || cu.EscapedPath() != fu.EscapedPath() {
			return ""
		}
		if fu.RawQuery == "" && cu.RawQuery == "" {
			return ck
		}
		if cu.RawQuery == "" {
			return ""
		}
		have := map[string]bool{}
		for _, p := range strings.Split(fu.RawQuery, "&") {
			have[p] = true
		}
		for _, p := range strings.Split(cu.RawQuery, "&") {
			if !have[p] {
				return ""
			}
		}
		return ck
	}
	return ""
}

// dropKey returns links without those whose canonical key is key.
func dropKey(links []foundLink, key string) []foundLink {
	out := links[:0]
	for _, l := range links {
		if k, err := Canonical(l.url); err == nil && k == key {
			continue
		}
		out = append(out, l)
	}
	return out
}

// isXMLType reports whether a media type is a feed, a sitemap or other XML.
func isXMLType(mt string) bool {
	switch mt {
	case "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml":
		return true
	}
	return false
}

// scanXMLLinks reads the entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed
// and of a sitemap (pages) or sitemap index (sitemaps). It reads what it
// can of broken XML and never fails.
func scanXMLLinks(body []byte) (pages, sitemaps []string) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charset.NewReaderLabel
	var stack []string
	var text strings.Builder
	parent := func() string {
		if len(stack) < 2 {
			return ""
		}
		return stack[len(stack)-2]
	}
	for len(pages)+len(sitemaps) < maxFeedLinks {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			stack = append(stack, name)
			text.Reset()
			switch name {
			case "item": // RSS 1.0: <item rdf:about="...">
				for _, a := range t.Attr {
					if a.Name.Local == "about" && a.Value != "" {
						pages = append(pages, strings.TrimSpace(a.Value))
					}
				}
			case "link": // Atom: <link rel="alternate" href="...">
				var href, rel string
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "href":
						href = a.Value
					case "rel":
						rel = a.Value
					}
				}
				if href != "" && parent() == "entry" && (rel == "" || rel == "alternate") {
					pages = append(pages, strings.TrimSpace(href))
				}
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			name := stack[len(stack)-1]
			s := strings.TrimSpace(text.String())
			if s != "" {
				switch {
				case name == "link" && parent() == "item":
					pages = append(pages, s)
				case name == "loc" && parent() == "url":
					pages = append(pages, s)
				case name == "loc" && parent() == "sitemap":
					sitemaps = append(sitemaps, s)
				}
			}
			stack = stack[:len(stack)-1]
			text.Reset()
		}
	}
	return pages, sitemaps
}
