package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kohyo-dev/kohyo/crawler/page"
)

// hostileSite is an httptest server of hand-written handlers that counts
// the requests per path (query included) and the body bytes it sent.
type hostileSite struct {
	srv  *httptest.Server
	mu   sync.Mutex
	hits map[string]int
	sent atomic.Int64
}

func newHostileSite(t *testing.T, routes map[string]http.HandlerFunc) *hostileSite {
	t.Helper()
	s := &hostileSite{hits: map[string]int{}}
	mux := http.NewServeMux()
	for p, h := range routes {
		mux.HandleFunc(p, h)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.RequestURI()]++
		s.mu.Unlock()
		mux.ServeHTTP(countingWriter{w, &s.sent}, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *hostileSite) url(p string) string { return s.srv.URL + p }

func (s *hostileSite) requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.hits {
		n += c
	}
	return n
}

type countingWriter struct {
	http.ResponseWriter
	n *atomic.Int64
}

func (w countingWriter) Write(b []byte) (int, error) {
	w.n.Add(int64(len(b)))
	return w.ResponseWriter.Write(b)
}

func htmlPage(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, body)
}

func gzipped(t testing.TB, write func(w *gzip.Writer)) []byte {
	t.Helper()
	var b bytes.Buffer
	z, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	write(z)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A gzip'd sitemap named in robots.txt, served as application/x-gzip
// without a Content-Encoding, is inflated by the crawler's transport and
// read only up to the body cap: a bomb of 64 MiB inflated is read for its
// first MiB, and the entries there are followed.
func TestCrawlGzipSitemapCappedAfterInflating(t *testing.T) {
	const capBytes = 1 << 20
	var bomb []byte
	var site *hostileSite
	site = newHostileSite(t, map[string]http.HandlerFunc{
		"/robots.txt": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "User-agent: *\nSitemap: %s\n", site.url("/sitemap.xml.gz"))
		},
		"/sitemap.xml.gz": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/x-gzip")
			w.Write(bomb)
		},
		"/information/": func(w http.ResponseWriter, r *http.Request) {
			htmlPage(w, crawlNotice("お知らせ", "2024年1月5日", "サーバーの保守を行います。"))
		},
	})
	bomb = gzipped(t, func(z *gzip.Writer) {
		fmt.Fprintf(z, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		fmt.Fprintf(z, `<url><loc>%s</loc></url>`, site.url("/information/a.html"))
		pad := bytes.Repeat([]byte("<!-- padding padding padding padding -->\n"), 1024)
		for range (64 << 20) / len(pad) {
			z.Write(pad)
		}
		fmt.Fprintf(z, `<url><loc>%s</loc></url></urlset>`, site.url("/information/after-the-cap.html"))
	})
	sink := newCrawlMemSink()
	c, err := New(sink, crawlFastOptions(WithFetcherOptions(WithMaxBodySize(capBytes)))...)
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := c.Run(context.Background(), []string{site.url("/information/")}); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	// Inflating the whole sitemap allocates 64 MiB and more; reading its
	// first MiB, a few MiB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("the crawl allocated %d MiB for a 1 MiB cap", alloc>>20)
	}
	site.mu.Lock()
	defer site.mu.Unlock()
	if site.hits["/sitemap.xml.gz"] != 1 {
		t.Errorf("sitemap fetched %d times", site.hits["/sitemap.xml.gz"])
	}
	if site.hits["/information/after-the-cap.html"] != 0 {
		t.Error("an entry after the cap was read")
	}
	if site.hits["/information/a.html"] != 1 {
		t.Error("the sitemap's first entry was not followed")
	}
}

// failingSink stores the first pages, then fails every Page as a full
// disk would.
type failingSink struct {
	*crawlMemSink
	okPages int
	calls   atomic.Int32
}

func (s *failingSink) Page(ctx context.Context, doc *page.Document) error {
	if int(s.calls.Add(1)) > s.okPages {
		return errors.New("database or disk is full")
	}
	return s.crawlMemSink.Page(ctx, doc)
}

