package crawler

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kohyo-dev/kohyo/crawler/browser"
	"github.com/kohyo-dev/kohyo/crawler/page"
)

// Pages as Japanese sites build them: an English notice beside its
// Japanese version, a お知らせ一覧 filled from a JSON file by script, and an
// IR listing whose items a script writes from data the HTML does not name.

const englishNotice = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Notice of Unauthorized Access | Minato Seiki Co., Ltd.</title>
<link rel="alternate" hreflang="ja" href="/information/2024/0520.html"><link rel="alternate" hreflang="en" href="/en/information/2024/0520.html"></head>
<body><header><nav><a href="/en/">Home</a> <a href="/information/2024/0520.html">日本語</a></nav></header>
<main><article><h1>Notice of Unauthorized Access to Our Servers</h1><p class="date">May 20, 2024</p>
<p>Minato Seiki Co., Ltd. has confirmed that a third party gained unauthorized access to servers of the Company. Personal information of about 1,800 customers may have been viewed.</p>
<p>We sincerely apologise for the concern and inconvenience this may cause.</p></article></main></body></html>`

const jsonListing = `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>お知らせ一覧｜株式会社みなと精機</title></head>
<body><main><h1>お知らせ一覧</h1><ul id="news-list"><li class="loading">読み込み中…</li></ul></main>
<script>fetch('/data/news.json').then(r => r.json()).then(items => { /* builds the list */ });</script></body></html>`

const jsonListingData = `[{"date":"2024.05.20","title":"不正アクセスに関するお知らせ","url":"/information/2024/0520.html"},
{"date":"2024.04.01","title":"組織変更のお知らせ","url":"/information/2024/0401.html"}]`

// scriptOnlyListing writes its items from an array in the script: no data
// file to follow, only a browser sees them.
const scriptOnlyListing = `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>IRニュース｜株式会社みなと精機</title></head>
<body><main><h1>IRニュース</h1><ul class="ir-news-list"></ul></main>
<script>
var items = [["/ir/news/2024/0510.html", "2024年3月期 決算短信"], ["/ir/news/2024/0412.html", "連結子会社における不正アクセスについて"]];
var ul = document.querySelector('.ir-news-list');
setTimeout(function () { items.forEach(function (it) { var li = document.createElement('li'); li.innerHTML = '<a href="' + it[0] + '">' + it[1] + '</a>'; ul.appendChild(li); }); }, 100);
</script></body></html>`

func templateSite(t *testing.T) *httptest.Server {
	t.Helper()
	pages := map[string]string{
		"/information/2024/0520.html":    crawlNotice("不正アクセスに関するお知らせ", "2024年5月20日", "当社サーバーへの第三者による不正アクセスを確認しました。お客様約1,800名の個人情報が閲覧された可能性があります。", `<a href="/en/information/2024/0520.html" hreflang="en">English</a>`),
		"/information/2024/0401.html":    crawlNotice("組織変更のお知らせ", "2024年4月1日", "2024年4月1日付で組織変更を行いましたのでお知らせいたします。"),
		"/en/information/2024/0520.html": englishNotice,
		"/information/":                  jsonListing,
		"/ir/news/":                      scriptOnlyListing,
		"/ir/news/2024/0510.html":        crawlNotice("2024年3月期 決算短信", "2024年5月10日", "2024年3月期の決算短信を公表いたしました。"),
		"/ir/news/2024/0412.html":        crawlNotice("連結子会社における不正アクセスについて", "2024年4月12日", "当社連結子会社において第三者による不正アクセスを受けたことが判明しました。"),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
			return
		case "/data/news.json":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(jsonListingData))
			return
		}
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func crawlTemplateSite(t *testing.T, seeds []string, opts ...Option) (*crawlMemSink, Stats) {
	t.Helper()
	sink := newCrawlMemSink()
	c, err := New(sink, crawlFastOptions(append([]Option{WithScope(ScopeHost)}, opts...)...)...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	st, err := c.Run(ctx, seeds)
	if err != nil {
		t.Fatal(err)
	}
	return sink, st
}

func TestCrawlEnglishNoticeIsADocument(t *testing.T) {
	srv := templateSite(t)
	sink, st := crawlTemplateSite(t, []string{srv.URL + "/information/2024/0520.html"})
	en := sink.docs[srv.URL+"/en/information/2024/0520.html"]
	if en == nil {
		t.Fatalf("English notice not stored; docs %v, failed %v", sink.keys(), sink.failed)
	}
	if en.Language != "en" || en.JapaneseURL != srv.URL+"/information/2024/0520.html" {
		t.Errorf("language %q, japanese_url %q", en.Language, en.JapaneseURL)
	}
	if !strings.Contains(en.Text, "about 1,800 customers") || !strings.HasPrefix(en.Title, "Notice of Unauthorized Access") {
		t.Errorf("title %q, text %q", en.Title, en.Text)
	}
	if ja := sink.docs[srv.URL+"/information/2024/0520.html"]; ja == nil || ja.Language != "ja" || ja.JapaneseURL != "" {
		t.Errorf("Japanese notice: %+v", ja)
	}
	for u, err := range sink.failed {
		if page.KindOf(err) != page.KindHTTPStatus { // the header's links to pages the site lacks
			t.Errorf("%s failed: %v", u, err)
		}
	}
	if st.OtherLanguage != 1 || st.Fetched != 3 {
		t.Errorf("stats %+v, want 3 fetched (2 Japanese, 1 English)", st)
	}
}

func TestCrawlScriptListingFollowsItsDataFile(t *testing.T) {
	srv := templateSite(t)
	sink, st := crawlTemplateSite(t, []string{srv.URL + "/information/"})
	for _, p := range []string{"/information/2024/0520.html", "/information/2024/0401.html"} {
		if sink.docs[srv.URL+p] == nil {
			t.Errorf("%s (listed in the JSON file) not crawled; docs %v", p, sink.keys())
		}
	}
	if sink.docs[srv.URL+"/information"] != nil {
		t.Error("the listing itself stored as a document")
	}
	if st.ScriptListings != 1 || st.Navigational != 1 {
		t.Errorf("stats %+v, want the listing navigational and reported", st)
	}
}

func TestCrawlScriptOnlyListingWithoutRender(t *testing.T) {
	srv := templateSite(t)
	sink, st := crawlTemplateSite(t, []string{srv.URL + "/ir/news/"})
	if len(sink.docs) != 0 || st.ScriptListings != 1 || st.Errors != 0 || st.Navigational != 1 {
		t.Errorf("docs %v, stats %+v: want nothing stored, the listing reported for --render, no errors", sink.keys(), st)
	}
}

func TestCrawlRenderScriptOnlyListing(t *testing.T) {
	if _, err := browser.Find(); err != nil {
		t.Skipf("skipping: %v", err)
	}
	srv := templateSite(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b, err := browser.New(ctx, browser.Settle(200*time.Millisecond, 10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	sink, st := crawlTemplateSite(t, []string{srv.URL + "/ir/news/"}, WithRenderer(b, 1))
	for _, p := range []string{"/ir/news/2024/0510.html", "/ir/news/2024/0412.html"} {
		if sink.docs[srv.URL+p] == nil {
			t.Errorf("%s not crawled after rendering; docs %v", p, sink.keys())
		}
	}
	if st.Rendered != 1 || st.ScriptListings != 0 {
		t.Errorf("stats %+v, want 1 rendered", st)
	}
}

// countingRenderer stands in for the browser: it counts renderings and
// returns the listing with its items written out.
type countingRenderer struct{ n int }

func (r *countingRenderer) Render(ctx context.Context, url string, opts ...browser.RenderOption) (browser.Page, error) {
	r.n++
	return browser.Page{URL: url, HTML: `<html><body><main><ul><li><a href="/ir/news/2024/0510.html">決算短信</a></li></ul></main></body></html>`}, nil
}

func TestCrawlRenderBudget(t *testing.T) {
	srv := templateSite(t)
	r := &countingRenderer{}
	// Two script listings on one host, a budget of one.
	_, st := crawlTemplateSite(t, []string{srv.URL + "/ir/news/", srv.URL + "/information/"}, WithRenderer(r, 1))
	if r.n != 1 || st.Rendered != 1 || st.ScriptListings != 1 {
		t.Errorf("rendered %d, stats %+v: want one rendering and one listing over budget", r.n, st)
	}
	if _, err := New(newCrawlMemSink(), WithRenderer(nil, 1)); err == nil {
		t.Error("nil renderer accepted")
	}
	if _, err := New(newCrawlMemSink(), WithRenderer(r, -1)); err == nil {
		t.Error("negative budget accepted")
	}
}

var _ Renderer = (*browser.Browser)(nil)

// TestCrawlYearlessDateFromSitemap: a notice dated 6月24日 at a URL with no
// year takes its year from the sitemap's lastmod.
func TestCrawlYearlessDateFromSitemap(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			w.Write([]byte("User-agent: *\nAllow: /\nSitemap: " + srv.URL + "/sitemap.xml\n"))
		case "/sitemap.xml":
			w.Header().Set("Content-Type", "application/xml")
			w.Write([]byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>` + srv.URL +
				`/news/detail.php?id=624</loc><lastmod>2019-06-25T10:00:00+09:00</lastmod></url></urlset>`))
		case "/news/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(crawlListing("ニュース")))
		case "/news/detail.php":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(crawlNotice("顧客名簿の紛失について", "6月24日 18時30分", "温泉施設の顧客名簿約500人分を紛失しました。名簿には氏名と電話番号が記載されていました。")))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	sink, _ := crawlTemplateSite(t, []string{srv.URL + "/news/"})
	doc := sink.docs[srv.URL+"/news/detail.php?id=624"]
	if doc == nil {
		t.Fatalf("notice not crawled; docs %v failed %v", sink.keys(), sink.failed)
	}
	if got := doc.Published.Format("2006-01-02"); got != "2019-06-24" || doc.PublishedSource != page.SourcePageYearListed {
		t.Errorf("published %s (%s), want 2019-06-24 (%s)", got, doc.PublishedSource, page.SourcePageYearListed)
	}
}
