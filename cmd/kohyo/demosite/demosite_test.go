package demosite

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/temoto/robotstxt"
	"golang.org/x/net/html"
	"golang.org/x/text/encoding/htmlindex"
)

func get(t *testing.T, h http.Handler, target string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// decodeAs decodes b from the named charset into UTF-8.
func decodeAs(t *testing.T, b []byte, charset string) string {
	t.Helper()
	enc, err := htmlindex.Get(charset)
	if err != nil {
		t.Fatalf("charset %q: %v", charset, err)
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		t.Fatalf("decode %s: %v", charset, err)
	}
	return string(out)
}

func TestSiteBuilds(t *testing.T) {
	if _, err := loadSite(); err != nil {
		t.Fatal(err)
	}
	if len(Announcements) < 12 {
		t.Errorf("%d announcements, want at least 12", len(Announcements))
	}
	seen := map[string]bool{}
	count := map[string]int{}
	for _, p := range Announcements {
		if seen[p.Path] {
			t.Errorf("duplicate path %s", p.Path)
		}
		seen[p.Path] = true
		count[p.Charset]++
		if p.IsIncident != (p.Victim != "") {
			t.Errorf("%s: IsIncident %v but Victim %q", p.Path, p.IsIncident, p.Victim)
		}
	}
	if count[ShiftJIS] < 3 || count[EUCJP] < 1 || count[""] != 1 {
		t.Errorf("charsets %v: want ≥3 Shift_JIS, ≥1 EUC-JP, 1 PDF", count)
	}
}

func TestAnnouncementsServe(t *testing.T) {
	h := Handler()
	s, _ := loadSite()
	for _, p := range Announcements {
		t.Run(p.Path, func(t *testing.T) {
			rec := get(t, h, p.Path)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			mt, params, err := mime.ParseMediaType(rec.Header().Get("Content-Type"))
			if err != nil {
				t.Fatal(err)
			}
			if mt != p.ContentType {
				t.Errorf("media type %q, want %q", mt, p.ContentType)
			}
			body := rec.Body.Bytes()
			if p.ContentType == "application/pdf" {
				if !bytes.HasPrefix(body, []byte("%PDF-")) {
					t.Errorf("not a PDF: %q", body[:min(len(body), 16)])
				}
				return
			}
			if got := params["charset"]; p.HeaderCharset && got != p.Charset {
				t.Errorf("header charset %q, want %q", got, p.Charset)
			} else if !p.HeaderCharset && got != "" {
				t.Errorf("header charset %q, want none", got)
			}
			// The page declares its charset itself too (ASCII, so readable
			// in the raw bytes whatever the encoding).
			head := strings.ToLower(string(body[:min(len(body), 1024)]))
			if !strings.Contains(head, "charset="+strings.ToLower(p.Charset)) &&
				!strings.Contains(head, `charset="`+strings.ToLower(p.Charset)+`"`) {
				t.Errorf("no in-page charset declaration for %s", p.Charset)
			}
			if p.Charset != UTF8 && utf8.Valid(body) {
				t.Errorf("%s page is valid UTF-8: not encoded", p.Charset)
			}
			text := decodeAs(t, body, p.Charset)
			if text != s.res[p.Path].source {
				t.Errorf("decoded page differs from its source")
			}
			if !strings.Contains(text, p.Title) {
				t.Errorf("title %q not in page", p.Title)
			}
			if has := strings.Contains(text, `property="article:published_time"`); has != p.MetaPublished {
				t.Errorf("article:published_time present = %v, want %v", has, p.MetaPublished)
			}
			if p.MetaPublished && !strings.Contains(text, `content="`+p.Published+"T") {
				t.Errorf("article:published_time is not %s", p.Published)
			}
		})
	}
}

// TestRoundTrip checks phrases of the non-UTF-8 pages after decoding, so
// that an encoder that silently substituted characters would be caught.
func TestRoundTrip(t *testing.T) {
	h := Handler()
	tests := []struct {
		path, charset string
		want          []string
	}{
		{"/information/2023/0825.html", ShiftJIS, []string{"ランサムウェアグループ「BlackCat」（別名：ALPHV）", "（合計約6万件）", "氏名、住所、電話番号、メールアドレス", "学歴", "人事情報", "9時00分～18時00分"}},
		{"/information/2023/0912.html", ShiftJIS, []string{"令和5年9月12日", "二百十四名分", "「BCC」欄", "１．経緯"}},
		{"/information/2023/1215.html", ShiftJIS, []string{"令和5年12月29日（金）～令和6年1月4日（木）"}},
		{"/information/2024/0208.html", ShiftJIS, []string{"Emotet（エモテット）に感染", "約3,400件", "パスワード付きZIPファイル"}},
		{"/information/2023/1020.html", EUCJP, []string{"USBメモリ1個", "312名分", "紛失する事案"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(t, h, tt.path)
			text := decodeAs(t, rec.Body.Bytes(), tt.charset)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("decoded page lacks %q", w)
				}
			}
			if strings.ContainsRune(text, utf8.RuneError) || strings.Contains(text, "&#") {
				t.Errorf("decoded page has replacement characters or numeric references")
			}
		})
	}
}

