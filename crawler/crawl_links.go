package crawler

import (
	"bytes"
	"encoding/xml"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/japanese"
)

// foundLink is a link and the role the page gives it.
type foundLink struct {
	url     string
	next    bool // the next page of a listing (rel=next, 次へ, ...)
	feed    bool // an RSS or Atom feed
	sitemap bool // a sitemap or sitemap index
	// canonical: the page's <link rel=canonical>, another URL of itself
	canonical bool
}

// maxLinksPerPage bounds what one page or feed may add to the frontier.
const maxLinksPerPage = 50000

// scanHTMLLinks reads the roles of links from raw HTML: feeds (<link
// rel=alternate type=application/rss+xml>), next pages (rel=next, or an
// anchor reading 次へ, 次のページ, next...). Anchor text is read in UTF-8,
// Shift_JIS or EUC-JP, whichever the bytes are. Plain links come from the
// Document.
func scanHTMLLinks(body []byte, base *url.URL) []foundLink {
	var out []foundLink
	page := base // the page's own URL; base may change with <base href>
	z := html.NewTokenizer(bytes.NewReader(body))
	var inA bool
	var aHref string
	var aText []byte
	resolve := func(h string) string {
		h = strings.TrimSpace(h)
		if h == "" || strings.HasPrefix(h, "#") || !utf8.ValidString(h) {
			return ""
		}
		u, err := base.Parse(h)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return ""
		}
		return u.String()
	}
	for len(out) < maxLinksPerPage {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			switch string(name) {
			case "base":
				if b, err := base.Parse(strings.TrimSpace(attrs["href"])); err == nil && attrs["href"] != "" {
					base = b
				}
			case "link":
				rel := " " + strings.ToLower(attrs["rel"]) + " "
				typ := strings.ToLower(attrs["type"])
				h := resolve(attrs["href"])
				if h == "" {
					continue
				}
				switch {
				case strings.Contains(rel, " canonical "):
					out = append(out, foundLink{url: h, canonical: true})
				case strings.Contains(rel, " alternate ") && (strings.Contains(typ, "rss") || strings.Contains(typ, "atom") || strings.Contains(typ, "rdf")):
					out = append(out, foundLink{url: h, feed: true})
				case strings.Contains(rel, " next "):
					out = append(out, foundLink{url: h, next: true})
				}
			case "a":
				inA, aHref, aText = false, "", aText[:0]
				h := resolve(attrs["href"])
				if h == "" {
					continue
				}
				if strings.Contains(" "+strings.ToLower(attrs["rel"])+" ", " next ") {
					out = append(out, foundLink{url: h, next: true})
					continue
				}
				if tt == html.StartTagToken {
					inA, aHref = true, h
				}
			case "img":
				if inA && len(aText) < 200 {
					aText = append(aText, attrs["alt"]...)
				}
			}
		case html.TextToken:
			if inA && len(aText) < 200 {
				aText = append(aText, z.Text()...)
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "a" && inA {
				if labelIsNext(aText) || (labelIsPageNumber(aText) && samePager(page, aHref)) {
					out = append(out, foundLink{url: aHref, next: true})
				}
				inA = false
			}
		}
	}
	return out
}

// labelIsPageNumber reports whether anchor text is a bare page number (1
// to 4 digits, ASCII or full-width, perhaps in brackets), as in a pager
// that has no "next" link: 1 2 3 … 10.
func labelIsPageNumber(raw []byte) bool {
	if !utf8.Valid(raw) {
		return false // digits are ASCII in Shift_JIS and EUC-JP too; full-width ones are not read here
	}
	t := strings.Trim(strings.TrimSpace(string(raw)), " \t\r\n　[]()（）［］")
	n := 0
	for _, r := range t {
		if (r < '0' || r > '9') && (r < '０' || r > '９') {
			return false
		}
		n++
	}
	return n >= 1 && n <= 4
}

// samePager reports whether link, found under a page-number label on page,
// is another page of the same listing: the same path with another query, or
// a file in the same directory (list_2.html, 2.html).
func samePager(page *url.URL, link string) bool {
	u, err := url.Parse(link)
	if err != nil || !strings.EqualFold(u.Host, page.Host) {
		return false
	}
	p, q := page.EscapedPath(), u.EscapedPath()
	if p == q {
		return true
	}
	dir := func(s string) string { return s[:strings.LastIndexByte(s, '/')+1] }
	return dir(p) == dir(q)
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

// labelIsNext reports whether raw anchor text, in whatever Japanese
// encoding, reads as "next page".
func labelIsNext(raw []byte) bool {
	if len(raw) == 0 {
		return false
	}
	if utf8.Valid(raw) {
		return isNextLabel(string(raw))
	}
	for _, dec := range []func([]byte) ([]byte, error){
		japanese.ShiftJIS.NewDecoder().Bytes,
		japanese.EUCJP.NewDecoder().Bytes,
	} {
		if s, err := dec(raw); err == nil && isNextLabel(string(s)) {
			return true
		}
	}
	return false
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
	for len(pages)+len(sitemaps) < maxLinksPerPage {
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
