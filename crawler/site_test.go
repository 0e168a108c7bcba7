package crawler

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/width"

	"github.com/kohyo-dev/kohyo/crawler/internal/testpages"
)

// readFixture returns a page fixture with {{CHARSET}} replaced.
func readFixture(t testing.TB, name, charset string) string {
	t.Helper()
	return testpages.Read(t, filepath.Join("page", "testdata", "pages"), name, charset)
}

func encodeWith(t testing.TB, enc encoding.Encoding, s string) []byte {
	t.Helper()
	return testpages.Encode(t, enc, s)
}

var metaLineRE = regexp.MustCompile(`(?m)^<meta http-equiv="Content-Type"[^\n]*\n`)

// fakeDates stands in for extract.FirstDate: 西暦 and 令和 dates only.
func fakeDates(s string) (time.Time, bool) {
	s = width.Fold.String(s)
	jst := time.FixedZone("JST", 9*60*60)
	if m := regexp.MustCompile(`令和(\d+|元)年(\d+)月(\d+)日`).FindStringSubmatch(s); m != nil {
		y := 1
		if m[1] != "元" {
			y, _ = strconv.Atoi(m[1])
		}
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return time.Date(2018+y, time.Month(mo), d, 0, 0, 0, 0, jst), true
	}
	if m := regexp.MustCompile(`(\d{4})年(\d+)月(\d+)日`).FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, jst), true
	}
	return time.Time{}, false
}

// testSite is the httptest site of fixture pages, charsets, redirects and
// faults.
type testSite struct {
	*httptest.Server
	hits map[string]*atomic.Int32
}

func (s *testSite) hitsOf(path string) int32 { return s.hits[path].Load() }

