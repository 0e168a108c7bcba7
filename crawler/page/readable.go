package page

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// What Japanese page templates add to the text that a reader does not read
// as part of it, and what they write in a form the plain rendering loses.
//
// Ruby readings: 個人<rt>こじん</rt>情報 is read 個人情報; やさしい日本語
// pages of cities and schools put a reading over nearly every kanji.
//
// Help lines and legends beside the article: ※PDFファイルをご覧いただくには
// Adobe Acrobat Reader が必要です, ※リンク先は別ウィンドウで開きます, ※印は
// 必須入力です. A ※ note about the matter itself (※対象の方には個別に連絡
// します) stays.
//
// Tables and definition lists: a reader pairs each cell with its column
// header and each <dd> with its <dt>; the text says so (休診日：5月10日（金）,
// 日時：令和6年8月3日).

var (
	// helpLineRE matches what a ※ help line or legend is about: the
	// software to read a file, how a link opens, which fields are required,
	// how to use the site.
	helpLineRE = regexp.MustCompile(`(?i)adobe|acrobat|reader|リーダー|ビューア|ビューワ|プラグイン|閲覧ソフト|別ウィンドウ|新しいウィンドウ|新規ウィンドウ|別ウインドウ|新しいウインドウ|外部サイト|外部リンク|リンク先|javascript|ブラウザ|必須|入力|ご意見|アンケート|回答(?:でき|いたし)(?:ません|かねます)|文字サイズ|音声読み上げ|ファイル(?:形式|サイズ)|容量`)
	// readerBoxRE matches the unmarked "you need Adobe Reader" box of
	// municipal CMSs.
	readerBoxRE = regexp.MustCompile(`(?i)(?:adobe|acrobat).{0,40}(?:reader|リーダー)|(?:reader|リーダー).{0,60}(?:ダウンロード|必要)`)
	// readerUseRE matches what the box says to do with the reader.
	readerUseRE = regexp.MustCompile(`閲覧|ご覧|表示|ダウンロード|お持ちでない|インストール|無料|必要`)
	// matterRE matches words of an incident: a note or a paragraph that
	// speaks of one (Acrobat Reader の脆弱性を悪用した攻撃) is the matter itself.
	matterRE = regexp.MustCompile(`脆弱性|攻撃|不正|感染|被害|漏えい|漏洩|流出|紛失|誤送|改ざん`)
)

// isHelpLine reports whether n is a short help line or legend: a ※ line
// about software, links, required fields or the site, or the Adobe Reader
// box. The whole element must be the note, so an article paragraph that
// merely ends with one is kept.
func isHelpLine(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Li, atom.Span, atom.Small, atom.Dd, atom.Ul, atom.Section:
	default:
		return false
	}
	// Most elements are no help line: an article's wrappers hold far more
	// text, and its paragraphs neither start with a note mark nor name a
	// reader. Both tests come before the regular expressions.
	raw, ok := shortTextOf(n, 200)
	if !ok {
		return false
	}
	t := strings.TrimSpace(collapseSpace(raw))
	l := utf8.RuneCountInString(t)
	if l == 0 || l > 200 {
		return false
	}
	note := strings.HasPrefix(t, "※") || strings.HasPrefix(t, "＊") || strings.HasPrefix(t, "(※") || strings.HasPrefix(t, "（※")
	if !note && !mayNameReader(t) {
		return false
	}
	if matterRE.MatchString(t) {
		return false
	}
	if note {
		return l <= 120 && helpLineRE.MatchString(t) && allNotes(t)
	}
	return l <= 160 && readerBoxRE.MatchString(t) && readerUseRE.MatchString(t)
}

// mayNameReader reports whether t can match readerBoxRE: every match
// holds リーダー or reader (in any case).
func mayNameReader(t string) bool {
	if strings.Contains(t, "リーダー") {
		return true
	}
	for i := 0; i+6 <= len(t); i++ {
		if t[i]|0x20 == 'r' && strings.EqualFold(t[i:i+6], "reader") {
			return true
		}
	}
	return false
}

