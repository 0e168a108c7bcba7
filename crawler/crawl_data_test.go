package crawler

import (
	"net/url"
	"slices"
	"testing"
)

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
	f.Add([]byte(`<urlset><url><loc>/a</loc><lastmod>2019-06-24</lastmod></url></urlset>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for l, d := range xmlEntryDates(body) {
			if l == "" || d.at.IsZero() {
				t.Fatalf("entry %q dated %v", l, d)
			}
		}
		for _, l := range dataLinks(body, base) {
			if u, err := url.Parse(l); err != nil || u.Host != base.Host {
				t.Fatalf("link %q off the host", l)
			}
		}
	})
}
