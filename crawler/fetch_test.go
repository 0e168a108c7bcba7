package crawler

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kohyo-dev/kohyo/crawler/page"
)

func TestFetchErrors(t *testing.T) {
	site := newTestSite(t)
	f := testFetcher(t, WithMaxBodySize(1<<20))
	tests := []struct {
		name, path string
		want       error
		kind       page.ErrorKind
		status     int
	}{
		{"404", "/404", page.ErrHTTPStatus, page.KindHTTPStatus, 404},
		{"500 after retries", "/500", page.ErrHTTPStatus, page.KindHTTPStatus, 500},
		{"503 asks too long a wait", "/503-long", page.ErrHTTPStatus, page.KindHTTPStatus, 503},
		{"redirect loop", "/loop/a", page.ErrRedirectLoop, page.KindRedirectLoop, 0},
		{"too many redirects", "/chain/0", page.ErrTooManyRedirects, page.KindTooManyRedirects, 0},
		{"server stops before headers", "/slow/headers.html", page.ErrTimeout, page.KindTimeout, 0},
		{"server stops mid-body", "/slow/body.html", page.ErrTimeout, page.KindTimeout, 0},
		{"pdf over the cap", "/pdf/big.pdf", page.ErrTooLarge, page.KindTooLarge, 200},
		{"image", "/image.png", page.ErrUnsupportedType, page.KindUnsupportedType, 200},
		{"empty body", "/empty.html", page.ErrEmpty, page.KindEmpty, 200},
		{"english page", "/en/notice.html", page.ErrNotJapanese, page.KindNotJapanese, 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.Fetch(context.Background(), site.URL+tc.path)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var fe *page.Error
			if !errors.As(err, &fe) || fe.Kind != tc.kind || fe.Status != tc.status {
				t.Fatalf("err = %#v, want kind %s status %d", err, tc.kind, tc.status)
			}
			if page.KindOf(err) != tc.kind {
				t.Errorf("KindOf = %s, want %s", page.KindOf(err), tc.kind)
			}
		})
	}
	if n := site.hitsOf("/500"); n != 3 {
		t.Errorf("/500 requested %d times, want 3 (2 retries)", n)
	}
	if n := site.hitsOf("/404"); n != 1 {
		t.Errorf("/404 requested %d times, want 1 (no retry)", n)
	}
	if n := site.hitsOf("/503-long"); n != 1 {
		t.Errorf("/503 with Retry-After 120 requested %d times, want 1", n)
	}
}

func TestFetchRetryAfter(t *testing.T) {
	site := newTestSite(t)
	f := testFetcher(t)
	start := time.Now()
	doc, err := f.Fetch(context.Background(), site.URL+"/flaky/503-retry-after.html")
	if err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 900*time.Millisecond {
		t.Errorf("retried after %v, want Retry-After's 1s honoured", waited)
	}
	if doc.Title == "" || site.hitsOf("/flaky/503-retry-after.html") != 2 {
		t.Errorf("title %q after %d requests", doc.Title, site.hitsOf("/flaky/503-retry-after.html"))
	}
	if _, err := f.Fetch(context.Background(), site.URL+"/flaky/429.html"); err != nil {
		t.Fatalf("429 twice then 200: %v", err)
	}
	if n := site.hitsOf("/flaky/429.html"); n != 3 {
		t.Errorf("429 page requested %d times, want 3", n)
	}
}

