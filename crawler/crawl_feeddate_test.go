package crawler

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kohyo-dev/kohyo/crawler/page"
)

// TestCrawlFeedItemDates: an RSS item's pubDate and an Atom entry's
// published (else updated) date a page that writes no full date of its
// own (published_source "feed"); a page's own date outranks its feed's; a
// sitemap's lastmod is no publication date.
func TestCrawlFeedItemDates(t *testing.T) {
	const text = "温泉施設の顧客名簿約500人分を紛失しました。名簿には氏名と電話番号が記載されていました。"
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html := func(s string) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(s))
		}
		xml := func(s string) {
			w.Header().Set("Content-Type", "application/xml")
			w.Write([]byte(s))
		}
		switch r.URL.Path + "?" + r.URL.RawQuery {
		case "/robots.txt?":
			w.Write([]byte("User-agent: *\nAllow: /\nSitemap: " + srv.URL + "/sitemap.xml\n"))
		case "/sitemap.xml?":
			xml(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>` + srv.URL +
				`/news/detail.php?id=5</loc><lastmod>2019-07-01T10:00:00+09:00</lastmod></url></urlset>`)
		case "/news/?":
			html(`<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>ニュース｜株式会社みなと精機</title>
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" href="/atom.xml"></head>
<body><main><h1>ニュース</h1><p>株式会社みなと精機からのお知らせを掲載しています。</p></main></body></html>`)
		case "/feed.xml?":
			xml(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>ニュース</title><link>` + srv.URL + `/news/</link>
<item><title>顧客名簿の紛失について</title><link>` + srv.URL + `/news/detail.php?id=1</link><pubDate>Sun, 23 Jun 2019 15:30:00 +0000</pubDate></item>
<item><title>第2報</title><link>` + srv.URL + `/news/detail.php?id=2</link><pubDate>Fri, 21 Jun 2019 10:00:00 +0900</pubDate></item>
</channel></rss>`)
		case "/atom.xml?":
			xml(`<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>ニュース</title>
<entry><title>第3報</title><link rel="alternate" href="` + srv.URL + `/news/detail.php?id=3"/><updated>2019-08-01T09:00:00+09:00</updated><published>2019-07-10T09:00:00+09:00</published></entry>
<entry><title>第4報</title><link rel="alternate" href="` + srv.URL + `/news/detail.php?id=4"/><updated>2019-07-20T09:00:00+09:00</updated></entry>
</feed>`)
		case "/news/detail.php?id=2":
			html(crawlNotice("顧客名簿の紛失について（第2報）", "2019年6月20日", text))
		case "/news/detail.php?id=1", "/news/detail.php?id=3", "/news/detail.php?id=4", "/news/detail.php?id=5":
			html(crawlNotice("顧客名簿の紛失について", "", text))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	sink, _ := crawlTemplateSite(t, []string{srv.URL + "/news/"})
	for _, tc := range []struct {
		id, date, source string
	}{
		{"1", "2019-06-24", page.SourceFeed}, // 15:30 UTC is the next day in Japan
		{"2", "2019-06-20", page.SourcePage}, // the page's own date outranks the feed's
		{"3", "2019-07-10", page.SourceFeed}, // published, not updated
		{"4", "2019-07-20", page.SourceFeed}, // updated without published
		{"5", "", ""},                        // a sitemap's lastmod is no publication date
	} {
		doc := sink.docs[srv.URL+"/news/detail.php?id="+tc.id]
		if doc == nil {
			t.Errorf("id=%s not crawled; docs %v failed %v", tc.id, sink.keys(), sink.failed)
			continue
		}
		got := ""
		if !doc.Published.IsZero() {
			got = doc.Published.Format("2006-01-02")
		}
		if got != tc.date || doc.PublishedSource != tc.source {
			t.Errorf("id=%s: published %q (%s), want %q (%s)", tc.id, got, doc.PublishedSource, tc.date, tc.source)
		}
	}
}
