package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The hostile sites of the crawl's memory figures (README, "Limits"): each
// is crawled by a kohyo subprocess whose peak resident memory is read from
// its rusage. They take minutes and hundreds of MB, so they run only when
// KOHYO_HOSTILE=1:
//
//	KOHYO_HOSTILE=1 go test -tags sqlite_fts5 ./cmd/kohyo -run TestHostilePeakMemory -v
//
// The bound checked is maxHostileRSS.
const maxHostileRSS = 400 << 20

// hostileNotice is a fictional announcement paragraph, repeated to make
// big pages.
const hostileNotice = `<p>株式会社みなと精機は、当社が運営する会員向けウェブサイトにおいて第三者による不正アクセスが発生し、お客様の氏名、住所、電話番号、メールアドレスが流出した可能性があることを確認いたしました。お客様には多大なるご迷惑とご心配をおかけしますことを深くお詫び申し上げます。</p>
`

func bigNotice(title string, size int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>%s</title></head><body><main><h1>%s</h1><p>2024年1月5日</p>`, title, title)
	for b.Len() < size {
		b.WriteString(hostileNotice)
	}
	b.WriteString(`</main></body></html>`)
	return b.Bytes()
}

type hostileCase struct {
	name  string
	seed  string // path
	setup func(mux *http.ServeMux, base func() string)
	args  []string
}

func hostileCases() []hostileCase {
	return []hostileCase{
		{name: "60 pages of 5 MB", seed: "/information/", setup: func(mux *http.ServeMux, base func() string) {
			page := bigNotice("システム障害のお知らせ", 5<<20)
			mux.HandleFunc("/information/", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				if r.URL.Path == "/information/" {
					fmt.Fprint(w, `<html><body><h1>お知らせ</h1><ul>`)
					for i := range 60 {
						fmt.Fprintf(w, `<li><a href="/information/%d.html">お知らせ%d</a></li>`, i, i)
					}
					fmt.Fprint(w, `</ul></body></html>`)
					return
				}
				w.Write(page)
			})
		}},
		{name: "one page of 30 MB", seed: "/information/big.html", setup: func(mux *http.ServeMux, base func() string) {
			page := bigNotice("大きなお知らせ", 30<<20)
			mux.HandleFunc("/information/big.html", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(page)
			})
		}},
		{name: "gzip sitemap of 1 GB", seed: "/information/", setup: func(mux *http.ServeMux, base func() string) {
			var once sync.Once
			var bomb []byte
			mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprintf(w, "User-agent: *\nSitemap: %s/sitemap.xml.gz\n", base())
			})
			mux.HandleFunc("/sitemap.xml.gz", func(w http.ResponseWriter, r *http.Request) {
				once.Do(func() {
					var b bytes.Buffer
					z, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
					fmt.Fprint(z, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
					entry := []byte(fmt.Sprintf("<url><loc>%s/information/x.html</loc></url>\n", base()))
					chunk := bytes.Repeat(entry, (1<<20)/len(entry))
					for range 1024 {
						z.Write(chunk)
					}
					fmt.Fprint(z, `</urlset>`)
					z.Close()
					bomb = b.Bytes()
				})
				w.Header().Set("Content-Type", "application/x-gzip")
				w.Write(bomb)
			})
			mux.HandleFunc("/information/", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				fmt.Fprint(w, `<html><body><main><h1>お知らせ</h1><p>2024年1月5日 保守のお知らせです。</p></main></body></html>`)
			})
		}},
		{name: "one page with 200,000 links", seed: "/information/", setup: func(mux *http.ServeMux, base func() string) {
			mux.HandleFunc("/information/", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				if r.URL.Path != "/information/" {
					http.NotFound(w, r)
					return
				}
				fmt.Fprint(w, `<html><body><h1>お知らせ</h1>`)
				for i := range 200000 {
					fmt.Fprintf(w, `<a href="/information/%d.html">%d</a>`, i, i)
				}
				fmt.Fprint(w, `</body></html>`)
			})
		}, args: []string{"--max-pages", "50"}},
	}
}

func TestHostilePeakMemory(t *testing.T) {
	if os.Getenv("KOHYO_HOSTILE") != "1" {
		t.Skip("set KOHYO_HOSTILE=1 to crawl the hostile sites (minutes, hundreds of MB)")
	}
	for _, hc := range hostileCases() {
		t.Run(hc.name, func(t *testing.T) {
			mux := http.NewServeMux()
			var srv *httptest.Server
			hc.setup(mux, func() string { return srv.URL })
			srv = httptest.NewServer(mux)
			defer srv.Close()
			db := filepath.Join(t.TempDir(), "corpus.db")
			args := append([]string{"crawl", "--db", db, "--delay", "0", "--allow-private"}, hc.args...)
			args = append(args, srv.URL+hc.seed)
			cmd := exec.Command(os.Args[0], args...)
			cmd.Env = append(os.Environ(), "KOHYO_TEST_MAIN=1")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			start := time.Now()
			err := cmd.Run()
			rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
			summary := stderr.String()
			if i := strings.LastIndex(summary, "crawl "); i >= 0 {
				summary = summary[i:]
			}
			t.Logf("%s: peak RSS %d MB in %s (exit %v): %s", hc.name, rss>>20, time.Since(start).Round(time.Second), err, strings.TrimSpace(summary))
			if rss > maxHostileRSS {
				t.Errorf("peak RSS %d MB, over %d MB", rss>>20, maxHostileRSS>>20)
			}
		})
	}
}
