package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kohyo-dev/kohyo/crawler/page"

	"golang.org/x/text/encoding/japanese"
)

// realSite is a fictional company's information section (株式会社さくら電工)
// built the way Japanese corporate sites are: relative links, a <base
// href>, announcements behind query URLs, pagers of every style, a
// Shift_JIS archive, a gzip'd sitemap behind a sitemap index, robots.txt
// wildcards, duplicate URL forms.
type realSite struct {
	t     *testing.T
	srv   *httptest.Server
	host  string // the crawl's host name: "localhost:port"
	mu    sync.Mutex
	count map[string]int // requests by path and query
	pages map[string]func(w http.ResponseWriter, r *http.Request)
}

func (s *realSite) serve(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if r.URL.RawQuery != "" {
		p += "?" + r.URL.RawQuery
	}
	s.mu.Lock()
	s.count[p]++
	h := s.pages[p]
	s.mu.Unlock()
	if h == nil {
		http.NotFound(w, r)
		return
	}
	h(w, r)
}

func (s *realSite) requested(p string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count[p]
}

func (s *realSite) all() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.count)
}

func (s *realSite) url(p string) string { return "http://" + s.host + p }

func (s *realSite) key(p string) string {
	k, err := Canonical(s.url(p))
	if err != nil {
		s.t.Fatal(err)
	}
	return k
}

func (s *realSite) html(p, body string) {
	s.pages[p] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(body))
	}
}

func (s *realSite) raw(p, ctype string, body []byte) {
	s.pages[p] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.Write(body)
	}
}

func realNotice(title, extraHead string) string {
	return `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>` + title + `｜株式会社さくら電工</title>` + extraHead + `</head><body>
<nav><a href="/">トップ</a> <a href="/company/">会社概要</a> <a href="/information/">お知らせ</a></nav>
<main><h1>` + title + `</h1><p>2024年1月10日</p><p>株式会社さくら電工（以下「当社」）は、` + title + `について下記のとおりお知らせいたします。関係者の皆様にはご迷惑とご心配をおかけしますことを深くお詫び申し上げます。</p></main>
<footer>© 株式会社さくら電工</footer></body></html>`
}

func realListing(title string, links ...string) string {
	return `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>` + title + `</title></head><body><main><h1>` + title + `</h1><ul><li>` +
		strings.Join(links, "</li>\n<li>") + `</li></ul></main></body></html>`
}

