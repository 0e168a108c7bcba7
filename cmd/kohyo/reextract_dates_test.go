package main

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// reextract --from-warc re-reads each page from its archived record, but
// not the feed or sitemap that listed it: a date those gave (published
// source feed, or page+listed for a year-less page date that took its year
// from them) is carried over, and a stronger date the page itself gives
// still wins.
func TestReextractFromWARCKeepsListedDates(t *testing.T) {
	notice := func(title, dateLine string) string {
		return fmt.Sprintf(`<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>%s｜株式会社あおば物産</title></head><body>
<main><article><h1>%s</h1><p class="date">%s</p>
<p>株式会社あおば物産は、当社の通販サイトにおいて、お客様の氏名と住所が第三者に閲覧された可能性があることを確認いたしました。</p>
<p>お客様には多大なご迷惑とご心配をおかけしますことを深くお詫び申し上げます。</p></article></main></body></html>`, title, title, dateLine)
	}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		send := func(ct, s string) {
			w.Header().Set("Content-Type", ct)
			fmt.Fprint(w, s)
		}
		switch r.URL.Path {
		case "/sitemap.xml":
			send("application/xml", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>`+srv.URL+`/info/listed.html</loc><lastmod>2023-10-26</lastmod></url></urlset>`)
		case "/info/":
			send("text/html; charset=utf-8", `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>お知らせ｜株式会社あおば物産</title>
<link rel="alternate" type="application/rss+xml" href="/info/feed.xml"></head>
<body><main><h1>お知らせ</h1><p>株式会社あおば物産からのお知らせです。</p>
<ul><li><a href="/info/own.html">2023年11月2日 第2報</a></li></ul></main></body></html>`)
		case "/info/feed.xml":
			send("application/xml", `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>お知らせ</title><link>`+srv.URL+`/info/</link>
<item><title>お知らせ</title><link>`+srv.URL+`/info/feed.html</link><pubDate>Wed, 08 Nov 2023 10:00:00 +0900</pubDate></item>
</channel></rss>`)
		case "/info/listed.html": // 10月25日, its year from the sitemap's lastmod
			send("text/html; charset=utf-8", notice("通販サイトへの不正アクセスについて", "10月25日"))
		case "/info/feed.html": // no date of its own: the feed's
			send("text/html; charset=utf-8", notice("通販サイトへの不正アクセスについて（続報）", ""))
		case "/info/own.html": // a full date of its own
			send("text/html; charset=utf-8", notice("通販サイトへの不正アクセスについて（第2報）", "2023年11月2日"))
		default:
			http.NotFound(w, r)
		}
	}))
	dbPath := filepath.Join(t.TempDir(), "corpus.db")
	if code, _, stderr := kohyo(t, "", "crawl", "--db", dbPath, "--delay", "0", srv.URL+"/info/"); code != exitOK {
		t.Fatalf("crawl: exit %d\n%s", code, stderr)
	}
	srv.Close() // from here on, the archive alone

	dates := func() map[string]string {
		db := openTestDB(t, dbPath)
		defer db.Close()
		rows, err := db.Query(`SELECT url, coalesce(published,''), coalesce(published_source,'') FROM documents`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var u, p, s string
			if err := rows.Scan(&u, &p, &s); err != nil {
				t.Fatal(err)
			}
			out[strings.TrimPrefix(u, srv.URL)] = p + " " + s
		}
		return out
	}
	set := func(path, published, source string) {
		rw, err := sql.Open("sqlite3", dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer rw.Close()
		if _, err := rw.Exec(`UPDATE documents SET published = ?, published_source = ? WHERE url = ?`, published, source, srv.URL+path); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]string{
		"/info/listed.html": "2023-10-25 page+listed",
		"/info/feed.html":   "2023-11-08 feed",
		"/info/own.html":    "2023-11-02 page",
	}
	crawled := dates()
	for p, w := range want {
		if crawled[p] != w {
			t.Fatalf("crawl dated %s %q, want %q (all: %v)", p, crawled[p], w, crawled)
		}
	}

	tests := []struct {
		name       string
		path       string
		storedDate string // "" leaves the crawl's date
		storedSrc  string
		want       string
	}{
		{"a listing's year stays", "/info/listed.html", "", "", "2023-10-25 page+listed"},
		{"a feed date stays", "/info/feed.html", "", "", "2023-11-08 feed"},
		{"a page's own date stays", "/info/own.html", "", "", "2023-11-02 page"},
		{"the page's own full date outranks a listed one", "/info/own.html", "2020-01-01", "page+listed", "2023-11-02 page"},
		{"the page's own full date outranks a feed date", "/info/own.html", "2020-01-01", "feed", "2023-11-02 page"},
		{"the listed year carried is the stored one", "/info/listed.html", "2022-10-25", "page+listed", "2022-10-25 page+listed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.storedSrc != "" {
				set(tt.path, tt.storedDate, tt.storedSrc)
				defer set(tt.path, strings.Fields(want[tt.path])[0], strings.Fields(want[tt.path])[1])
			}
			code, _, stderr := kohyo(t, "", "reextract", "--from-warc", "--db", dbPath, "--workers", "2")
			if code != exitOK || !strings.Contains(stderr, "0 without a usable record") {
				t.Fatalf("reextract --from-warc: exit %d\n%s", code, stderr)
			}
			if got := dates()[tt.path]; got != tt.want {
				t.Errorf("%s after reextract --from-warc: %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}
