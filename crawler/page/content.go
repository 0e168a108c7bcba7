package page

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/kohyo-dev/kohyo/dict"
)

// parseHTML fills doc from an HTML body: charset, links, title, main text
// and publication date.
//
// Main text is rule-based: drop what is
// never content (scripts, hidden elements, nav, aside, site header and
// footer, breadcrumbs, cookie banners, share buttons, related-link lists —
// by element, ARIA role and id/class words), pick the main container
// (<main>, role=main, <article>, or an element named main/content/entry/...
// that holds most of the remaining non-link text), remove link-dense lists
// and "一覧へ戻る"-style controls inside it, then render it with paragraph
// breaks.
func parseHTML(doc *Document, body []byte, header http.Header, cfg parseConfig) {
	root, err := parseTree(decodeBody(doc, body, header))
	if err != nil {
		doc.Warnings = append(doc.Warnings, "html: "+err.Error())
		return
	}
	self, _ := url.Parse(doc.FinalURL)
	base := self
	if b := find(root, func(n *html.Node) bool { return n.DataAtom == atom.Base }); b != nil && base != nil {
		if h, err := base.Parse(strings.TrimSpace(attr(b, "href"))); err == nil {
			base = h
		}
	}
	doc.Links = links(root, self, base)
	var data []string
	doc.LoadsByScript, data = scriptListing(root, self)
	for _, d := range data {
		doc.Links = append(doc.Links, Link{URL: d, Data: true})
	}
	doc.Language = declaredLanguage(root, header)
	doc.JapaneseURL = japaneseVersion(root, self)
	meta := readMeta(root)

	removeJunk(root)
	body0 := find(root, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	if body0 == nil {
		body0 = root
	}
	copyright := copyrightOf(body0) // before the footer goes
	removeBoilerplate(body0)
	dated, datedText := datedLinks(body0) // before the main text drops link lists
	removeHelpLines(body0)
	main := mainContainer(body0)
	cleanMain(main)

	doc.Title = chooseTitle(meta, main, root)
	flattenTables(main)
	joinDefinitions(main)
	doc.Text = renderText(main)
	doc.Published, doc.PublishedSource = publishedDate(meta, main, doc.Title, doc.Text, doc.FinalURL, header, cfg)
	doc.Publisher, doc.PublisherSource = publisherOf(meta.publisher, doc.Title, doc.FinalURL, copyright)
	doc.Kind = htmlKind(doc, dated, datedText)
}

// Element tags whose content is never text a person reads on the page.
var junkTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Svg: true, atom.Math: true, atom.Canvas: true, atom.Object: true,
	atom.Embed: true, atom.Video: true, atom.Audio: true, atom.Input: true, atom.Select: true,
	atom.Button: true, atom.Textarea: true, atom.Option: true, atom.Head: true, atom.Dialog: true,
	// Ruby readings: 個人<rt>こじん</rt>情報 is read 個人情報.
	atom.Rt: true, atom.Rp: true, atom.Rtc: true,
}

var hiddenStyleRE = regexp.MustCompile(`(?i)(display\s*:\s*none|visibility\s*:\s*hidden)`)

// removeJunk drops scripts, styles, form controls and hidden elements.
func removeJunk(root *html.Node) {
	removeIf(root, func(n *html.Node) bool {
		if n.Type == html.CommentNode {
			return true
		}
		if n.Type != html.ElementNode {
			return false
		}
		if junkTags[n.DataAtom] {
			return true
		}
		if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
			return true
		}
		return hiddenStyleRE.MatchString(attr(n, "style"))
	})
}

// Words in id and class attributes that mark boilerplate anywhere in a
// page, even inside the article.
var strongWords = set(
	"nav", "navi", "navigation", "gnav", "gnavi", "globalnav", "globalnavi", "globalmenu",
	"lnav", "localnav", "localnavi", "snav", "subnav", "subnavi", "sidenav", "sidemenu", "menu", "megamenu", "dropdown",
	"breadcrumb", "breadcrumbs", "breadcrumblist", "pankuzu", "topicpath", "crumb", "crumbs",
	"cookie", "cookies", "consent", "gdpr",
	"share", "sharing", "sns", "social",
	"related", "relation", "relations", "recommend", "recommended", "ranking", "popular",
	"pagetop", "totop", "backtotop", "gotop", "skip", "skiplink", "skipnav",
	"sidebar", "side", "aside", "subcolumn", "sidecolumn",
	"banner", "banners", "ad", "ads", "advert", "advertisement", "widget", "widgets", "tagcloud",
	"pager", "pagination", "prevnext", "modal", "overlay", "category", "categories", "tag", "tags",
	"feedback", "enquete", "questionnaire", "survey", "plugin", "plugins", "disclaimer",
)

