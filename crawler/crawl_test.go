package crawler

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kohyo-dev/kohyo/crawler/page"

	"golang.org/x/text/encoding/japanese"
)

// The test site: a fictional company's information section (株式会社みなと精機),
// with everything a crawl must survive. Paths map to handlers; the site
// records each request.
type crawlSite struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	requests []crawlSiteRequest
	pages    map[string]crawlSitePage
	extra    map[string]http.HandlerFunc
}

type crawlSiteRequest struct {
	path        string // path and query
	conditional bool
	at          time.Time
}

type crawlSitePage struct {
	contentType string
	body        []byte
}

const crawlSiteLastModified = "Wed, 25 Oct 2023 01:00:00 GMT"

// notice is an announcement page body of about the size and shape of a real one.
func crawlNotice(title, date, text string, links ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>%s｜株式会社みなと精機</title></head><body>
<header><nav><a href="/">ホーム</a> | <a href="/company/">会社情報</a> | <a href="/information/">お知らせ</a></nav></header>
<main><article><h1>%s</h1><p class="date">%s</p>
<p>%s</p><p>お客様ならびに関係者の皆様には多大なるご迷惑とご心配をおかけしますことを、深くお詫び申し上げます。当社は本件を厳粛に受け止め、再発防止に努めてまいります。</p>
`, title, title, date, text)
	for _, l := range links {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	b.WriteString(`</article></main><footer><p>© 株式会社みなと精機</p></footer></body></html>`)
	return b.String()
}

func crawlListing(title string, links ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>%s｜株式会社みなと精機</title>
<link rel="alternate" type="application/rss+xml" title="お知らせ RSS" href="/feed.xml"></head><body>
<main><h1>%s</h1><p>株式会社みなと精機からのお知らせを掲載しています。</p><ul>
`, title, title)
	for _, l := range links {
		fmt.Fprintf(&b, "<li>%s</li>\n", l)
	}
	b.WriteString(`</ul></main></body></html>`)
	return b.String()
}