// links returns the link targets (href, src) of an HTML page.
func links(t *testing.T, page string) []string {
	t.Helper()
	var out []string
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatalf("parse: %v", z.Err())
			}
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			for {
				k, v, more := z.TagAttr()
				if string(k) == "href" || string(k) == "src" {
					out = append(out, string(v))
				}
				if !more {
					break
				}
			}
		}
	}
}

// crawl visits every page reachable from start on the site and returns the
// set of paths (with query) fetched. Every link must resolve.
func crawl(t *testing.T, h http.Handler, start string) map[string]bool {
	t.Helper()
	base, _ := url.Parse("http://demo.test/")
	seen := map[string]bool{start: true}
	queue := []string{start}
	for len(queue) > 0 {
		target := queue[0]
		queue = queue[1:]
		rec := get(t, h, target)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: status %d", target, rec.Code)
			continue
		}
		mt, params, _ := mime.ParseMediaType(rec.Header().Get("Content-Type"))
		if mt != "text/html" {
			continue
		}
		cs := params["charset"]
		if cs == "" {
			cs = charsetOf(target)
		}
		for _, l := range links(t, decodeAs(t, rec.Body.Bytes(), cs)) {
			u, err := base.Parse(l)
			if err != nil {
				t.Errorf("%s: bad link %q: %v", target, l, err)
				continue
			}
			if u.Host != base.Host {
				continue // the DTD's w3.org address
			}
			u.Fragment = ""
			p := u.RequestURI()
			if !seen[p] {
				seen[p] = true
				queue = append(queue, p)
			}
		}
	}
	return seen
}

func charsetOf(path string) string {
	for _, p := range append(append([]Page(nil), Announcements...), internalPage) {
		if p.Path == path {
			return p.Charset
		}
	}
	return UTF8
}

func TestLinksResolve(t *testing.T) {
	h := Handler()
	seen := crawl(t, h, "/")
	for _, p := range Announcements {
		if !seen[p.Path] {
			t.Errorf("announcement %s not reachable from /", p.Path)
		}
	}
	for _, want := range []string{"/information/?page=2", "/information/page/2/", "/information/2023/", "/information/2024/", Disallowed[0]} {
		if !seen[want] {
			t.Errorf("%s not linked", want)
		}
	}
}

func TestListing(t *testing.T) {
	h := Handler()
	p2 := get(t, h, "/information/page/2/")
	if p2.Code != http.StatusOK {
		t.Fatalf("page 2: status %d", p2.Code)
	}
	for _, alias := range []string{"/information/?page=2", "/information/?page=2&utm_source=x", "/information/page/2/index.html"} {
		if rec := get(t, h, alias); !bytes.Equal(rec.Body.Bytes(), p2.Body.Bytes()) {
			t.Errorf("%s differs from /information/page/2/", alias)
		}
	}
	p1 := get(t, h, "/information/")
	for _, alias := range []string{"/information/index.html", "/information/?page=1"} {
		if rec := get(t, h, alias); !bytes.Equal(rec.Body.Bytes(), p1.Body.Bytes()) {
			t.Errorf("%s differs from /information/", alias)
		}
	}
	if !strings.Contains(p1.Body.String(), ">次へ</a>") {
		t.Error("page 1 has no 次へ link")
	}
	for _, bad := range []string{"/information/?page=9", "/information/?page=x", "/no/such/page.html"} {
		if rec := get(t, h, bad); rec.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", bad, rec.Code)
		}
	}
	// Page 1 lists the newest pageSize announcements, page 2 the rest.
	for i, p := range Announcements {
		on := p1
		if i >= pageSize {
			on = p2
		}
		if !strings.Contains(on.Body.String(), `href="`+p.Path+`"`) {
			t.Errorf("%s not on listing page %d", p.Path, i/pageSize+1)
		}
	}
}