// Words that mark the site's own header and footer: removed only outside
// <main> and <article>, so an article's own header (title, date) stays.
var weakWords = set("header", "footer", "head", "foot", "gheader", "gfooter", "siteheader", "sitefooter",
	"globalheader", "globalfooter", "copyright", "utility", "util", "headerarea", "footerarea")

// Words that say an element belongs to the article, not to the site.
var articleWords = set("article", "entry", "post", "news", "content", "contents", "detail", "main", "title", "body", "release", "topics", "info", "information")

var (
	unambiguousRE = regexp.MustCompile(`(?i)breadcrumb|pankuzu|topicpath|cookie`)
	camelRE       = regexp.MustCompile(`([a-z0-9])([A-Z])`)
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// idClassParts splits id and class attributes into lower-case words:
// "l-header c-globalNav__item" → l, header, c, global, nav, item, plus the
// whole tokens l-header, c-globalnav__item, globalnav.
func idClassParts(n *html.Node) (whole, parts []string) {
	for _, tok := range strings.Fields(attr(n, "id") + " " + attr(n, "class")) {
		whole = append(whole, strings.ToLower(tok))
		for _, p := range strings.FieldsFunc(tok, func(r rune) bool { return r == '-' || r == '_' }) {
			whole = append(whole, strings.ToLower(p))
			for _, q := range strings.Fields(camelRE.ReplaceAllString(p, "$1 $2")) {
				parts = append(parts, strings.ToLower(q))
			}
		}
	}
	return whole, parts
}

func isStrongBoilerplate(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Aside:
		return true
	}
	switch strings.ToLower(attr(n, "role")) {
	case "navigation", "complementary", "search", "dialog", "alertdialog":
		return true
	}
	whole, parts := idClassParts(n)
	for _, w := range whole {
		if strongWords[w] || unambiguousRE.MatchString(w) {
			return true
		}
	}
	for _, p := range parts {
		if strongWords[p] {
			return true
		}
	}
	return false
}

func isWeakBoilerplate(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Header, atom.Footer:
		return true
	}
	switch strings.ToLower(attr(n, "role")) {
	case "banner", "contentinfo":
		return true
	}
	whole, parts := idClassParts(n)
	for _, p := range parts {
		if articleWords[p] {
			return false
		}
	}
	for _, w := range whole {
		if weakWords[w] {
			return true
		}
	}
	return false
}

// removeBoilerplate drops navigation, sidebars, breadcrumbs, banners and the
// site header and footer. An element holding half of the page's text, or
// the <main>/<article>, is never dropped: a badly named wrapper must not
// take the content with it.
func removeBoilerplate(body *html.Node) {
	total := textLen(body)
	var walk func(n *html.Node, inArticle bool)
	walk = func(n *html.Node, inArticle bool) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode {
				isArticle := c.DataAtom == atom.Main || c.DataAtom == atom.Article || strings.EqualFold(attr(c, "role"), "main")
				drop := isStrongBoilerplate(c) || (!inArticle && isWeakBoilerplate(c)) || isSideForm(c, total)
				if drop && !isArticle && !holdsArticle(c) && 2*textLen(c) < total+1 {
					n.RemoveChild(c)
				} else {
					walk(c, inArticle || isArticle)
				}
			}
			c = next
		}
	}
	walk(body, false)
}

func holdsArticle(n *html.Node) bool {
	return find(n, func(m *html.Node) bool {
		return m != n && (m.DataAtom == atom.Main || m.DataAtom == atom.Article || strings.EqualFold(attr(m, "role"), "main"))
	}) != nil
}

// Words in id/class that name a main-content container.
var contentWords = set("main", "content", "contents", "article", "entry", "post", "detail", "details",
	"honbun", "body", "text", "news", "release", "topics", "information", "info", "cms", "wysiwyg", "editor", "richtext")

