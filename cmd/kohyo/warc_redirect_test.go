package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// A page reached through two redirects: the crawl archives every hop, and
// kohyo warc show prints the chain before the page, as curl -iL does.
func TestWARCShowRedirectChain(t *testing.T) {
	const page = `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>移転のお知らせ｜株式会社さくら通商</title></head><body>
<main><article><h1>お知らせページ移転のお知らせ</h1><p>2024年1月10日</p>
<p>株式会社さくら通商は、ウェブサイトの改修に伴い、お知らせの掲載場所を変更いたしました。ブックマークの変更をお願いいたします。</p>
</article></main></body></html>`
	mux := http.NewServeMux()
	mux.HandleFunc("/information/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/information/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html lang="ja"><head><title>お知らせ一覧</title></head><body><main><h1>お知らせ一覧</h1>
<ul><li><a href="/information/old.html">2024年1月10日 お知らせページ移転のお知らせ</a></li></ul></main></body></html>`)
	})
	mux.Handle("/information/old.html", http.RedirectHandler("/information/moved.html", http.StatusMovedPermanently))
	mux.Handle("/information/moved.html", http.RedirectHandler("/information/2024/0110.html", http.StatusFound))
	mux.HandleFunc("/information/2024/0110.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	dbPath := filepath.Join(t.TempDir(), "corpus.db")
	if code, _, stderr := kohyo(t, "", "crawl", "--db", dbPath, "--delay", "0", srv.URL+"/information/"); code != exitOK {
		t.Fatalf("crawl: exit %d\n%s", code, stderr)
	}
	final := srv.URL + "/information/2024/0110.html"
	tests := []struct {
		name string
		args []string
		want []string // in this order in the output
		not  []string
	}{
		{"chain then page", []string{"warc", "show", "--db", dbPath, final}, []string{
			"HTTP/1.1 301 Moved Permanently\r\n", "Location: /information/moved.html\r\n\r\n",
			"HTTP/1.1 302 Found\r\n", "Location: /information/2024/0110.html\r\n\r\n",
			"HTTP/1.1 200 OK\r\n", "Content-Type: text/html; charset=utf-8\r\n", "\r\n<!DOCTYPE html>"}, nil},
		{"body alone", []string{"warc", "show", "--body", "--db", dbPath, final}, []string{page}, []string{"HTTP/1.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := kohyo(t, "", tt.args...)
			if code != exitOK {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			rest := out
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("%q missing or out of order in:\n%s", w, out)
				}
				rest = rest[i+len(w):]
			}
			for _, n := range tt.not {
				if strings.Contains(out, n) {
					t.Errorf("%q in:\n%s", n, out)
				}
			}
		})
	}
}