func newTestSite(t testing.TB) *testSite {
	t.Helper()
	mux := http.NewServeMux()
	site := &testSite{hits: map[string]*atomic.Int32{}}
	serve := func(path, contentType string, body []byte, extra ...string) {
		site.hits[path] = &atomic.Int32{}
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			site.hits[path].Add(1)
			if contentType != "" {
				w.Header().Set("Content-Type", contentType)
			}
			for i := 0; i+1 < len(extra); i += 2 {
				w.Header().Set(extra[i], extra[i+1])
			}
			w.Write(body)
		})
	}
	page := func(name, charset string, enc encoding.Encoding) []byte {
		return encodeWith(t, enc, readFixture(t, name, charset))
	}
	heavy := page("heavy_nav.html", "", nil)

	// Fixture pages, one per phenomenon.
	serve("/information/20231025.html", "text/html; charset=utf-8", heavy)
	serve("/legacy/sjis.html", "text/html", page("short_table.html", "Shift_JIS", japanese.ShiftJIS))
	serve("/legacy/windows31j.html", "text/html", page("short_table.html", "Windows-31J", japanese.ShiftJIS))
	serve("/legacy/eucjp.html", "text/html; charset=EUC-JP", page("encoded.html", "EUC-JP", japanese.EUCJP))
	serve("/legacy/jis.html", "text/html; charset=ISO-2022-JP", page("encoded.html", "ISO-2022-JP", japanese.ISO2022JP))
	serve("/legacy/utf8.html", "text/html; charset=UTF-8", page("encoded.html", "UTF-8", nil))
	serve("/lying/latin1-header.html", "text/html; charset=iso-8859-1", page("encoded.html", "utf-8", nil))
	serve("/lying/utf8-header-sjis-body.html", "text/html; charset=utf-8", page("encoded.html", "Shift_JIS", japanese.ShiftJIS))
	serve("/lying/sjis-no-meta.html", "text/html; charset=utf-8",
		encodeWith(t, japanese.ShiftJIS, metaLineRE.ReplaceAllString(readFixture(t, "encoded.html", ""), "")))
	serve("/lying/meta-eucjp-body-sjis.html", "text/html", page("short_table.html", "EUC-JP", japanese.ShiftJIS))
	serve("/city/news/2024/0214.html", "text/html; charset=utf-8", page("structured.html", "", nil))
	serve("/news/202310251000.html", "text/html; charset=utf-8", page("nodate.html", "", nil))
	serve("/support/outage.html", "text/html; charset=utf-8", page("nodate.html", "", nil),
		"Last-Modified", "Wed, 25 Oct 2023 01:00:00 GMT", "ETag", `"v1"`)
	serve("/en/notice.html", "text/html; charset=utf-8", page("english.html", "", nil))
	serve("/empty.html", "text/html", nil)
	serve("/image.png", "image/png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	serve("/ua", "text/plain", nil)
	mux.HandleFunc("/ua-echo", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "利用者エージェント\n%s", r.UserAgent())
	})

	// PDFs.
	for _, name := range []string{"notice.pdf", "blank.pdf", "identityrange.pdf"} {
		b, err := os.ReadFile(filepath.Join("internal", "pdftext", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		serve("/pdf/"+name, "application/pdf", b)
		if name == "notice.pdf" {
			serve("/pdf/octet/20231025notice.pdf", "application/octet-stream", b)
		}
	}
	mux.HandleFunc("/pdf/big.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Length", strconv.Itoa(2<<20))
		w.Write(bytes.Repeat([]byte("%PDF-1.4 "), (2<<20)/9))
	})

	// Compression: only when the client asks for it.
	compressed := func(path, enc string, compress func([]byte) []byte) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if !strings.Contains(r.Header.Get("Accept-Encoding"), enc) {
				http.Error(w, "want "+enc, http.StatusNotAcceptable)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Encoding", enc)
			w.Write(compress(heavy))
		})
	}
	compressed("/gzip/20231025.html", "gzip", func(b []byte) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(b)
		zw.Close()
		return buf.Bytes()
	})
	compressed("/deflate/20231025.html", "deflate", func(b []byte) []byte {
		var buf bytes.Buffer
		zw := zlib.NewWriter(&buf)
		zw.Write(b)
		zw.Close()
		return buf.Bytes()
	})
	compressed("/br/20231025.html", "br", func(b []byte) []byte {
		var buf bytes.Buffer
		zw := brotli.NewWriter(&buf)
		zw.Write(b)
		zw.Close()
		return buf.Bytes()
	})

	// Redirects: a chain that ends, a loop, and one too long.
	mux.Handle("/redirect/a", http.RedirectHandler("/redirect/b", http.StatusMovedPermanently))
	mux.Handle("/redirect/b", http.RedirectHandler("/information/20231025.html", http.StatusFound))
	mux.Handle("/loop/a", http.RedirectHandler("/loop/b", http.StatusFound))
	mux.Handle("/loop/b", http.RedirectHandler("/loop/a", http.StatusFound))
	mux.HandleFunc("/chain/", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/chain/"))
		http.Redirect(w, r, fmt.Sprintf("/chain/%d", n+1), http.StatusFound)
	})

	// Faults.
	status := func(path string, code int, extra ...string) {
		site.hits[path] = &atomic.Int32{}
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			site.hits[path].Add(1)
			for i := 0; i+1 < len(extra); i += 2 {
				w.Header().Set(extra[i], extra[i+1])
			}
			http.Error(w, http.StatusText(code), code)
		})
	}
	status("/404", http.StatusNotFound)
	status("/500", http.StatusInternalServerError)
	status("/503-long", http.StatusServiceUnavailable, "Retry-After", "120")
	flaky := func(path string, code int, failures int32, retryAfter string) {
		site.hits[path] = &atomic.Int32{}
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if site.hits[path].Add(1) <= failures {
				if retryAfter != "" {
					w.Header().Set("Retry-After", retryAfter)
				}
				http.Error(w, http.StatusText(code), code)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(heavy)
		})
	}
	flaky("/flaky/503-retry-after.html", http.StatusServiceUnavailable, 1, "1")
	flaky("/flaky/429.html", http.StatusTooManyRequests, 2, "")
	mux.HandleFunc("/slow/headers.html", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/slow/body.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(heavy[:len(heavy)/2])
		w.(http.Flusher).Flush()
		select { // a server that stops sending
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/big.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<html><head><title>大きなお知らせ</title></head><body><main><h1>大きなお知らせ</h1>"))
		para := []byte("<p>これは非常に長いお知らせの段落です。本文が続きます。</p>\n")
		for i := 0; i < (3<<20)/len(para); i++ {
			if _, err := w.Write(para); err != nil {
				return
			}
		}
		w.Write([]byte("</main></body></html>"))
	})

	site.Server = httptest.NewServer(mux)
	t.Cleanup(site.Close)
	return site
}

// testFetcher has short timeouts and backoffs so faults stay fast.
func testFetcher(t testing.TB, opts ...FetcherOption) *Fetcher {
	t.Helper()
	base := []FetcherOption{
		WithTimeout(500 * time.Millisecond),
		WithConnectTimeout(500 * time.Millisecond),
		WithRetries(2, 5*time.Millisecond),
		WithMaxRetryWait(2 * time.Second),
		WithDateParser(fakeDates),
	}
	f, err := NewFetcher(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