// realPDF is a well-formed one-page PDF with one line of English text (what
// a notice PDF looks like to the crawler: a link with a version query). It
// is read whole and refused only for its language.
func realPDF(t *testing.T) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", "english.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newRealSite(t *testing.T) *realSite {
	t.Helper()
	s := &realSite{t: t, count: map[string]int{}, pages: map[string]func(http.ResponseWriter, *http.Request){}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	s.host = "localhost:" + s.srv.URL[strings.LastIndexByte(s.srv.URL, ':')+1:]
	mixed := "http://LocalHost:" + s.srv.URL[strings.LastIndexByte(s.srv.URL, ':')+1:]

	s.raw("/robots.txt", "text/plain", []byte("User-agent: *\nDisallow: /*?print=1\nDisallow: /information/tmp/\nAllow: /information/tmp/open.html\nDisallow: /*.cgi$\n\nSitemap: "+s.url("/sitemap_index.xml")+"\n"))

	// Page 1: relative links, ./ and ../, a fragment, a mixed-case host,
	// the same announcement as dir/, dir/index.html and dir, a print
	// version disallowed by a wildcard, and 次のページへ.
	s.html("/information/", realListing("お知らせ一覧",
		`<a href="./2024/0110.html">2024年1月10日 不正アクセスに関するお知らせ</a>`,
		`<a href="2024/0110.html#detail">続きを読む</a>`,
		`<a href="`+mixed+`/information/2024/0110.html">（同じお知らせ）</a>`,
		`<a href="2024/../2024/0201/">2024年2月1日 第2報</a>`,
		`<a href="/information/2024/0201/index.html">第2報</a>`,
		`<a href="/information/2024/0201">第2報</a>`,
		`<a href="./2024/0110.html?print=1">印刷用</a>`,
		`<a href="news/detail.php?print=1&amp;id=12">印刷用</a>`,
		`<a href="news/detail.php?id=12">2024年1月5日 個人情報の誤送信について</a>`,
		`<a href="news/detail.php?id=12&amp;from=list">個人情報の誤送信について</a>`,
		`<a href="info.cgi?no=3">2023年12月1日 お問い合わせ窓口の変更</a>`,
		`<a href="../pdf/notice.pdf?v=2">お詫びとお知らせ（PDF）</a>`,
		`<a href="/information/tmp/draft.html">下書き</a>`,
		`<a href="/information/tmp/open.html">公開資料</a>`,
		`<a href="javascript:void(0)" onclick="loadMore()">もっと見る</a>`,
		`<a href="?p=2">次のページへ</a>`,
	))
	// Page 2: a <base href> that makes relative links point elsewhere, and »
	s.html("/information/?p=2", `<!DOCTYPE html><html><head><meta charset="utf-8"><base href="/information/2023/"><title>お知らせ一覧 2</title></head><body><main><h1>お知らせ一覧</h1><ul>
<li><a href="1120.html">2023年11月20日 システム障害のお知らせ</a></li>
<li><a href="../list.php?page=2&amp;cat=info">»</a></li>
</ul></main></body></html>`)
	// Page 3: ?page=2&cat=info, with > (as &gt;)
	s.html("/information/list.php?page=2&cat=info", realListing("お知らせ一覧（情報）",
		`<a href="2023/1015.html">2023年10月15日 ランサムウェア被害について</a>`,
		`<a href="list.php?page=3&amp;cat=info">&gt;</a>`,
	))
	// Page 4: numbered pager only, no next link.
	s.html("/information/list.php?page=3&cat=info", realListing("お知らせ一覧（情報）",
		`<a href="2023/0901.html">2023年9月1日 夏季休業</a>`,
		`<a href="/information/archive/">過去のお知らせ一覧</a>`,
	))
	s.html("/information/archive/", realListing("過去のお知らせ",
		`<a href="/information/archive/2022/0301.html">2022年3月1日 メール誤送信のお詫び</a>`,
		`<span>1</span> <a href="/information/archive/?pageID=2">2</a> <a href="/information/archive/3.html">3</a>`,
	))
	s.html("/information/archive/?pageID=2", realListing("過去のお知らせ 2",
		`<a href="/information/archive/2021/1201.html">2021年12月1日 不正ログインについて</a>`,
		`<a href="/information/archive/">1</a> <span>2</span> <a href="/information/archive/3.html">3</a>`,
	))
	s.html("/information/archive/3.html", realListing("過去のお知らせ 3",
		`<a href="/information/archive/2021/0601.html">2021年6月1日 ウイルス感染について</a>`,
		`<a href="/information/archive/">1</a> <a href="/information/archive/?pageID=2">2</a> <span>3</span> <a href="/information/sjis/">過去のお知らせ（2020年以前）</a>`,
	))
	// A Shift_JIS archive listing with a Shift_JIS pager.
	sj := func(p, body string) {
		b, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		s.raw(p, "text/html", b)
	}
	sj("/information/sjis/", `<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><title>旧お知らせ一覧</title></head><body>
<ul><li><a href="2019/0401.html">2019年4月1日 個人情報の紛失について</a></li></ul><p><a href="old.html">次へ＞</a></p></body></html>`)
	sj("/information/sjis/old.html", `<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><title>旧お知らせ一覧 2</title></head><body>
<ul><li><a href="2018/1001.html">2018年10月1日 不正アクセスについて</a></li></ul><p><a href="./">前へ</a></p></body></html>`)
	sj("/information/sjis/2019/0401.html", `<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><title>個人情報の紛失について</title></head><body><h1>個人情報の紛失について</h1><p>平成31年4月1日</p><p>当社従業員が顧客情報を記録した書類を紛失したことが判明しました。関係者の皆様に深くお詫び申し上げます。</p></body></html>`)
	sj("/information/sjis/2018/1001.html", `<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><title>不正アクセスについて</title></head><body><h1>不正アクセスについて</h1><p>平成30年10月1日</p><p>当社ウェブサイトが第三者による不正アクセスを受けたことが判明しました。関係者の皆様に深くお詫び申し上げます。</p></body></html>`)

	// Announcements.
	for _, p := range []string{
		"/information/2024/0110.html", "/information/2024/0201/", "/information/2023/1120.html",
		"/information/2023/1015.html", "/information/2023/0901.html", "/information/tmp/open.html",
		"/information/archive/2022/0301.html", "/information/archive/2021/1201.html", "/information/archive/2021/0601.html",
		"/information/sitemap-only.html",
	} {
		s.html(p, realNotice("お知らせ "+p, ""))
	}
	s.pages["/information/2024/0201"] = func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/information/2024/0201/", http.StatusMovedPermanently)
	}
	s.pages["/information/2024/0201/index.html"] = s.pages["/information/2024/0201/"]
	// A query-URL announcement whose canonical is another form of itself.
	detail := realNotice("個人情報の誤送信について", `<link rel="canonical" href="`+s.url("/information/news/detail.php?id=12")+`">`)
	s.html("/information/news/detail.php?id=12", detail)
	s.html("/information/news/detail.php?from=list&id=12", detail)
	s.html("/information/news/detail.php?id=12&from=list", detail)
	s.html("/information/info.cgi?no=3", realNotice("お問い合わせ窓口の変更", ""))
	s.html("/information/tmp/draft.html", realNotice("下書き", ""))
	s.html("/information/2024/0110.html?print=1", realNotice("印刷用", ""))
	s.html("/information/news/detail.php?print=1&id=12", realNotice("印刷用", ""))
	s.html("/information/news/detail.php?id=12&print=1", realNotice("印刷用", ""))
	s.raw("/pdf/notice.pdf?v=2", "application/pdf", realPDF(t))

	// Sitemaps: robots.txt names an index, which names a gzip'd sitemap.
	s.raw("/sitemap_index.xml", "application/xml", []byte(`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>`+s.url("/sitemap-info.xml.gz")+`</loc></sitemap></sitemapindex>`))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>` + s.url("/information/sitemap-only.html") + `</loc></url>
<url><loc>` + s.url("/information/2024/0110.html") + `</loc></url>
<url><loc>` + s.url("/company/outside.html") + `</loc></url>
</urlset>`))
	zw.Close()
	s.raw("/sitemap-info.xml.gz", "application/x-gzip", gz.Bytes())
	s.html("/company/outside.html", realNotice("会社概要", ""))
	return s
}

func TestCrawlRealisticSite(t *testing.T) {
	for _, depth := range []int{0, 1} {
		t.Run("maxdepth="+string(rune('0'+depth)), func(t *testing.T) {
			site := newRealSite(t)
			sink := newCrawlMemSink()
			c, err := New(sink, crawlFastOptions(WithMaxDepth(depth))...)
			if err != nil {
				t.Fatal(err)
			}
			st, err := c.Run(context.Background(), []string{site.url("/information/")})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("stats %+v", st)

			announcements := []string{
				"/information/2024/0110.html",
				"/information/2024/0201/",
				"/information/news/detail.php?id=12",
				"/information/info.cgi?no=3", // Disallow: /*.cgi$ does not match a query URL
				"/information/2023/1120.html",
				"/information/2023/1015.html",
				"/information/2023/0901.html",
				"/information/tmp/open.html",
				"/information/archive/2022/0301.html",
				"/information/archive/2021/1201.html",
				"/information/archive/2021/0601.html",
				"/information/sjis/2019/0401.html",
				"/information/sjis/2018/1001.html",
				"/information/sitemap-only.html",
			}
			for _, p := range announcements {
				if n := sink.pageCalls[site.key(p)]; n != 1 {
					t.Errorf("announcement %s stored %d times, want once", p, n)
				}
			}
			if n := site.requested("/pdf/notice.pdf?v=2"); n != 1 {
				t.Errorf("PDF with a query requested %d times, want once", n)
			}
			if err, ok := sink.failed[site.key("/pdf/notice.pdf?v=2")]; ok && page.KindOf(err) != page.KindNotJapanese {
				t.Errorf("PDF not read whole: %v", err)
			}
			for k, n := range sink.pageCalls {
				if n != 1 {
					t.Errorf("%s stored %d times", k, n)
				}
			}
			// Each announcement fetched once, in whatever form.
			for _, p := range []string{"/information/2024/0110.html", "/information/2023/1120.html", "/information/sjis/2019/0401.html"} {
				if n := site.requested(p); n != 1 {
					t.Errorf("%s requested %d times, want once", p, n)
				}
			}
			if n := site.requested("/information/2024/0201/") + site.requested("/information/2024/0201/index.html") + site.requested("/information/2024/0201"); n > 2 {
				t.Errorf("0201 fetched %d times in its three forms", n)
			}
			detail := site.requested("/information/news/detail.php?id=12") + site.requested("/information/news/detail.php?from=list&id=12") +
				site.requested("/information/news/detail.php?id=12&from=list")
			if detail > 2 {
				t.Errorf("detail.php?id=12 fetched %d times in its forms", detail)
			}
			for _, p := range []string{"/information/tmp/draft.html", "/information/2024/0110.html?print=1",
				"/information/news/detail.php?print=1&id=12", "/information/news/detail.php?id=12&print=1", "/company/outside.html"} {
				if n := site.requested(p); n != 0 {
					t.Errorf("%s requested %d times, want never", p, n)
				}
			}
			if n := site.requested("/sitemap-info.xml.gz"); n != 1 {
				t.Errorf("gzip'd sitemap requested %d times", n)
			}
			if t.Failed() {
				t.Logf("requests: %v", site.all())
				t.Logf("stored: %v", sink.keys())
				for k, err := range sink.failed {
					t.Logf("failed %s: %v", k, err)
				}
			}
		})
	}
}

func TestCanonicalOf(t *testing.T) {
	const page = "https://www.example.co.jp/news/detail.php?id=12&from=list"
	for _, tt := range []struct {
		canonical, want string
	}{
		{"https://www.example.co.jp/news/detail.php?id=12", "https://www.example.co.jp/news/detail.php?id=12"},
		{"http://WWW.example.co.jp/news/detail.php?from=list&id=12#x", "http://www.example.co.jp/news/detail.php?from=list&id=12"},
		{"https://www.example.co.jp/news/detail.php", ""},       // a template's canonical for every id
		{"https://www.example.co.jp/news/detail.php?id=13", ""}, // another article
		{"https://www.example.co.jp/", ""},                      // the home page
		{"https://other.example.jp/news/detail.php?id=12", ""},  // another host
		{"https://www.example.co.jp/news/12.html", ""},          // another path: not trusted
		{"mailto:info@example.co.jp", ""},                       // not a URL of a page
	} {
		links := []foundLink{{url: "https://www.example.co.jp/news/"}, {url: tt.canonical, canonical: true}}
		if got := canonicalOf(links, page); got != tt.want {
			t.Errorf("canonicalOf(%q) = %q, want %q", tt.canonical, got, tt.want)
		}
	}
	if got := canonicalOf([]foundLink{{url: "https://h.jp/a/", canonical: true}}, "https://h.jp/a/index.html"); got != "https://h.jp/a" {
		t.Errorf("index.html with canonical dir/: %q", got)
	}
}

// An http→https redirect needs a TLS server whose certificate the crawler
// trusts; the crawler builds its own transport (the address guard's), so
// the test client's transport cannot be given to it.
func TestCrawlRealisticHTTPSRedirect(t *testing.T) {
	t.Skip("crawler supplies its own transport (address guard); an httptest TLS certificate cannot be trusted without a WithTransport hook")
}