func newCrawlSite(t *testing.T) *crawlSite {
	t.Helper()
	s := &crawlSite{t: t, pages: map[string]crawlSitePage{}, extra: map[string]http.HandlerFunc{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	html := func(path, body string) { s.pages[path] = crawlSitePage{"text/html; charset=utf-8", []byte(body)} }

	s.pages["/robots.txt"] = crawlSitePage{"text/plain", []byte("User-agent: *\nDisallow: /information/private/\nCrawl-delay: 0.03\n\nSitemap: " + s.srv.URL + "/sitemap.xml\n")}
	html("/information/", crawlListing("お知らせ一覧",
		`<a href="/information/2023/1025.html">2023年10月25日 不正アクセスによる個人情報漏えいのお知らせ</a>`,
		`<a href="2023/1101.html#main">2023年11月1日 第2報</a>`,
		`<a href="/information/sjis.html">旧システムからのお知らせ</a>`,
		`<a href="/information/2023/">2023年のお知らせ</a>`,
		`<a href="/information/private/draft.html">下書き</a>`,
		`<a href="/news/20231201.html">ニュースリリース</a>`,
		`<a href="/information/redirect">移転したお知らせ</a>`,
		`<a href="/information/loop">ループ</a>`,
		`<a href="/information/missing.html">削除されたお知らせ</a>`,
		`<a href="/information/broken.html">サーバーエラー</a>`,
		`<a href="/information/drop">切断</a>`,
		`<a href="/information/logo">ロゴ</a>`,
		`<a href="/information/metadata">メタデータ</a>`,
		`<a href="/information/badhtml.html">壊れたページ</a>`,
		`<a href="http://10.0.0.1/admin/">社内管理画面</a>`,
		`<a href="http://169.254.169.254/latest/meta-data/">メタデータ</a>`,
		`<a href="https://other.example.jp/information/">関連会社</a>`,
		`<a href="/information/?page=2">次へ</a>`,
	))
	html("/information/?page=2", crawlListing("お知らせ一覧（2ページ目）",
		`<a href="/information/2023/0915.html">2023年9月15日 システムメンテナンスのお知らせ</a>`,
		`<a href="/information/index.html#top">お知らせ一覧へ</a>`,
		`<a href="/information/2023/1025.html?utm_source=list&amp;utm_medium=web">不正アクセスによる個人情報漏えいのお知らせ</a>`,
	))
	html("/information/2023/", crawlListing("2023年のお知らせ",
		`<a href="/information/2023/0801.html">2023年8月1日 夏季休業のお知らせ</a>`,
	))
	html("/information/2023/1025.html", crawlNotice("不正アクセスによる個人情報漏えいのお知らせ", "2023年10月25日",
		"このたび、当社のサーバーが第三者による不正アクセスを受け、お客様の氏名、住所、電話番号など約6万件の個人情報が漏えいした可能性があることが判明しました。"))
	html("/information/2023/1101.html", crawlNotice("不正アクセスによる個人情報漏えいについて（第2報）", "2023年11月1日",
		"10月25日にお知らせした不正アクセスについて、外部専門機関による調査の結果、ランサムウェアによる攻撃であることが判明しました。"))
	html("/information/2023/0915.html", crawlNotice("システムメンテナンスのお知らせ", "2023年9月15日",
		"下記の日程でシステムメンテナンスを実施いたします。メンテナンス中はオンラインサービスをご利用いただけません。"))
	html("/information/2023/0801.html", crawlNotice("夏季休業のお知らせ", "2023年8月1日",
		"誠に勝手ながら、下記の期間を夏季休業とさせていただきます。休業期間中のお問い合わせは休業明けに順次対応いたします。"))
	html("/information/2023/0701.html", crawlNotice("新製品発売のお知らせ", "2023年7月1日",
		"当社は精密部品の新製品を発売いたします。詳細は製品情報ページをご覧ください。"))
	html("/information/2023/0601.html", crawlNotice("株主総会招集ご通知", "2023年6月1日",
		"第45回定時株主総会を下記のとおり開催いたしますので、ご通知申し上げます。"))
	html("/information/2023/moved.html", crawlNotice("お問い合わせ窓口移転のお知らせ", "2023年10月2日",
		"お問い合わせ窓口を下記の住所へ移転いたしました。今後ともよろしくお願い申し上げます。"))
	html("/information/private/draft.html", crawlNotice("非公開の下書き", "2023年12月1日", "この下書きは公開されていません。"))
	html("/news/20231201.html", crawlNotice("ニュースリリース：新工場稼働", "2023年12月1日",
		"当社は新工場の稼働を開始しました。", `<a href="/news/deeper.html">さらに詳しく</a>`))
	html("/news/deeper.html", crawlNotice("範囲外のページ", "2023年12月2日", "このページはクロール範囲外です。"))
	html("/information/badhtml.html", `<html><head><title>壊れたページ</title><body><p>閉じられていない段落<div><p>不正アクセスに関するお詫び<table><tr><td>個人情報</div></span></b>`+
		`<p>本文は壊れたHTMLの中にありますが、読めるはずです。`)
	sj, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><title>旧システムからのお知らせ</title></head>
<body><h1>個人情報の取り扱いに関するお詫び</h1><p>2023年10月30日</p><p>当社の旧会員システムにおいて、会員様の個人情報が閲覧可能な状態になっていたことが判明しました。対象は氏名とメールアドレスです。</p></body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	s.pages["/information/sjis.html"] = crawlSitePage{"text/html", sj} // charset only in <meta>
	s.pages["/feed.xml"] = crawlSitePage{"application/rss+xml", []byte(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>お知らせ</title><link>` + s.srv.URL + `/information/</link>
<item><title>新製品発売のお知らせ</title><link>` + s.srv.URL + `/information/2023/0701.html</link></item>
</channel></rss>`)}
	s.pages["/sitemap.xml"] = crawlSitePage{"application/xml", []byte(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>` + s.srv.URL + `/information/2023/0601.html</loc></url>
<url><loc>` + s.srv.URL + `/company/about.html</loc></url>
</urlset>`)}
	s.extra["/information/redirect"] = func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/information/2023/moved.html", http.StatusMovedPermanently)
	}
	s.extra["/information/loop"] = func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/information/loop2", http.StatusFound)
	}
	s.extra["/information/loop2"] = func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/information/loop", http.StatusFound)
	}
	s.extra["/information/metadata"] = func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	}
	s.extra["/information/broken.html"] = func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "内部エラー", http.StatusInternalServerError)
	}
	s.extra["/information/drop"] = func(w http.ResponseWriter, r *http.Request) {
		hj, ok := w.(http.Hijacker)
		if !ok {
			return
		}
		conn, _, err := hj.Hijack()
		if err == nil {
			conn.Close()
		}
	}
	s.extra["/information/logo"] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n not really"))
	}
	return s
}