// A storage error stops the crawl: Run returns an error wrapping
// ErrStorage and the sink's error, starts nothing new, and the pages not
// stored stay queued for the next run.
func TestCrawlStopsOnStorageError(t *testing.T) {
	site := newHostileSite(t, map[string]http.HandlerFunc{
		"/information/": func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/information/" {
				var b strings.Builder
				for i := range 40 {
					fmt.Fprintf(&b, `<a href="/information/%d.html">お知らせ%d</a>`, i, i)
				}
				htmlPage(w, `<html><body><h1>お知らせ一覧</h1>`+b.String()+`</body></html>`)
				return
			}
			htmlPage(w, crawlNotice("お知らせ", "2024年1月5日", "サーバーの保守を行います。"))
		},
	})
	sink := &failingSink{crawlMemSink: newCrawlMemSink(), okPages: 3}
	front := NewMemoryFrontier()
	c, err := New(sink, crawlFastOptions(WithFrontier(front), WithIgnoreRobots())...)
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.Run(context.Background(), []string{site.url("/information/")})
	if !errors.Is(err, ErrStorage) || !strings.Contains(err.Error(), "disk is full") {
		t.Fatalf("Run error %v, want one wrapping ErrStorage and the sink's error", err)
	}
	t.Logf("stats %+v; %d requests", st, site.requests())
	if got := site.requests(); got > 20 {
		t.Errorf("%d requests after storage failed at the 4th page", got)
	}
	if n, _ := front.QueueSize(); n < 40-20 {
		t.Errorf("%d requests queued for the next run", n)
	}
	if len(sink.failed) != 0 {
		t.Errorf("pages not stored were recorded as failed: %v", sink.failed)
	}
}

// Cancelling a crawl ends it within the grace period even when a server
// never answers: the request is cut and given back, not recorded as a
// failed page.
func TestCrawlCancelCutsHungRequests(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	started := make(chan struct{}, 1)
	site := newHostileSite(t, map[string]http.HandlerFunc{
		"/information/": func(w http.ResponseWriter, r *http.Request) {
			select {
			case started <- struct{}{}:
			default:
			}
			<-release // hangs until the test is over
		},
	})
	sink := newCrawlMemSink()
	front := NewMemoryFrontier()
	c, err := New(sink, append(crawlFastOptions(WithFrontier(front), WithIgnoreRobots()),
		WithFetcherOptions(WithTimeout(time.Hour)))...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	_, err = c.Run(ctx, []string{site.url("/information/")})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error %v, want context.Canceled", err)
	}
	if len(sink.failed) != 0 {
		t.Errorf("the cut request was recorded as failed: %v", sink.failed)
	}
	if n, _ := front.QueueSize(); n == 0 {
		t.Error("the cut request was not given back to the frontier")
	}
}

