package crawler

import (
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
		{"analytics only", `<ul class="news"><li><a href="/news/1.html">お知らせ</a></li></ul><script>gtag('config', 'G-1')</script>`, false, nil},
	} {
		by, eps := scriptListing([]byte(tc.page), base)
		if by != tc.byScript || !slices.Equal(eps, tc.endpoints) {
			t.Errorf("%s: got %v %q, want %v %q", tc.name, by, eps, tc.byScript, tc.endpoints)
		}
	}
}

func TestDataLinks(t *testing.T) {
	base, _ := url.Parse("https://www.kakuu-seiki.example.jp/data/news.json")
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"json array", `[{"date":"2024.03.01","url":"/news/20240301.html","title":"お知らせ"},{"date":"2024.02.15","link":"https://www.kakuu-seiki.example.jp/news/20240215.html"}]`,
			[]string{"https://www.kakuu-seiki.example.jp/news/20240301.html", "https://www.kakuu-seiki.example.jp/news/20240215.html"}},
		{"json nested", `{"items":[{"title":"決算短信","pdf":"/ir/pdf/tanshin.pdf"}],"total":1}`,
			[]string{"https://www.kakuu-seiki.example.jp/ir/pdf/tanshin.pdf"}},
		{"json without addresses", `{"count": 3, "title": "news"}`, nil},
		{"other host and junk", `[{"url":"https://other.example.com/a.html"},{"url":"not a path"}]`, nil},
		{"xml", `<?xml version="1.0"?><news><item><title>お知らせ</title><url>/news/1.html</url></item><item href="/news/2.html"/></news>`,
			[]string{"https://www.kakuu-seiki.example.jp/news/1.html", "https://www.kakuu-seiki.example.jp/news/2.html"}},
		{"broken json", `[{"url": "/news/1.html"`, nil},
	} {
		if got := dataLinks([]byte(tc.body), base); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func FuzzDataLinks(f *testing.F) {
	f.Add([]byte(`[{"url":"/news/1.html"}]`))
	f.Add([]byte(`<news><item><url>/news/1.html</url></item></news>`))
	f.Add([]byte(`<ul class="news"></ul><script>fetch('/a.json')</script>`))
	base, _ := url.Parse("https://www.example.jp/news/")
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, l := range dataLinks(body, base) {
			if u, err := url.Parse(l); err != nil || u.Host != base.Host {
				t.Fatalf("link %q off the host", l)
			}
		}
		_, eps := scriptListing(body, base)
		for _, l := range eps {
			if u, err := url.Parse(l); err != nil || u.Host != base.Host {
				t.Fatalf("endpoint %q off the host", l)
			}
		}
	})
}