func TestRobots(t *testing.T) {
	rec := get(t, Handler(), "/robots.txt")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if strings.Contains(strings.ToLower(rec.Body.String()), "crawl-delay") {
		t.Error("robots.txt sets a Crawl-delay")
	}
	robots, err := robotstxt.FromBytes(rec.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Disallowed {
		if robots.TestAgent(p, "kohyo") {
			t.Errorf("%s allowed by robots.txt", p)
		}
	}
	for _, p := range Announcements {
		if !robots.TestAgent(p.Path, "kohyo") {
			t.Errorf("%s disallowed by robots.txt", p.Path)
		}
	}
	if len(robots.Sitemaps) != 1 || robots.Sitemaps[0] != "http://example.com/sitemap.xml" {
		t.Errorf("sitemaps %v", robots.Sitemaps)
	}
	// The disallowed page exists: only robots.txt keeps a crawler out.
	if rec := get(t, Handler(), Disallowed[0]); rec.Code != http.StatusOK {
		t.Errorf("%s: status %d", Disallowed[0], rec.Code)
	}
}

func TestFeedAndSitemap(t *testing.T) {
	h := Handler()
	var feed rss
	rec := get(t, h, "/information/feed.xml")
	if err := xml.Unmarshal(rec.Body.Bytes(), &feed); err != nil {
		t.Fatalf("feed: %v", err)
	}
	var sm urlset
	rec = get(t, h, "/sitemap.xml")
	if err := xml.Unmarshal(rec.Body.Bytes(), &sm); err != nil {
		t.Fatalf("sitemap: %v", err)
	}
	inFeed, inSitemap := map[string]bool{}, map[string]bool{}
	for _, it := range feed.Channel.Items {
		u, err := url.Parse(it.Link)
		if err != nil || u.Host != "example.com" {
			t.Errorf("feed link %q", it.Link)
			continue
		}
		inFeed[u.Path] = true
	}
	for _, u := range sm.URLs {
		inSitemap[strings.TrimPrefix(u.Loc, "http://example.com")] = true
	}
	for _, p := range Announcements {
		if !inFeed[p.Path] {
			t.Errorf("%s not in feed", p.Path)
		}
		if !inSitemap[p.Path] {
			t.Errorf("%s not in sitemap", p.Path)
		}
	}
	if inSitemap[Disallowed[0]] {
		t.Errorf("sitemap lists the disallowed page")
	}
}

func TestConditionalRequests(t *testing.T) {
	h := Handler()
	for _, p := range []string{Announcements[0].Path, "/information/2023/0825.html", "/information/pdf/20231027_report.pdf", "/information/"} {
		first := get(t, h, p)
		etag, lm := first.Header().Get("ETag"), first.Header().Get("Last-Modified")
		if etag == "" || lm == "" {
			t.Errorf("%s: ETag %q Last-Modified %q", p, etag, lm)
			continue
		}
		if rec := get(t, h, p, "If-None-Match", etag); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
			t.Errorf("%s If-None-Match: status %d, %d bytes", p, rec.Code, rec.Body.Len())
		}
		if rec := get(t, h, p, "If-Modified-Since", lm); rec.Code != http.StatusNotModified {
			t.Errorf("%s If-Modified-Since: status %d", p, rec.Code)
		}
	}
}

func TestStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, stop, err := Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Errorf("base URL %q", base)
	}
	resp, err := http.Get(base + "/robots.txt")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "Sitemap: "+base+"/sitemap.xml") {
		t.Errorf("robots.txt names no sitemap at %s:\n%s", base, body)
	}
	stop()
	stop() // idempotent
	if resp, err := http.Get(base + "/"); err == nil {
		resp.Body.Close()
		t.Error("server still answers after stop")
	}

	// Cancelling the context stops the server too.
	ctx2, cancel2 := context.WithCancel(context.Background())
	base2, stop2, err := Start(ctx2)
	if err != nil {
		t.Fatal(err)
	}
	cancel2()
	stop2() // waits for the shutdown started by cancel2
	if resp, err := http.Get(base2 + "/"); err == nil {
		resp.Body.Close()
		t.Error("server still answers after its context is done")
	}
}

func TestMethodNotAllowed(t *testing.T) {
	req := httptest.NewRequest(http.MethodPost, "/information/", nil)
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", rec.Code)
	}
}

func TestNewsOutlet(t *testing.T) {
	srv := httptest.NewServer(NewsHandler())
	defer srv.Close()
	paths := []string{"/", "/news/", "/about/", "/robots.txt"}
	for _, a := range NewsArticles {
		paths = append(paths, a.Path)
	}
	for _, p := range paths {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || len(body) == 0 {
			t.Errorf("%s: status %d", p, resp.StatusCode)
		}
		if strings.HasPrefix(p, "/news/20") && !strings.Contains(string(body), `og:site_name" content="`+NewsOutlet) {
			t.Errorf("%s: no og:site_name", p)
		}
	}
	if resp, err := http.Get(srv.URL + "/nope"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown path: %v %v", resp, err)
	}
	base, stop, err := StartNews(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if !strings.HasPrefix(base, "http://127.0.0.2:") && !strings.HasPrefix(base, "http://localhost:") {
		t.Errorf("news base %s is not a second loopback host", base)
	}
}