func isContentCandidate(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.Main, atom.Article:
		return true
	case atom.Div, atom.Section, atom.Td:
	default:
		return false
	}
	if strings.EqualFold(attr(n, "role"), "main") {
		return true
	}
	_, parts := idClassParts(n)
	for _, p := range parts {
		if contentWords[p] {
			return true
		}
	}
	return false
}

// mainContainer picks the element that holds the announcement: the
// candidate with the most non-link text, then narrowed to a candidate
// inside it that still holds nine tenths of that text. With no candidate
// holding a third of the page's non-link text, the whole body.
func mainContainer(body *html.Node) *html.Node {
	total := nonLinkLen(body)
	var best *html.Node
	bestLen := 0
	walkElements(body, func(n *html.Node) {
		if isContentCandidate(n) {
			if l := nonLinkLen(n); l > bestLen {
				best, bestLen = n, l
			}
		}
	})
	if best == nil || 3*bestLen < total {
		return body
	}
	for {
		var inner *html.Node
		walkElements(best, func(n *html.Node) {
			if inner == nil && n != best && isContentCandidate(n) && 10*nonLinkLen(n) >= 9*bestLen {
				inner = n
			}
		})
		if inner == nil {
			return best
		}
		best = inner
	}
}

var controlRE = regexp.MustCompile(`(?i)^(?:[<＜«‹◀◁←▲△↑]\s*)?(?:` +
	`(?:お知らせ|ニュース|ニュースリリース|新着情報|プレスリリース|トピックス|記事)?一覧(?:へ|に|を見る|ページへ)?(?:戻る)?` +
	`|(?:ページ|画面)(?:の)?(?:先頭|トップ|上部|上)(?:へ|に)?(?:戻る)?|このページの(?:先頭|トップ|上)(?:へ|に)?(?:戻る)?` +
	`|(?:ページ)?top(?:へ|に)?(?:戻る)?|page ?top|印刷(?:する|用ページ)?|前へ|次へ|前の(?:記事|ページ|お知らせ)|次の(?:記事|ページ|お知らせ)` +
	`|戻る|シェア(?:する)?|ツイート|いいね！?|lineで送る|ポスト|tweet|share|facebook|x|line|はてなブックマーク)` +
	`(?:\s*[>＞»›▶▷→▲△↑])?$`)

var relatedHeadRE = regexp.MustCompile(`^(?:関連|おすすめ|こちらも|この記事|最新|新着|その他の|他の|ほかの|よく読まれ|人気)`)

// cleanMain removes, inside the main container, link-dense blocks
// (related-links lists, listings of other news) with the short heading
// above them, and navigation controls such as "一覧へ戻る".
func cleanMain(main *html.Node) {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type != html.ElementNode {
				c = next
				continue
			}
			if isLinkList(c) && !isAttachmentList(c) || isControl(c) {
				if p := prevElement(c); p != nil && isRelatedHeading(p) {
					n.RemoveChild(p)
				}
				n.RemoveChild(c)
			} else {
				walk(c)
			}
			c = next
		}
	}
	walk(main)
}

func isLinkList(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Dl, atom.Div, atom.Section, atom.Table, atom.Tr, atom.Td, atom.P, atom.Nav, atom.Center, atom.Font:
	default:
		return false
	}
	links := 0
	walkElements(n, func(m *html.Node) {
		if m.DataAtom == atom.A && hasAttr(m, "href") {
			links++
		}
	})
	if links < 2 {
		return false
	}
	all := textLen(n)
	return all > 0 && 10*(all-nonLinkLen(n)) >= 6*all
}

var copyrightRE = regexp.MustCompile(`(?i)^(?:copyright|©|\(c\)|all rights reserved)`)

// isControl reports whether n is a navigation control ("一覧へ戻る",
// "ページの先頭へ", share buttons) or a copyright line.
func isControl(n *html.Node) bool {
	t := strings.TrimSpace(collapseSpace(textOf(n)))
	l := utf8.RuneCountInString(t)
	return t != "" && (l <= 30 && controlRE.MatchString(t) || l <= 120 && copyrightRE.MatchString(t))
}

