package page

import (
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Listings built by script: many お知らせ一覧 and IR news widgets ship an
// empty list and a script that fills it from a JSON or XML file. Without a
// browser the crawler sees no items; it can still follow the data file
// when the page or its scripts name it, and it tells the user when a
// listing needs `--render`.

var (
	// endpointRE matches a quoted URL or path of a JSON, XML or feed file
	// in a script or attribute.
	endpointRE = regexp.MustCompile(`["'\x60]((?:https?://|/|\./|\.\./)?[A-Za-z0-9_\-./~%]+\.(?:json|xml|rss|rdf|atom)(?:\?[^"'\x60\s<>]*)?)["'\x60]`)
	// loaderRE matches the ways a script loads data.
	loaderRE = regexp.MustCompile(`\bfetch\s*\(|XMLHttpRequest|\$\.(?:ajax|getJSON|get|post)\s*\(|\.load\s*\(|axios\.|\bjQuery\.(?:ajax|getJSON)\s*\(`)
	// listBoxWords are id/class words of the box a listing's items go in.
	listBoxWords = set("news", "list", "topics", "topic", "info", "information", "release", "releases", "ir", "irnews",
		"whatsnew", "oshirase", "entries", "feed", "newslist", "infolist", "topicslist", "shinchaku")
	// loadingRE matches the placeholder text of a list still to be filled.
	loadingRE = regexp.MustCompile(`(?i)^(?:読み込み中|読込中|ロード中|loading|now loading)[.…・\s]*$`)
)

// scriptListing reads a listing page's HTML: whether it fills its items by
// script (a script that loads data, or an empty or "loading" list box
// beside scripts), and the same-host JSON/XML/feed files that its scripts
// or data-* attributes name.
func scriptListing(root *html.Node, base *url.URL) (byScript bool, endpoints []string) {
	if base == nil {
		return false, nil
	}
	seen := map[string]bool{}
	add := func(raw string) {
		u, err := base.Parse(strings.TrimSpace(raw))
		if err != nil || u.Host != base.Host || (u.Scheme != "http" && u.Scheme != "https") {
			return
		}
		u.Fragment = ""
		if s := u.String(); !seen[s] {
			seen[s] = true
			endpoints = append(endpoints, s)
		}
	}
	var loads, scripts, emptyBox bool
	walkElements(root, func(n *html.Node) {
		if n.DataAtom == atom.Script {
			scripts = true
			src := textOf(n)
			if loaderRE.MatchString(src) {
				loads = true
			}
			for _, m := range endpointRE.FindAllStringSubmatch(src, 20) {
				add(m[1])
			}
			return
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "data-") && endpointRE.MatchString(`"`+a.Val+`"`) {
				add(a.Val)
			}
		}
		if (n.DataAtom == atom.Ul || n.DataAtom == atom.Ol || n.DataAtom == atom.Div || n.DataAtom == atom.Tbody || n.DataAtom == atom.Dl) &&
			isListBox(n) && find(n, func(m *html.Node) bool { return m.DataAtom == atom.A }) == nil {
			t := strings.TrimSpace(collapseSpace(textOf(n)))
			if t == "" || loadingRE.MatchString(t) {
				emptyBox = true
			}
		}
	})
	return loads || (scripts && emptyBox), endpoints
}

// onlyTitle reports whether a page's text is its title and nothing else
// but a "loading" placeholder: the list a script fills is all it has.
func onlyTitle(doc *Document) bool {
	for _, l := range strings.Split(doc.Text, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && l != doc.Title && !loadingRE.MatchString(l) {
			return false
		}
	}
	return true
}

// isListBox reports whether n's id or class names a list of news items
// (news-list, ir_news, topicsList).
func isListBox(n *html.Node) bool {
	whole, parts := idClassParts(n)
	for _, w := range append(whole, parts...) {
		if listBoxWords[w] {
			return true
		}
	}
	return false
}