// Endless URL spaces a site's own links lead into end at the trap limits,
// and each hit is counted by kind. Without the limits each of these sites
// would be crawled until the page budget of 300 (the safety net here).
func TestCrawlTraps(t *testing.T) {
	notice := func(w http.ResponseWriter, links ...string) {
		htmlPage(w, crawlNotice("イベントのお知らせ", "2024年1月5日", "市民講座を開催します。", links...))
	}
	tests := []struct {
		name    string
		seed    string
		handler http.HandlerFunc
		opts    []Option
		max     int // requests at most (robots.txt included)
		trap    func(TrapCounts) int
	}{
		{"endless calendar (次の月 and 前の月)", "/event/calendar.php?ym=202401", func(w http.ResponseWriter, r *http.Request) {
			ym, _ := strconv.Atoi(r.URL.Query().Get("ym"))
			y, m := ym/100, ym%100
			next, prev := y*100+m+1, y*100+m-1
			if m == 12 {
				next = (y+1)*100 + 1
			}
			if m == 1 {
				prev = (y-1)*100 + 12
			}
			notice(w, fmt.Sprintf(`<a href="?ym=%d">次の月</a>`, next), fmt.Sprintf(`<a href="?ym=%d">前の月</a>`, prev))
		}, nil, 60, func(c TrapCounts) int { return c.Calendar }},
		{"endless pager (次へ)", "/news/?page=1", func(w http.ResponseWriter, r *http.Request) {
			n, _ := strconv.Atoi(r.URL.Query().Get("page"))
			notice(w, fmt.Sprintf(`<a href="?page=%d">次へ</a>`, n+1))
		}, []Option{WithTrapLimits(TrapLimits{MaxQueryVariants: 1000, MaxPagerDepth: 10, MaxCalendarDepth: 24, MaxPathRepeat: 3})}, 15, func(c TrapCounts) int { return c.PagerDepth }},
		{"session ids in every link", "/info/", func(w http.ResponseWriter, r *http.Request) {
			notice(w, fmt.Sprintf(`<a href="/info/list.jsp;jsessionid=%d">一覧</a>`, time.Now().UnixNano()),
				fmt.Sprintf(`<a href="/info/detail.php?id=1&PHPSESSID=%d">詳細</a>`, time.Now().UnixNano()))
		}, nil, 8, nil},
		{"relative links stacking segments", "/info/", func(w http.ResponseWriter, r *http.Request) {
			notice(w, `<a href="sub/">下へ</a>`, `<a href="info/">同じ</a>`)
		}, nil, 40, func(c TrapCounts) int { return c.RepeatingPath }},
		{"endless query space", "/info/search.php?q=1", func(w http.ResponseWriter, r *http.Request) {
			n, _ := strconv.Atoi(r.URL.Query().Get("q"))
			notice(w, fmt.Sprintf(`<a href="search.php?q=%d">もっと</a>`, n+1), fmt.Sprintf(`<a href="search.php?q=%d&amp;s=1">並べ替え</a>`, n+1))
		}, []Option{WithTrapLimits(TrapLimits{MaxQueryVariants: 20, MaxPagerDepth: 100, MaxCalendarDepth: 24, MaxPathRepeat: 3})}, 25, func(c TrapCounts) int { return c.QueryVariants }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := newHostileSite(t, map[string]http.HandlerFunc{"/": tt.handler})
			sink := newCrawlMemSink()
			opts := append(crawlFastOptions(WithMaxPages(300), WithIgnoreRobots()), tt.opts...)
			c, err := New(sink, opts...)
			if err != nil {
				t.Fatal(err)
			}
			st, err := c.Run(context.Background(), []string{site.url(tt.seed)})
			if err != nil {
				t.Fatal(err)
			}
			n := site.requests()
			site.mu.Lock()
			t.Logf("%d requests, traps %+v: %v", n, st.Traps, site.hits)
			site.mu.Unlock()
			if got := site.requests(); got > tt.max {
				t.Errorf("%d requests, want at most %d", got, tt.max)
			}
			if tt.trap != nil && tt.trap(st.Traps) == 0 {
				t.Errorf("no trap counted: %+v", st.Traps)
			}
		})
	}
}

// Pages filed under their month (/news/2019/05/123.html) are not calendar
// pages, and a calendar chain starts again from a listing: a deep pager
// still reaches its articles.
func TestTrapChains(t *testing.T) {
	parse := func(s string) *url.URL { u, _ := url.Parse(s); return u }
	if _, cal := calendarYear(parse("https://h.jp/news/2019/05/123.html"), false); cal {
		t.Error("an article filed under its month read as a calendar page")
	}
	for _, s := range []string{"https://h.jp/event/2024/01/", "https://h.jp/event/2024/01/15/", "https://h.jp/event/cal.php?ym=202401"} {
		if _, cal := calendarYear(parse(s), false); !cal {
			t.Errorf("%s not read as a calendar page", s)
		}
	}
	pager := &crawlItem{url: "https://h.jp/news/?page=40", listing: true, pager: 40}
	if d := chainDepth(pager, parse("https://h.jp/event/2024/01/"), false); d != 1 {
		t.Errorf("a calendar page linked from page 40 of a listing: depth %d, want 1", d)
	}
	if d := chainDepth(pager, parse("https://h.jp/news/?page=41"), true); d != 41 {
		t.Errorf("page 41 after page 40: depth %d, want 41", d)
	}
	cal := &crawlItem{url: "https://h.jp/event/cal.php?ym=202401", pager: 7}
	if d := chainDepth(cal, parse("https://h.jp/event/cal.php?ym=202402"), true); d != 8 {
		t.Errorf("next month: depth %d, want 8", d)
	}
	if d := chainDepth(cal, parse("https://h.jp/news/2019/05/123.html"), false); d != 0 {
		t.Errorf("an article: depth %d, want 0", d)
	}
}