func (s *crawlSite) serve(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery
	}
	s.mu.Lock()
	s.requests = append(s.requests, crawlSiteRequest{path: path, at: time.Now(),
		conditional: r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != ""})
	p, ok := s.pages[path]
	h := s.extra[path]
	s.mu.Unlock()
	if h != nil {
		h(w, r)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	sum := sha1.Sum(p.body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", crawlSiteLastModified)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", p.contentType)
	w.Write(p.body)
}

func (s *crawlSite) url(path string) string { return s.srv.URL + path }

// key is the canonical URL of a path on the site.
func (s *crawlSite) key(path string) string {
	k, err := Canonical(s.srv.URL + path)
	if err != nil {
		s.t.Fatal(err)
	}
	return k
}

func (s *crawlSite) requested(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if r.path == path {
			n++
		}
	}
	return n
}

func (s *crawlSite) log() []crawlSiteRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]crawlSiteRequest(nil), s.requests...)
}

func (s *crawlSite) reset() {
	s.mu.Lock()
	s.requests = nil
	s.mu.Unlock()
}

// crawlMemSink is an in-memory Sink that counts what it is given.
type crawlMemSink struct {
	mu        sync.Mutex
	docs      map[string]*page.Document
	pageCalls map[string]int
	failed    map[string]error
	unchanged map[string]int
	onPage    func(n int) // called after each Page with the number of pages so far
	n         int
}

func newCrawlMemSink() *crawlMemSink {
	return &crawlMemSink{docs: map[string]*page.Document{}, pageCalls: map[string]int{}, failed: map[string]error{}, unchanged: map[string]int{}}
}

func (m *crawlMemSink) Known(ctx context.Context, url string) (Known, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if d, ok := m.docs[url]; ok {
		return Known{ETag: d.ETag, LastModified: d.LastModified}, nil
	}
	return Known{}, nil
}

func (m *crawlMemSink) Page(ctx context.Context, doc *page.Document) error {
	m.mu.Lock()
	m.docs[doc.URL] = doc
	m.pageCalls[doc.URL]++
	m.n++
	n, f := m.n, m.onPage
	m.mu.Unlock()
	if f != nil {
		f(n)
	}
	return nil
}

func (m *crawlMemSink) Failed(ctx context.Context, url string, err error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failed[url] = err
	return nil
}

func (m *crawlMemSink) Unchanged(ctx context.Context, url string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.unchanged[url]++
	return nil
}

