package page

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MaxLinks bounds the links taken from one page: a page with more (a
// generated index, a trap) gives its first MaxLinks, in page order.
const MaxLinks = 10000

// Link is a link found on a page and the role the page gives it.
type Link struct {
	URL       string // absolute http(s), without fragment
	Next      bool   // the next page of a listing (rel=next, 次へ, a page number of the same pager)
	Feed      bool   // an RSS, RDF or Atom feed (<link rel=alternate type=...>)
	Canonical bool   // the page's <link rel=canonical>: another URL of itself
	Data      bool   // a JSON or XML data file that a script of the page loads (same host)
}

// links returns the page's absolute http(s) links, fragments dropped, each
// once, in page order, with their roles. self is the page's own URL, base
// the URL links resolve against (<base href> when there is one).
func links(root *html.Node, self, base *url.URL) []Link {
	if base == nil {
		return nil
	}
	var out []Link
	index := map[string]int{}
	add := func(href string, role Link) {
		href = strings.TrimSpace(href)
		if href == "" || strings.HasPrefix(href, "#") {
			return
		}
		u, err := base.Parse(href)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return
		}
		u.Fragment, u.RawFragment = "", ""
		s := u.String()
		if i, ok := index[s]; ok {
			l := &out[i]
			l.Next, l.Feed, l.Canonical = l.Next || role.Next, l.Feed || role.Feed, l.Canonical || role.Canonical
			return
		}
		if len(out) >= MaxLinks {
			return
		}
		role.URL = s
		index[s] = len(out)
		out = append(out, role)
	}
	walkElements(root, func(n *html.Node) {
		switch n.DataAtom {
		case atom.A, atom.Area:
			href := attr(n, "href")
			next := hasRel(n, "next")
			if !next && n.DataAtom == atom.A {
				label := anchorLabel(n)
				next = isNextLabel(label) || (isPageNumber(label) && samePager(self, base, href))
			}
			add(href, Link{Next: next})
		case atom.Link:
			typ := strings.ToLower(attr(n, "type"))
			switch {
			case hasRel(n, "canonical"):
				add(attr(n, "href"), Link{Canonical: true})
			case hasRel(n, "alternate") && (strings.Contains(typ, "rss") || strings.Contains(typ, "atom") || strings.Contains(typ, "rdf")):
				add(attr(n, "href"), Link{Feed: true})
			case hasRel(n, "alternate"):
				add(attr(n, "href"), Link{})
			case hasRel(n, "next"):
				add(attr(n, "href"), Link{Next: true})
			}
		case atom.Frame:
			add(attr(n, "src"), Link{})
		}
	})
	return out
}

// hasRel reports whether n's rel attribute holds the word rel.
func hasRel(n *html.Node, rel string) bool {
	for _, w := range strings.Fields(strings.ToLower(attr(n, "rel"))) {
		if w == rel {
			return true
		}
	}
	return false
}

// anchorLabel is the text of an anchor and the alt text of its images, up
// to 200 bytes.
func anchorLabel(a *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if b.Len() >= 200 {
			return
		}
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.DataAtom == atom.Img:
			b.WriteString(attr(n, "alt"))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(a)
	return b.String()
}

// nextLabels are anchor texts of a "next page" link.
var nextLabels = []string{"次へ", "次のページ", "次の一覧", "次の", "もっと見る", "過去のお知らせ", "過去の", "バックナンバー", "一覧を見る", "次", "»", "›", ">", "≫", "next", "older", "more"}

// isNextLabel reports whether an anchor's text reads as "next page".
func isNextLabel(text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	if t == "" || len(t) > 40 {
		return false
	}
	t = strings.Trim(t, " \t\r\n　[]()（）<>＜＞«»→")
	for _, l := range nextLabels {
		if l == "次" || l == ">" || l == "»" || l == "›" || l == "≫" {
			if strings.TrimSpace(text) == l || t == l {
				return true
			}
			continue
		}
		if strings.HasPrefix(t, l) {
			return true
		}
	}
	return false
}

// isPageNumber reports whether anchor text is a bare page number (1 to 4
// digits, ASCII or full-width, perhaps in brackets), as in a pager that
// has no "next" link: 1 2 3 … 10.
func isPageNumber(label string) bool {
	t := strings.Trim(strings.TrimSpace(label), " \t\r\n　[]()（）［］")
	n := 0
	for _, r := range t {
		if (r < '0' || r > '9') && (r < '０' || r > '９') {
			return false
		}
		n++
	}
	return n >= 1 && n <= 4
}

// samePager reports whether href, found under a page-number label on the
// page self, is another page of the same listing: the same path with
// another query, or a file in the same directory (list_2.html, 2.html).
func samePager(self, base *url.URL, href string) bool {
	if self == nil {
		return false
	}
	u, err := base.Parse(strings.TrimSpace(href))
	if err != nil || !strings.EqualFold(u.Host, self.Host) {
		return false
	}
	p, q := self.EscapedPath(), u.EscapedPath()
	if p == q {
		return true
	}
	dir := func(s string) string { return s[:strings.LastIndexByte(s, '/')+1] }
	return dir(p) == dir(q)
}
