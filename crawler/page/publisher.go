package page

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Publisher sources: where Document.Publisher was found, strongest first.
const (
	PublisherOGSiteName = "og_site_name" // <meta property="og:site_name">
	PublisherJSONLD     = "jsonld"       // JSON-LD publisher (or a top-level Organization) name
	PublisherHome       = "home"         // the title of the site's home page
	PublisherTitle      = "title"        // the <title> suffix: 記事名｜サイト名, - サイト名, ：サイト名
	PublisherCopyright  = "copyright"    // the footer: © 2024 X, Copyright © X
)

// PublisherRank orders publisher sources, 0 the strongest; unknown
// sources rank last. A site's name is taken from its strongest source.
func PublisherRank(source string) int {
	for i, s := range []string{PublisherOGSiteName, PublisherJSONLD, PublisherHome, PublisherTitle, PublisherCopyright} {
		if s == source {
			return i
		}
	}
	return 99
}

// publisherMeta is what a page's <head> says about its publisher (read
// by readMeta, in the one walk over the page's meta elements).
type publisherMeta struct {
	og, jsonLD, title string
}

// publisherOf decides who publishes an HTML page, from (in this order)
// its og:site_name, its JSON-LD publisher, its home-page title (for the
// page at /), its <title>'s suffix, its footer's copyright holder.
// docTitle is the page's own title (the suffix is what remains);
// copyright is what copyrightOf found before the footer was removed.
func publisherOf(m publisherMeta, docTitle, finalURL, copyright string) (name, source string) {
	switch {
	case m.og != "":
		return m.og, PublisherOGSiteName
	case m.jsonLD != "":
		return m.jsonLD, PublisherJSONLD
	}
	if u, err := url.Parse(finalURL); err == nil && (u.Path == "" || u.Path == "/") && m.title != "" {
		// A home page's title is the site's name, perhaps with a slogan.
		if n := cleanPublisher(titleSepRE.Split(m.title, -1)[0]); n != "" {
			return n, PublisherHome
		}
	}
	if n := titleSuffix(m.title, docTitle); n != "" {
		return n, PublisherTitle
	}
	if copyright != "" {
		return copyright, PublisherCopyright
	}
	return "", ""
}

// titleSuffix: the last part of a "記事名｜サイト名" title that is not the
// page's own title, a section word (お知らせ, ニュース) or too long to be a name.
func titleSuffix(full, docTitle string) string {
	parts := titleSepRE.Split(full, -1)
	if len(parts) < 2 {
		return ""
	}
	for i := len(parts) - 1; i >= 0; i-- {
		p := strings.TrimSpace(parts[i])
		if p == "" || p == docTitle || strings.Contains(docTitle, p) || sectionNameRE.MatchString(p) {
			continue
		}
		if n := cleanPublisher(p); n != "" && utf8.RuneCountInString(n) <= 30 {
			return n
		}
		return ""
	}
	return ""
}

// jsonLDPublisher returns publisher.name, or the name of a top-level
// Organization (also in @graph), from a JSON-LD block.
func jsonLDPublisher(s string) string {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return ""
	}
	name := func(x any) string {
		switch p := x.(type) {
		case map[string]any:
			n, _ := p["name"].(string)
			return n
		case string:
			return p
		case []any:
			if len(p) > 0 {
				if m, ok := p[0].(map[string]any); ok {
					n, _ := m["name"].(string)
					return n
				}
			}
		}
		return ""
	}
	var walk func(v any) string
	walk = func(v any) string {
		switch x := v.(type) {
		case map[string]any:
			if n := name(x["publisher"]); n != "" {
				return n
			}
			if t, _ := x["@type"].(string); t == "Organization" || t == "Corporation" || t == "GovernmentOrganization" || t == "NewsMediaOrganization" {
				if n, _ := x["name"].(string); n != "" {
					return n
				}
			}
			return walk(x["@graph"])
		case []any:
			for _, e := range x {
				if n := walk(e); n != "" {
					return n
				}
			}
		}
		return ""
	}
	return walk(v)
}

// copyrightHolderRE reads the holder of a copyright line: © 2024 X, Copyright ©
// 2010-2024 X. All Rights Reserved., (C) X.
var copyrightHolderRE = regexp.MustCompile(`(?i)(?:copyright\s*)?(?:©|\(c\)|ⓒ|copyright)\s*(?:(?:19|20)\d{2}(?:\s*[-–~〜]\s*(?:19|20)\d{2})?\s*,?\s*)?(.+)`)

var rightsRE = regexp.MustCompile(`(?i)\s*[.,]?\s*(?:all\s+rights\s+reserved|無断転載.*|禁無断転載.*)\.?\s*$`)

// mayBeCopyright reports whether s holds a mark copyrightHolderRE needs:
// ©, ⓒ, (c) or the word copyright, in any case.
func mayBeCopyright(s string) bool {
	if strings.ContainsAny(s, "©ⓒ") {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 'c', 'C':
			if (i > 0 && s[i-1] == '(' && i+1 < len(s) && s[i+1] == ')') ||
				(i+9 <= len(s) && strings.EqualFold(s[i:i+9], "copyright")) {
				return true
			}
		}
	}
	return false
}

// copyrightOf: the holder named in the page's copyright line (usually
// the footer), the last one on the page.
func copyrightOf(root *html.Node) string {
	found := ""
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode && mayBeCopyright(n.Data) {
			s := collapseSpace(n.Data)
			if utf8.RuneCountInString(s) <= 120 {
				if m := copyrightHolderRE.FindStringSubmatch(s); m != nil {
					if h := cleanPublisher(rightsRE.ReplaceAllString(m[1], "")); h != "" {
						found = h
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && junkTags[c.DataAtom] {
				continue
			}
			walk(c)
		}
	}
	walk(root)
	return found
}

var siteWordsRE = regexp.MustCompile(`\s*(?:公式(?:ホームページ|ウェブサイト|webサイト|Webサイト|サイト)|オフィシャル(?:ウェブ)?サイト|ホームページ|ウェブサイト|Webサイト|webサイト|official\s+(?:web\s*)?site)\s*$`)

// cleanPublisher trims a publisher's name: white space, quotes, the words
// 公式ホームページ / 公式サイト after it; "" when nothing is left or it is
// a section word.
func cleanPublisher(s string) string {
	s = collapseSpace(s)
	s = strings.Trim(s, " 　「」『』\"'")
	s = siteWordsRE.ReplaceAllString(s, "")
	s = strings.TrimSpace(strings.TrimRight(s, ".,、。"))
	if s == "" || sectionNameRE.MatchString(s) || utf8.RuneCountInString(s) > 60 {
		return ""
	}
	return s
}
