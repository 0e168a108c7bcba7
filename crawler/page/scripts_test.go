package page

import (
	"strings"

	"golang.org/x/net/html"
	"net/url"
	"slices"
	"testing"
)

func TestScriptListing(t *testing.T) {
	base, _ := url.Parse("https://www.kakuu-seiki.example.jp/news/")
	for _, tc := range []struct {
		name      string
		page      string
		byScript  bool
		endpoints []string
	}{
		{"fetch of a JSON file", `<ul id="news-list"></ul><script>fetch('/data/news.json').then(r => r.json())</script>`,
			true, []string{"https://www.kakuu-seiki.example.jp/data/news.json"}},
		{"jQuery and an XML file", `<div class="ir-news">読み込み中...</div><script>$.ajax({url: "../ir/xml/irnews.xml"})</script>`,
			true, []string{"https://www.kakuu-seiki.example.jp/ir/xml/irnews.xml"}},
		{"data attribute, external script", `<div class="topics-list" data-src="/api/topics.json"></div><script src="/js/widget.js"></script>`,
			true, []string{"https://www.kakuu-seiki.example.jp/api/topics.json"}},
		{"other host", `<ul class="news"></ul><script>fetch("https://cdn.example.com/news.json")</script>`, true, nil},
		{"static listing", `<ul class="news"><li><a href="/news/1.html">お知らせ</a></li></ul><script>var x = 1;</script>`, false, nil},
		{"empty icon box, not a list", `<div class="first-view"></div><div class="circle"></div><script src="/js/app.js"></script>`, false, nil},
		{"analytics only", `<ul class="news"><li><a href="/news/1.html">お知らせ</a></li></ul><script>gtag('config', 'G-1')</script>`, false, nil},
	} {
		root, _ := html.Parse(strings.NewReader(tc.page))
		by, eps := scriptListing(root, base)
		if by != tc.byScript || !slices.Equal(eps, tc.endpoints) {
			t.Errorf("%s: got %v %q, want %v %q", tc.name, by, eps, tc.byScript, tc.endpoints)
		}
	}
}