func isRelatedHeading(n *html.Node) bool {
	t := strings.TrimSpace(textOf(n))
	if utf8.RuneCountInString(t) > 20 {
		return false
	}
	switch n.DataAtom {
	case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return relatedHeadRE.MatchString(t)
}

func prevElement(n *html.Node) *html.Node {
	for p := n.PrevSibling; p != nil; p = p.PrevSibling {
		if p.Type == html.ElementNode {
			return p
		}
		if p.Type == html.TextNode && strings.TrimSpace(p.Data) != "" {
			return nil
		}
	}
	return nil
}

// pageMeta is what the <head> and structured data say about the page.
type pageMeta struct {
	ogTitle, title string
	published      string // article:published_time and the like
	jsonLD         string // datePublished from JSON-LD
	anyTime        string // the first <time> of the page, wherever it is: its datetime, else its text
	publisher      publisherMeta
}

func readMeta(root *html.Node) pageMeta {
	var m pageMeta
	walkElements(root, func(n *html.Node) {
		switch n.DataAtom {
		case atom.Title:
			if m.title == "" {
				m.title = collapseSpace(textOf(n))
			}
		case atom.Meta:
			key := strings.ToLower(attr(n, "property") + attr(n, "name") + attr(n, "itemprop"))
			val := strings.TrimSpace(attr(n, "content"))
			if m.publisher.og == "" && strings.ToLower(attr(n, "property")+attr(n, "name")) == "og:site_name" {
				m.publisher.og = cleanPublisher(val)
			}
			switch key {
			case "og:title":
				if m.ogTitle == "" {
					m.ogTitle = collapseSpace(val)
				}
			case "article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued", "dcterms.issued", "citation_publication_date", "og:published_time":
				if m.published == "" {
					m.published = val
				}
			}
		case atom.Time:
			if m.anyTime == "" {
				if m.anyTime = strings.TrimSpace(attr(n, "datetime")); m.anyTime == "" {
					m.anyTime = collapseSpace(textOf(n))
				}
			}
		case atom.Script:
			if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") {
				if m.jsonLD == "" {
					m.jsonLD = jsonLDDatePublished(textOf(n))
				}
				if m.publisher.jsonLD == "" {
					m.publisher.jsonLD = cleanPublisher(jsonLDPublisher(textOf(n)))
				}
			}
		}
	})
	m.publisher.title = m.title
	return m
}

// chooseTitle picks the title: the longest heading of the main content that
// the <title> (or og:title) contains; else og:title or <title> without the
// site name; else the first heading of the main content.
func chooseTitle(m pageMeta, main, root *html.Node) string {
	full := m.ogTitle
	if full == "" {
		full = m.title
	}
	var heads []string
	walkElements(main, func(n *html.Node) {
		switch n.DataAtom {
		case atom.H1, atom.H2, atom.H3:
			if t := collapseSpace(textOf(n)); t != "" && len(heads) < 8 {
				heads = append(heads, t)
			}
		}
	})
	if len(heads) == 0 { // old pages: <font size="4"><b>見出し</b></font>
		walkElements(main, func(n *html.Node) {
			if len(heads) == 0 && isPseudoHeading(n) {
				heads = append(heads, collapseSpace(textOf(n)))
			}
		})
	}
	best := ""
	for _, h := range heads {
		if strings.Contains(m.title, h) || strings.Contains(m.ogTitle, h) {
			if utf8.RuneCountInString(h) > utf8.RuneCountInString(best) {
				best = h
			}
		}
	}
	if best != "" && utf8.RuneCountInString(best) >= 4 {
		return best
	}
	if full != "" {
		if t := titlePart(full); !isSiteName(t) || len(heads) == 0 {
			// A heading that begins with the <title>'s part is the whole
			// title of which <title> is a short form (Notice | Kakuu Corp.
			// beside <h1>Notice of Unauthorized Access</h1>).
			for _, h := range heads {
				if len(h) > len(t) && strings.HasPrefix(h, t) && utf8.RuneCountInString(h) <= 120 {
					return h
				}
			}
			return t
		}
	}
	for _, h := range heads {
		return h
	}
	if h1 := find(root, func(n *html.Node) bool { return n.DataAtom == atom.H1 }); h1 != nil {
		return collapseSpace(textOf(h1))
	}
	return best
}