func TestFetchRetryWaitCanceled(t *testing.T) {
	site := newTestSite(t)
	f := testFetcher(t, WithRetries(3, time.Hour), WithMaxRetryWait(time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := f.Fetch(ctx, site.URL+"/500")
	if !errors.Is(err, page.ErrCanceled) && !errors.Is(err, page.ErrTimeout) {
		t.Fatalf("err = %v, want canceled", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Error("backoff wait ignored the context")
	}
}

func TestFetchRedirectAndHeaders(t *testing.T) {
	site := newTestSite(t)
	f := testFetcher(t)
	doc, err := f.Fetch(context.Background(), site.URL+"/redirect/a")
	if err != nil {
		t.Fatal(err)
	}
	if doc.URL != site.URL+"/redirect/a" || doc.FinalURL != site.URL+"/information/20231025.html" || doc.Status != 200 {
		t.Errorf("url %s final %s status %d", doc.URL, doc.FinalURL, doc.Status)
	}
	if len(doc.Links) == 0 || doc.SHA256 == "" || doc.FetchedAt.IsZero() {
		t.Errorf("links %d sha %q fetched %v", len(doc.Links), doc.SHA256, doc.FetchedAt)
	}
	doc, err = f.Fetch(context.Background(), site.URL+"/support/outage.html")
	if err != nil {
		t.Fatal(err)
	}
	if doc.ETag != `"v1"` || doc.LastModified == "" {
		t.Errorf("etag %q last-modified %q", doc.ETag, doc.LastModified)
	}
}

func TestFetchUserAgent(t *testing.T) {
	site := newTestSite(t)
	for _, tc := range []struct {
		opts []FetcherOption
		want string
	}{
		{nil, DefaultUserAgent},
		{[]FetcherOption{WithUserAgent("kohyo-test (+https://example.org/contact)")}, "kohyo-test (+https://example.org/contact)"},
	} {
		doc, err := testFetcher(t, tc.opts...).Fetch(context.Background(), site.URL+"/ua-echo")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(doc.Text, tc.want) {
			t.Errorf("server saw %q, want %q", doc.Text, tc.want)
		}
	}
	if !strings.Contains(DefaultUserAgent, "https://") {
		t.Error("default user agent names no contact URL")
	}
}

func TestFetchTruncated(t *testing.T) {
	site := newTestSite(t)
	f := testFetcher(t, WithMaxBodySize(1<<20), WithTimeout(5*time.Second))
	doc, err := f.Fetch(context.Background(), site.URL+"/big.html")
	if err != nil {
		t.Fatal(err)
	}
	if !doc.Truncated || len(doc.Warnings) == 0 || doc.Title != "大きなお知らせ" {
		t.Errorf("truncated %v warnings %v title %q", doc.Truncated, doc.Warnings, doc.Title)
	}
}

func TestFetchLocalFiles(t *testing.T) {
	f := testFetcher(t)
	for _, tc := range []struct{ arg, title string }{
		{"page/testdata/pages/heavy_nav.html", "当社サーバーへの不正アクセスについて（第1報）"},
		{"internal/pdftext/testdata/notice.pdf", "不正アクセスによる個人情報漏えいのお知らせ"},
	} {
		doc, err := f.Fetch(context.Background(), tc.arg)
		if err != nil {
			t.Fatalf("%s: %v", tc.arg, err)
		}
		if doc.Title != tc.title || !strings.HasPrefix(doc.FinalURL, "file:///") {
			t.Errorf("%s: title %q final %q", tc.arg, doc.Title, doc.FinalURL)
		}
		abs := strings.TrimPrefix(doc.FinalURL, "file://")
		if d2, err := f.Fetch(context.Background(), "file://"+abs); err != nil || d2.Text != doc.Text {
			t.Errorf("file:// form: %v", err)
		}
	}
	for _, tc := range []struct {
		arg  string
		want error
	}{
		{"testdata/missing.html", page.ErrFile},
		{"internal/pdftext/testdata/pdfgen/main.go", page.ErrUnsupportedType},
		{"ftp://example.org/x.html", page.ErrBadURL},
	} {
		if _, err := f.Fetch(context.Background(), tc.arg); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.arg, err, tc.want)
		}
	}
}

func TestParseStatus(t *testing.T) {
	doc, err := page.Parse("http://a.example/x", "", http.StatusGone, nil, []byte("<p>消えました</p>"))
	if !errors.Is(err, page.ErrHTTPStatus) || doc == nil || doc.FinalURL != "http://a.example/x" {
		t.Fatalf("doc %+v err %v", doc, err)
	}
}

func TestRetryAfterParse(t *testing.T) {
	now := time.Date(2023, 10, 25, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"":                              0,
		"3":                             3 * time.Second,
		"-1":                            0,
		"Wed, 25 Oct 2023 00:00:10 GMT": 10 * time.Second,
		"soon":                          0,
	} {
		if got := retryAfter(in, now); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}
