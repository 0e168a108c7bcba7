package page

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"
)

func TestNextLabels(t *testing.T) {
	tests := []struct {
		label string
		next  bool
	}{
		{"次へ", true},
		{"  次へ ＞", true},
		{"次のページ", true},
		{"[次へ]", true},
		{"Next »", true},
		{"»", true},
		{"次", true},
		{"次期中期経営計画について", false},
		{"個人情報漏えいに関するお知らせ", false},
		{"前へ", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isNextLabel(tt.label); got != tt.next {
			t.Errorf("isNextLabel(%q) = %v, want %v", tt.label, got, tt.next)
		}
	}
}

func TestPageNumberLinks(t *testing.T) {
	self, _ := url.Parse("https://h.jp/information/archive/?pageID=2")
	for _, tt := range []struct {
		label, link string
		want        bool
	}{
		{"3", "https://h.jp/information/archive/?pageID=3", true},
		{"[10]", "https://h.jp/information/archive/10.html", true},
		{"２", "https://h.jp/information/archive/?pageID=2", true},
		{"3", "https://h.jp/products/3.html", false},
		{"3", "https://other.jp/information/archive/?pageID=3", false},
		{"2023", "https://h.jp/information/archive/2023.html", true},
		{"12345", "https://h.jp/information/archive/?pageID=12345", false},
		{"第2報", "https://h.jp/information/archive/2.html", false},
	} {
		got := isPageNumber(tt.label) && samePager(self, self, tt.link)
		if got != tt.want {
			t.Errorf("%q → %s: pager %v, want %v", tt.label, tt.link, got, tt.want)
		}
	}
}

// TestLinkRoles reads the roles of links from one parse of the page, in
// UTF-8 and in Shift_JIS.
func TestLinkRoles(t *testing.T) {
	src := `<html><head><meta charset="{{CS}}">
<link rel="alternate" type="application/rss+xml" href="/rss/info.xml">
<link rel="alternate" hreflang="en" href="/en/information/">
<link rel="next" href="?page=2">
<link rel="canonical" href="https://www.example.co.jp/information/">
</head><body>
<a href="2023/1025.html">システム障害のお知らせ</a>
<a href="list_2.html"><img alt="次のページ" src="n.png"></a>
<a href="#top">ページ上部へ</a>
<a href="javascript:void(0)">印刷</a>
<a href="/information/older.html" rel="next prefetch">older</a>
<a href="?page=3">次へ</a>
</body></html>`
	want := []Link{
		{URL: "https://www.example.co.jp/rss/info.xml", Feed: true},
		{URL: "https://www.example.co.jp/en/information/"},
		{URL: "https://www.example.co.jp/information/?page=2", Next: true},
		{URL: "https://www.example.co.jp/information/", Canonical: true},
		{URL: "https://www.example.co.jp/information/2023/1025.html"},
		{URL: "https://www.example.co.jp/information/list_2.html", Next: true},
		{URL: "https://www.example.co.jp/information/older.html", Next: true},
		{URL: "https://www.example.co.jp/information/?page=3", Next: true},
	}
	sjis, _ := japanese.ShiftJIS.NewEncoder().String(src)
	for name, body := range map[string]string{"utf-8": src, "shift_jis": sjis} {
		t.Run(name, func(t *testing.T) {
			b := []byte(strings.Replace(body, "{{CS}}", map[string]string{"utf-8": "utf-8", "shift_jis": "Shift_JIS"}[name], 1))
			doc, _ := Parse("https://www.example.co.jp/information/", "", http.StatusOK, http.Header{"Content-Type": {"text/html"}}, b)
			got := doc.Links
			if len(got) != len(want) {
				t.Fatalf("links = %+v, want %+v", got, want)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("link %d = %+v, want %+v", i, got[i], want[i])
				}
			}
		})
	}
}

// TestMaxLinks: a page with more links than MaxLinks gives the first
// MaxLinks.
func TestMaxLinks(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><body><p>お知らせ一覧です。</p>`)
	for i := range MaxLinks + 500 {
		fmt.Fprintf(&b, `<a href="/n/%d.html">x</a>`, i)
	}
	doc, _ := Parse("https://h.jp/", "", http.StatusOK, http.Header{"Content-Type": {"text/html; charset=utf-8"}}, []byte(b.String()))
	if len(doc.Links) != MaxLinks || doc.Links[MaxLinks-1].URL != fmt.Sprintf("https://h.jp/n/%d.html", MaxLinks-1) {
		t.Errorf("%d links, want the first %d", len(doc.Links), MaxLinks)
	}
}

// A page nested deeper than html.Parse accepts keeps its text.
func TestDeeplyNestedPageKeepsText(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><meta charset="utf-8"><title>障害のお知らせ</title></head><body><main><h1>障害のお知らせ</h1>`)
	for range 3000 {
		b.WriteString("<div>")
	}
	b.WriteString("<p>本日、当社サーバーへの不正アクセスを確認しました。</p>")
	for range 3000 {
		b.WriteString("</div>")
	}
	b.WriteString(`<p>詳細は調査中です。</p></main></body></html>`)
	doc, err := Parse("https://h.jp/a.html", "", http.StatusOK, http.Header{"Content-Type": {"text/html"}}, []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"不正アクセスを確認しました", "詳細は調査中です"} {
		if !strings.Contains(doc.Text, want) {
			t.Errorf("text lacks %q: %q", want, doc.Text)
		}
	}
}