// shortTextOf returns the text under n, or false as soon as it holds
// more than limit characters other than white space (collapsed, it would
// be longer than limit).
func shortTextOf(n *html.Node, limit int) (string, bool) {
	var b strings.Builder
	count := 0
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.TextNode {
			for _, r := range n.Data {
				if !unicode.IsSpace(r) {
					if count++; count > limit {
						return false
					}
				}
			}
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	if !walk(n) {
		return "", false
	}
	return b.String(), true
}

// allNotes reports whether every sentence of a ※ text is about the page
// rather than the matter: "※PDFは別ウィンドウで開きます。※対象の方には個
// 別に連絡します。" is not all help.
func allNotes(t string) bool {
	for _, part := range strings.FieldsFunc(t, func(r rune) bool { return r == '※' }) {
		if strings.TrimSpace(part) != "" && !helpLineRE.MatchString(part) {
			return false
		}
	}
	return true
}

// removeHelpLines drops help lines and legends under n.
func removeHelpLines(n *html.Node) {
	removeIf(n, func(c *html.Node) bool { return c.Type == html.ElementNode && isHelpLine(c) })
}

// isSideForm reports whether n is a form beside the article (the page
// feedback survey, an inquiry or search form): a <form> or <fieldset>
// holding less than half the page's text. Whole pages wrapped in one
// ASP.NET <form> hold more and stay.
func isSideForm(n *html.Node, pageText int) bool {
	if n.DataAtom != atom.Form && n.DataAtom != atom.Fieldset {
		return false
	}
	return 2*textLen(n) < pageText && !holdsArticle(n)
}

// docExtRE matches links to files that an announcement attaches.
var docExtRE = regexp.MustCompile(`(?i)\.(?:pdf|docx?|xlsx?|pptx?|csv|zip|txt)(?:$|[?#])`)

// listDateRE matches a date written beside a link: a list with dated
// items is a listing of other pages, not an article's attachments.
var listDateRE = regexp.MustCompile(`(?:19|20)\d{2}\s*[年/.\-]|令和|平成|\d{1,2}\s*月\s*\d{1,2}\s*日`)

// isAttachmentList reports whether a link list is the article's own
// attachments (at most five links, most of them to PDF or office files,
// no dates beside them): their names are part of the announcement.
func isAttachmentList(n *html.Node) bool {
	if listDateRE.MatchString(nonLinkText(n)) {
		return false
	}
	links, docs := 0, 0
	walkElements(n, func(m *html.Node) {
		if m.DataAtom == atom.A && hasAttr(m, "href") {
			links++
			if docExtRE.MatchString(attr(m, "href")) {
				docs++
			}
		}
	})
	return links > 0 && links <= 5 && 2*docs > links
}

// flattenTables rewrites data tables so that the text reads row by row with
// the headers: a table whose first row is all <th> gets "header：cell" in
// each cell of the rows below (the header row then goes), and a row that
// starts with a <th> gets "th：" before its cells. Layout tables (no <th>)
// and tables with nested tables are left alone.
func flattenTables(root *html.Node) {
	for _, t := range elements(root, atom.Table) {
		if find(t, func(m *html.Node) bool { return m != t && m.DataAtom == atom.Table }) != nil {
			continue
		}
		flattenTable(t)
	}
}

func flattenTable(t *html.Node) {
	var rows [][]*html.Node
	var trs []*html.Node
	walkElements(t, func(n *html.Node) {
		if n.DataAtom == atom.Tr {
			var cells []*html.Node
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.DataAtom == atom.Td || c.DataAtom == atom.Th {
					cells = append(cells, c)
				}
			}
			rows = append(rows, cells)
			trs = append(trs, n)
		}
	})
	if len(rows) == 0 {
		return
	}
	header := rows[0]
	colHeads := len(header) >= 2 && len(rows) >= 2 && allTh(header) && !hasSpans(header)
	if colHeads {
		heads := make([]string, len(header))
		for i, h := range header {
			heads[i] = collapseSpace(textOf(h))
		}
		fits := true
		for _, r := range rows[1:] {
			if len(r) != len(header) || hasSpans(r) {
				fits = false
			}
		}
		if fits {
			for _, r := range rows[1:] {
				for i, c := range r {
					if i == 0 && c.DataAtom == atom.Th && heads[0] == "" {
						continue // a row header under an empty corner cell
					}
					label(c, heads[i])
				}
			}
			trs[0].Parent.RemoveChild(trs[0])
			return
		}
	}
	for _, r := range rows {
		if len(r) >= 2 && r[0].DataAtom == atom.Th && !allTh(r) {
			label(r[1], collapseSpace(textOf(r[0])))
			r[0].Parent.RemoveChild(r[0])
		}
	}
}

// label writes "head：" before the text of cell c, unless the cell is
// empty, the head is empty or too long to be a label, or the cell already
// starts with it (件名：庁舎空調設備改修工事).
func label(c *html.Node, head string) {
	text := strings.TrimSpace(collapseSpace(textOf(c)))
	if head == "" || text == "" || utf8.RuneCountInString(head) > 20 || strings.HasPrefix(text, head) {
		return
	}
	c.InsertBefore(&html.Node{Type: html.TextNode, Data: head + "："}, c.FirstChild)
}

func allTh(cells []*html.Node) bool {
	for _, c := range cells {
		if c.DataAtom != atom.Th {
			return false
		}
	}
	return len(cells) > 0
}

func hasSpans(cells []*html.Node) bool {
	for _, c := range cells {
		if attr(c, "colspan") != "" && attr(c, "colspan") != "1" || attr(c, "rowspan") != "" && attr(c, "rowspan") != "1" {
			return true
		}
	}
	return false
}

// joinDefinitions rewrites each <dt> with a short term and the <dd> right
// after it as one line "term：description"; further <dd>s of the same term
// stay lines of their own.
func joinDefinitions(root *html.Node) {
	for _, dt := range elements(root, atom.Dt) {
		dd := dt.NextSibling
		for dd != nil && dd.Type == html.TextNode && strings.TrimSpace(dd.Data) == "" {
			dd = dd.NextSibling
		}
		if dd == nil || dd.DataAtom != atom.Dd || dt.Parent == nil {
			continue
		}
		term := strings.TrimSpace(collapseSpace(textOf(dt)))
		desc := strings.TrimSpace(collapseSpace(textOf(dd)))
		if term == "" || desc == "" || utf8.RuneCountInString(term) > 20 {
			continue
		}
		line := &html.Node{Type: html.ElementNode, DataAtom: atom.Div, Data: "div"}
		if !strings.HasPrefix(desc, term) { // <dt>改定率</dt><dd>改定率：約5〜12％</dd> says it once
			moveChildren(line, dt)
			if !strings.HasSuffix(term, "：") && !strings.HasSuffix(term, ":") {
				line.AppendChild(&html.Node{Type: html.TextNode, Data: "："})
			}
		}
		moveChildren(line, dd)
		parent := dt.Parent
		parent.InsertBefore(line, dt)
		parent.RemoveChild(dt)
		parent.RemoveChild(dd)
	}
}

// moveChildren moves the children of from to the end of to.
func moveChildren(to, from *html.Node) {
	for c := from.FirstChild; c != nil; {
		next := c.NextSibling
		from.RemoveChild(c)
		to.AppendChild(c)
		c = next
	}
}

// nonLinkText is the text under n outside links.
func nonLinkText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.DataAtom == atom.A:
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
