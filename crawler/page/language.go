package page

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/abadojack/whatlanggo"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Pages in other languages: bilingual companies and cities publish their
// notices in English too. Such a page is still a document (its title, date
// and text), of another language, and often says where its Japanese
// version is (<link rel="alternate" hreflang="ja">, a language switcher).

// declaredLanguage is the page's own word on its language: <html lang> (or
// xml:lang), else the Content-Language header or meta, as a lower-case
// primary subtag ("en" for en-US); "" when the page says nothing.
func declaredLanguage(root *html.Node, header http.Header) string {
	var lang string
	if h := find(root, func(n *html.Node) bool { return n.DataAtom == atom.Html }); h != nil {
		lang = attr(h, "lang")
		if lang == "" {
			lang = attr(h, "xml:lang")
		}
	}
	if lang == "" {
		if m := find(root, func(n *html.Node) bool {
			return n.DataAtom == atom.Meta && strings.EqualFold(attr(n, "http-equiv"), "content-language")
		}); m != nil {
			lang = attr(m, "content")
		}
	}
	if lang == "" && header != nil {
		lang = header.Get("Content-Language")
	}
	return primarySubtag(lang)
}

func primarySubtag(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, ",;"); i >= 0 {
		tag = tag[:i]
	}
	tag, _, _ = strings.Cut(strings.ReplaceAll(tag, "_", "-"), "-")
	tag = strings.ToLower(strings.TrimSpace(tag))
	if len(tag) < 2 || len(tag) > 3 {
		return ""
	}
	return tag
}

// otherLanguage names the language of a text that is not Japanese: the
// page's declared language unless that says Japanese, else what the text
// reads as (trigram statistics of whatlanggo), else "und".
func otherLanguage(declared, text string) string {
	if declared != "" && declared != "ja" {
		return declared
	}
	info := whatlanggo.Detect(text)
	if code := info.Lang.Iso6391(); code != "" && code != "ja" && info.Confidence > 0.2 {
		return code
	}
	return "und"
}

// switcherRE matches the text of a language-switcher link to Japanese.
var switcherRE = regexp.MustCompile(`(?i)^(?:日本語(?:ページ|版|サイト)?|japanese(?: version| page| site)?|jp|ja|jpn)$`)

// japaneseVersion returns the URL of the page's Japanese version, when the
// page names one: <link rel="alternate" hreflang="ja">, a link with
// hreflang="ja" or lang="ja", or a switcher link reading 日本語 / Japanese /
// JP that leads to a page (not to the site's home page).
func japaneseVersion(root *html.Node, base *url.URL) string {
	if base == nil {
		return ""
	}
	resolve := func(href string) string {
		u, err := base.Parse(strings.TrimSpace(href))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.String() == base.String() {
			return ""
		}
		u.Fragment = ""
		return u.String()
	}
	var byTag, bySwitch string
	walkElements(root, func(n *html.Node) {
		if byTag != "" {
			return
		}
		switch n.DataAtom {
		case atom.Link, atom.A:
		default:
			return
		}
		href := attr(n, "href")
		if href == "" {
			return
		}
		if primarySubtag(attr(n, "hreflang")) == "ja" || (n.DataAtom == atom.A && primarySubtag(attr(n, "lang")) == "ja") {
			if n.DataAtom == atom.Link && !strings.Contains(strings.ToLower(attr(n, "rel")), "alternate") {
				return
			}
			byTag = resolve(href)
			return
		}
		if n.DataAtom == atom.A && bySwitch == "" && switcherRE.MatchString(strings.TrimSpace(collapseSpace(textOf(n)))) {
			if s := resolve(href); s != "" && !isHomePath(s) {
				bySwitch = s
			}
		}
	})
	if byTag != "" {
		return byTag
	}
	return bySwitch
}

var homePathRE = regexp.MustCompile(`(?i)^/(?:(?:ja|jp|jpn|japanese)/?)?(?:index\.html?)?$`)

func isHomePath(s string) bool {
	u, err := url.Parse(s)
	return err != nil || homePathRE.MatchString(u.Path)
}