func (m *crawlMemSink) keys() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ks []string
	for k := range m.docs {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func crawlFastOptions(extra ...Option) []Option {
	return append([]Option{
		WithDelay(time.Millisecond),
		WithFetcherOptions(WithTimeout(5*time.Second), WithConnectTimeout(time.Second)),
	}, extra...)
}

func TestCrawlEndToEnd(t *testing.T) {
	site := newCrawlSite(t)
	sink := newCrawlMemSink()
	var progressCalls int
	c, err := New(sink, crawlFastOptions(WithProgress(func(Stats) { progressCalls++ }))...)
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.Run(context.Background(), []string{site.url("/information/")})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("stats: %+v", st)

	for _, p := range []string{
		"/information/", "/information/?page=2", "/information/2023/",
		"/information/2023/1025.html", "/information/2023/1101.html", "/information/2023/0915.html",
		"/information/2023/0801.html",  // from the year archive
		"/information/2023/0701.html",  // only in the feed
		"/information/2023/0601.html",  // only in the sitemap
		"/information/2023/moved.html", // reached by a redirect
		"/information/sjis.html",
		"/information/badhtml.html",
		"/news/20231201.html", // one hop out of the section
	} {
		if _, ok := sink.docs[site.key(p)]; !ok {
			t.Errorf("document %s missing", p)
		}
	}
	for k, n := range sink.pageCalls {
		if n != 1 {
			t.Errorf("document %s stored %d times", k, n)
		}
	}
	if d := sink.docs[site.key("/information/sjis.html")]; d != nil {
		if !strings.Contains(d.Text, "個人情報が閲覧可能な状態") || d.Charset != "shift_jis" {
			t.Errorf("Shift_JIS page decoded as %q: %q", d.Charset, d.Text)
		}
	}
	if d := sink.docs[site.key("/information/2023/moved.html")]; d != nil && !strings.HasSuffix(d.FinalURL, "/information/2023/moved.html") {
		t.Errorf("redirected page final URL %q", d.FinalURL)
	}

	for _, p := range []string{"/information/private/draft.html", "/news/deeper.html", "/company/about.html"} {
		if n := site.requested(p); n != 0 {
			t.Errorf("%s requested %d times, want never", p, n)
		}
		if _, ok := sink.docs[site.key(p)]; ok {
			t.Errorf("document %s stored, want absent", p)
		}
	}
	if st.Disallowed != 1 {
		t.Errorf("Disallowed = %d, want 1", st.Disallowed)
	}

	wantFailed := map[string]error{
		"/information/missing.html": page.ErrHTTPStatus,
		"/information/broken.html":  page.ErrHTTPStatus,
		"/information/loop":         page.ErrRedirectLoop,
		"/information/metadata":     ErrBlockedAddress,
		"/information/drop":         nil, // a network error of some kind
		"/information/logo":         page.ErrUnsupportedType,
	}
	for p, want := range wantFailed {
		err, ok := sink.failed[site.key(p)]
		if !ok {
			t.Errorf("failure of %s not reported", p)
			continue
		}
		if want != nil && !errors.Is(err, want) {
			t.Errorf("failure of %s = %v (kind %s), want %v", p, err, page.KindOf(err), want)
		}
	}
	if n := site.requested("/information/broken.html"); n != 1+crawlRetries {
		t.Errorf("500 page requested %d times, want %d", n, 1+crawlRetries)
	}
	// 10.0.0.1 and 169.254.169.254 links, and the redirect to the latter.
	if st.Refused < 3 {
		t.Errorf("Refused = %d, want at least 3", st.Refused)
	}
	if st.Fetched != len(sink.docs) || st.Errors+st.Skipped != len(sink.failed) || st.Skipped != 1 {
		t.Errorf("stats %+v disagree with sink: %d docs, %d failed", st, len(sink.docs), len(sink.failed))
	}
	if progressCalls == 0 {
		t.Error("progress never called")
	}

	// Crawl-delay 0.03 from robots.txt applies although WithDelay is 1ms.
	reqs := site.log()
	for i := 1; i < len(reqs); i++ {
		if gap := reqs[i].at.Sub(reqs[i-1].at); gap < 25*time.Millisecond && !followsRedirect(reqs[i].path) {
			t.Errorf("requests %s and %s only %v apart", reqs[i-1].path, reqs[i].path, gap)
		}
	}

	// Second crawl: same sink and frontier; announcements are asked for
	// conditionally and answered 304.
	site.reset()
	st2, err := c.Run(context.Background(), []string{site.url("/information/")})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("second crawl: %+v", st2)
	if st2.Unchanged < 5 {
		t.Errorf("second crawl: %d unchanged, want at least 5", st2.Unchanged)
	}
	for _, r := range site.log() {
		if strings.HasPrefix(r.path, "/information/2023/1") && !r.conditional {
			t.Errorf("second crawl fetched %s unconditionally", r.path)
		}
	}
	if sink.unchanged[site.key("/information/2023/1025.html")] != 1 {
		t.Errorf("304 of 1025.html not reported to the sink")
	}
}

// followsRedirect reports whether the request at path is the second leg
// of a redirect or the HTTP client's own immediate retry on a connection
// dropped before any answer: both are part of one fetch.
func followsRedirect(path string) bool {
	return strings.HasPrefix(path, "/information/loop") || path == "/information/2023/moved.html" || path == "/information/drop"
}

// crawlBigSite serves a listing of n announcements, ten per page.
func crawlBigSite(t testing.TB, n int) *httptest.Server {
	t.Helper()
	body := strings.Repeat("当社の業務委託先において不正アクセスが発生し、お客様の個人情報が流出した可能性があることが判明しました。", 20)
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nDisallow:\n"))
	})
	mux.HandleFunc("/information/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var id int
		if _, err := fmt.Sscanf(r.URL.Path, "/information/%d.html", &id); err == nil && id >= 0 && id < n {
			fmt.Fprintf(w, `<html><head><title>お知らせ %d</title></head><body><main><h1>個人情報漏えいに関するお知らせ（第%d報）</h1><p>2023年10月25日</p><p>%s</p></main></body></html>`, id, id, body)
			return
		}
		if r.URL.Path != "/information/" {
			http.NotFound(w, r)
			return
		}
		var page int
		fmt.Sscanf(r.URL.Query().Get("page"), "%d", &page)
		fmt.Fprint(w, `<html><head><title>お知らせ一覧</title></head><body><main><h1>お知らせ一覧</h1><ul>`)
		for i := page * 10; i < (page+1)*10 && i < n; i++ {
			fmt.Fprintf(w, `<li><a href="/information/%d.html">お知らせ %d</a></li>`, i, i)
		}
		fmt.Fprint(w, `</ul>`)
		if (page+1)*10 < n {
			fmt.Fprintf(w, `<a href="/information/?page=%d">次へ</a>`, page+1)
		}
		fmt.Fprint(w, `</main></body></html>`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestCrawlCancelAndResume(t *testing.T) {
	const n = 40
	srv := crawlBigSite(t, n)
	sink := newCrawlMemSink()
	frontier := NewMemoryFrontier()
	c, err := New(sink, crawlFastOptions(WithFrontier(frontier))...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	sink.onPage = func(k int) {
		if k == 12 {
			cancel()
		}
	}
	st1, err := c.Run(ctx, []string{srv.URL + "/information/"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("first run: err = %v, want context.Canceled", err)
	}
	if st1.Fetched < 12 || st1.Fetched >= n+n/10 {
		t.Fatalf("first run fetched %d pages", st1.Fetched)
	}
	if st1.Queued == 0 {
		t.Fatalf("first run left nothing queued: %+v", st1)
	}
	sink.onPage = nil
	st2, err := c.Run(context.Background(), []string{srv.URL + "/information/"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first %+v; second %+v", st1, st2)
	for i := 0; i < n; i++ {
		k, _ := Canonical(fmt.Sprintf("%s/information/%d.html", srv.URL, i))
		if c := sink.pageCalls[k]; c != 1 {
			t.Errorf("page %d stored %d times, want once", i, c)
		}
	}
	for k, c := range sink.pageCalls {
		if c != 1 {
			t.Errorf("%s stored %d times", k, c)
		}
	}
	if len(sink.docs) != n { // the listing pages have no text of their own
		t.Errorf("%d documents, want %d", len(sink.docs), n)
	}
	if nav := st1.Navigational + st2.Navigational; nav != n/10 {
		t.Errorf("%d listing pages, want %d", nav, n/10)
	}
	if st2.Queued != 0 {
		t.Errorf("queue not empty after the second run: %d", st2.Queued)
	}
}

func TestCrawlMaxPagesAndDepth(t *testing.T) {
	srv := crawlBigSite(t, 30)
	sink := newCrawlMemSink()
	c, err := New(sink, crawlFastOptions(WithMaxPages(5))...)
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.Run(context.Background(), []string{srv.URL + "/information/"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Done() != 5 || st.Queued == 0 {
		t.Errorf("max pages 5: %+v", st)
	}

	// Depth 1: the listing's pages (pagination does not count) and the
	// announcements they link to.
	sink = newCrawlMemSink()
	c, _ = New(sink, crawlFastOptions(WithMaxDepth(1))...)
	if _, err := c.Run(context.Background(), []string{srv.URL + "/information/"}); err != nil {
		t.Fatal(err)
	}
	if len(sink.docs) != 30 {
		t.Errorf("max depth 1: %d documents, want 30: %v", len(sink.docs), sink.keys())
	}
}

func TestCrawlRefusesPrivateRedirectTarget(t *testing.T) {
	// A seed on a public-looking name is not possible offline; instead the
	// guard is checked without the seed exemption: a crawl whose seed is
	// loopback may not reach another loopback port.
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("private server reached: %s", r.URL)
	}))
	defer other.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/information/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><body><main><h1>お知らせ</h1><p>当社のお知らせです。</p><a href="/information/go">移動</a></main></body></html>`)
	})
	mux.HandleFunc("/information/go", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/information/secret.html", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	sink := newCrawlMemSink()
	c, _ := New(sink, crawlFastOptions()...)
	st, err := c.Run(context.Background(), []string{srv.URL + "/information/"})
	if err != nil {
		t.Fatal(err)
	}
	k, _ := Canonical(srv.URL + "/information/go")
	if err := sink.failed[k]; !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("redirect to another loopback port: %v, want ErrBlockedAddress", err)
	}
	if st.Refused != 1 {
		t.Errorf("Refused = %d, want 1", st.Refused)
	}

	// With WithAllowPrivate the same redirect is followed.
	sink = newCrawlMemSink()
	c, _ = New(sink, crawlFastOptions(WithAllowPrivate())...)
	var reached bool
	other.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached = true
		http.NotFound(w, r)
	})
	if _, err := c.Run(context.Background(), []string{srv.URL + "/information/"}); err != nil {
		t.Fatal(err)
	}
	if !reached {
		t.Error("WithAllowPrivate: redirect target not reached")
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	sink := newCrawlMemSink()
	for name, opt := range map[string]Option{
		"delay":    WithDelay(-time.Second),
		"parallel": WithParallel(0),
		"depth":    WithMaxDepth(-1),
		"pages":    WithMaxPages(-1),
		"scope":    WithScope("everything"),
		"frontier": WithFrontier(nil),
		"logger":   WithCrawlLogger(nil),
	} {
		if _, err := New(sink, opt); err == nil {
			t.Errorf("%s: New accepted a bad option", name)
		}
	}
	if _, err := New(nil); err == nil {
		t.Error("New accepted a nil sink")
	}
	c, _ := New(sink)
	if _, err := c.Run(context.Background(), []string{"ftp://example.jp/"}); !errors.Is(err, page.ErrBadURL) {
		t.Errorf("bad seed: %v", err)
	}
}