var titleSepRE = regexp.MustCompile(`\s*(?:[|｜¦]|\s[-–—]\s|\s[:：]\s)\s*`)

// titlePart returns the first part of "記事名｜サイト名"-style titles that
// is not the site's or the section's name.
func titlePart(t string) string {
	first := ""
	for _, p := range titleSepRE.Split(t, -1) {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if first == "" {
			first = p
		}
		if !isSiteName(p) {
			return p
		}
	}
	if first == "" {
		return strings.TrimSpace(t)
	}
	return first
}

var sectionNameRE = regexp.MustCompile(`(?i)^(?:お知らせ|ニュース|ニュースリリース|新着情報|プレスリリース|トピックス|トップページ|ホーム|top|home|news|information|お知らせ一覧|重要なお知らせ)$`)

// legalForms are the legal forms of organisations (株式会社, 医療法人…):
// the dictionary's legal cues, the one list the project keeps. The
// embedded dictionary is parsed on first use (no kagome dictionary is
// built); should it fail to parse, which dict's own tests rule out, no
// legal form is known.
var legalForms = sync.OnceValue(func() []string {
	d, err := dict.Default()
	if err != nil {
		return nil
	}
	return d.LegalForms()
})

// halfParens folds full-width parentheses, as the dictionary writes (株).
var halfParens = strings.NewReplacer("（", "(", "）", ")")

// isSiteName reports whether a title part names the site or a section
// (株式会社サンプル電機, 架空市, お知らせ) rather than the page: a section
// word, or a short name with an organisation prefix or suffix and no
// sentence in it.
func isSiteName(s string) bool {
	if sectionNameRE.MatchString(s) {
		return true
	}
	if utf8.RuneCountInString(s) > 24 || strings.ContainsAny(s, "、。「」を") || strings.Contains(s, "について") || strings.Contains(s, "お知らせ") || strings.Contains(s, "お詫び") {
		return false
	}
	folded := halfParens.Replace(s) // （株） as (株)
	for _, f := range legalForms() {
		if strings.HasPrefix(folded, f) || strings.HasSuffix(folded, f) {
			return true
		}
	}
	for _, suf := range []string{"ホールディングス", "市", "町", "村", "県", "庁", "省", "機構", "協会", "財団", "大学", "病院", "銀行", "組合", "公式サイト", "ホームページ", "オフィシャルサイト", "Co., Ltd.", "Inc."} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// isPseudoHeading reports whether n is bold or large text standing alone
// on its line, as old table-layout pages write their headings.
func isPseudoHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.B, atom.Strong:
	case atom.Font:
		if sz, _ := strconv.Atoi(strings.TrimPrefix(attr(n, "size"), "+")); sz < 4 && !strings.HasPrefix(attr(n, "size"), "+") {
			return false
		}
	default:
		return false
	}
	t := collapseSpace(textOf(n))
	l := utf8.RuneCountInString(t)
	return l >= 6 && l <= 80
}

// --- small DOM helpers ---

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func find(n *html.Node, pred func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && pred(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, pred); f != nil {
			return f
		}
	}
	return nil
}

func walkElements(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walkElements(c, fn)
	}
}

// elements returns the elements of kind a under n (n included), in
// document order: collected first, so that the caller may rewrite them.
func elements(n *html.Node, a atom.Atom) []*html.Node {
	var out []*html.Node
	walkElements(n, func(e *html.Node) {
		if e.DataAtom == a {
			out = append(out, e)
		}
	})
	return out
}

func removeIf(n *html.Node, pred func(*html.Node) bool) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if pred(c) {
			n.RemoveChild(c)
		} else {
			removeIf(c, pred)
		}
		c = next
	}
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// textLen counts the non-space characters under n.
func textLen(n *html.Node) int { return countText(n, false, false) }

// nonLinkLen counts the non-space characters under n outside links.
func nonLinkLen(n *html.Node) int { return countText(n, true, false) }

func countText(n *html.Node, skipLinks, inLink bool) int {
	if n.Type == html.TextNode {
		if skipLinks && inLink {
			return 0
		}
		c := 0
		for _, r := range n.Data {
			if !unicode.IsSpace(r) {
				c++
			}
		}
		return c
	}
	inLink = inLink || n.DataAtom == atom.A
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		total += countText(c, skipLinks, inLink)
	}
	return total
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
