package main

import (
	"encoding/csv"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/kohyo-dev/kohyo/crawler"
	"github.com/kohyo-dev/kohyo/crawler/browser"
)

// scriptSite is a fictional company section: a お知らせ一覧 whose items a
// script writes (no data file to follow), a Japanese notice and its
// English version.
func scriptSite(t *testing.T) *httptest.Server {
	t.Helper()
	ja := `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>委託先における情報漏えいについて｜架空電機株式会社</title>
<link rel="alternate" hreflang="en" href="/en/news/2024/0520.html"></head><body><main><h1>委託先における情報漏えいについて</h1><p class="date">2024年5月20日</p>
<p>当社が業務を委託している会社において外部からの不正な接続が判明し、お客様約1,800名分の氏名及び電話番号が閲覧された可能性があります。</p></main></body></html>`
	pages := map[string]string{
		"/news/": `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>ニュース｜架空電機株式会社</title></head><body><main><h1>ニュース</h1><ul class="news-list"></ul></main>
<script>var items = [["/news/2024/0520.html", "委託先における情報漏えいについて"]];
setTimeout(function () { var ul = document.querySelector('.news-list'); items.forEach(function (it) { var li = document.createElement('li'); li.innerHTML = '<a href="' + it[0] + '">' + it[1] + '</a>'; ul.appendChild(li); }); }, 100);</script></body></html>`,
		"/news/2024/0520.html":    ja,
		"/en/news/2024/0520.html": englishNoticePage,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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

func TestCrawlOtherLanguageAndScriptListing(t *testing.T) {
	srv := scriptSite(t)
	dbPath := filepath.Join(t.TempDir(), "c.db")
	// Without --render: the listing's items are missed, and the summary says why.
	code, _, stderr := kohyo(t, "", "crawl", "--db", dbPath, "--delay", "0", srv.URL+"/news/")
	if code != exitOK || !strings.Contains(stderr, "hint: 1 listing pages fill their items by script") || !strings.Contains(stderr, "--render") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	// The notice and its English version, from the notice.
	code, _, stderr = kohyo(t, "", "crawl", "--db", dbPath, "--delay", "0", srv.URL+"/news/2024/0520.html")
	if code != exitOK || !strings.Contains(stderr, "1 in another language") || !strings.Contains(stderr, " 0 errors") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	db := openTestDB(t, dbPath)
	if n := queryInt(t, db, `SELECT count(*) FROM documents WHERE language = 'en' AND japanese_url = ? AND error IS NULL AND victim IS NULL`, srv.URL+"/news/2024/0520/"); n != 1 {
		t.Errorf("%d English documents linked to their Japanese version, want 1", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM documents WHERE language = 'ja' AND text LIKE '%1,800名%'`); n != 1 {
		t.Errorf("%d Japanese documents, want 1", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM counts c JOIN documents d ON d.id = c.doc_id WHERE d.language = 'en'`); n != 0 {
		t.Errorf("%d counts extracted from the English page", n)
	}

	// The export of documents carries both, in every format.
	en, jaURL := srv.URL+"/en/news/2024/0520.html", srv.URL+"/news/2024/0520/"
	for _, tt := range []struct {
		format string
		want   string // in the row of the English page
	}{
		{"csv", ",en," + jaURL},
		{"jsonl", `"language":"en","japanese_url":"` + jaURL + `"`},
		{"parquet", "en " + jaURL},
	} {
		out := filepath.Join(t.TempDir(), "documents."+tt.format)
		if code, _, stderr := kohyo(t, "", "export", "--db", dbPath, "--table", "documents", "--format", tt.format, "--output", out); code != exitOK {
			t.Fatalf("export %s: exit %d\n%s", tt.format, code, stderr)
		}
		var rows []string
		if tt.format == "parquet" {
			type row struct {
				URL         string  `parquet:"url,optional"`
				Language    *string `parquet:"language,optional"`
				JapaneseURL *string `parquet:"japanese_url,optional"`
			}
			recs, err := parquet.ReadFile[row](out)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				if r.Language != nil && r.JapaneseURL != nil {
					rows = append(rows, r.URL+" "+*r.Language+" "+*r.JapaneseURL)
				}
			}
		} else {
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			rows = strings.Split(string(b), "\n")
			if tt.format == "csv" {
				recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				rows = rows[:0]
				for _, r := range recs {
					rows = append(rows, strings.Join(r, ","))
				}
			}
		}
		found := false
		for _, r := range rows {
			found = found || strings.Contains(r, en) && strings.Contains(r, tt.want)
		}
		if !found {
			t.Errorf("export %s: no row of %s with %q:\n%s", tt.format, en, tt.want, strings.Join(rows, "\n"))
		}
	}
}

func TestCrawlRender(t *testing.T) {
	if _, err := browser.Find(); err != nil {
		t.Skipf("skipping: %v", err)
	}
	srv := scriptSite(t)
	dbPath := filepath.Join(t.TempDir(), "c.db")
	code, _, stderr := kohyo(t, "", "crawl", "--db", dbPath, "--delay", "0", "--render", srv.URL+"/news/")
	if code != exitOK || !strings.Contains(stderr, "1 listing pages filled by script were rendered") || strings.Contains(stderr, "hint:") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if n := queryInt(t, openTestDB(t, dbPath), `SELECT count(*) FROM documents WHERE url = ?`, srv.URL+"/news/2024/0520.html"); n != 1 {
		t.Errorf("the rendered listing's item was not crawled")
	}
	if code, _, stderr := kohyo(t, "", "crawl", "--db", dbPath, "--render", "--chromium", "/nonexistent/chromium", srv.URL+"/news/"); code != exitFailure || !strings.Contains(stderr, "--render") {
		t.Errorf("missing chromium: exit %d, stderr %q", code, stderr)
	}
}

func TestRenderBudgetFlag(t *testing.T) {
	// The demo builds its options without the flags: no --render, no budget.
	o := &crawlOptions{scope: "prefix", parallel: 1, memoryMB: crawler.DefaultMemoryBudget >> 20, traps: crawler.DefaultTrapLimits}
	if _, err := o.crawlerOptions(slog.New(slog.DiscardHandler)); err != nil {
		t.Errorf("options without --render: %v", err)
	}
	if code, _, stderr := kohyo(t, "", "crawl", "--db", filepath.Join(t.TempDir(), "c.db"), "--render", "--render-budget", "0", "http://127.0.0.1:1/"); code != exitUsage || !strings.Contains(stderr, "--render-budget") {
		t.Errorf("--render-budget 0: exit %d, stderr %q", code, stderr)
	}
}

// A rendered listing's script cannot reach another server on the user's
// own network (here another loopback port) without --allow-private: the
// request is refused and counted, and what it would have listed is not
// crawled. With --allow-private it is reached.
func TestCrawlRenderRefusesPrivateRequests(t *testing.T) {
	if _, err := browser.Find(); err != nil {
		t.Skipf("skipping: %v", err)
	}
	var reached atomic.Int64
	private := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[["/news/2024/0601.html", "社内システムへの不正アクセスについて"]]`))
	}))
	defer private.Close()
	pages := map[string]string{
		"/news/": `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>ニュース｜架空電機株式会社</title></head><body><main><h1>ニュース</h1><ul class="news-list"></ul></main>
<script>fetch('` + private.URL + `/items.json').then(r => r.json()).then(items => { var ul = document.querySelector('.news-list'); items.forEach(function (it) { var li = document.createElement('li'); li.innerHTML = '<a href="' + it[0] + '">' + it[1] + '</a>'; ul.appendChild(li); }); }).catch(function () {});</script></body></html>`,
		"/news/2024/0601.html": `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>社内システムへの不正アクセスについて｜架空電機株式会社</title></head><body><main><h1>社内システムへの不正アクセスについて</h1><p class="date">2024年6月1日</p>
<p>当社の社内システムが外部から不正にアクセスされ、取引先約300社の担当者名が閲覧された可能性があります。</p></main></body></html>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(body))
	}))
	defer srv.Close()
	tests := []struct {
		name    string
		flags   []string
		reached bool
	}{
		{"refused", nil, false},
		{"allowed with --allow-private", []string{"--allow-private"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reached.Store(0)
			dbPath := filepath.Join(t.TempDir(), "c.db")
			args := append([]string{"crawl", "--db", dbPath, "--delay", "0", "--render"}, tt.flags...)
			code, _, stderr := kohyo(t, "", append(args, srv.URL+"/news/")...)
			if code != exitOK || !strings.Contains(stderr, "1 listing pages filled by script were rendered") {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			if got := reached.Load() > 0; got != tt.reached {
				t.Errorf("private server reached: %v, want %v\n%s", got, tt.reached, stderr)
			}
			stored := queryInt(t, openTestDB(t, dbPath), `SELECT count(*) FROM documents WHERE url = ?`, srv.URL+"/news/2024/0601.html") == 1
			if stored != tt.reached {
				t.Errorf("the item the private server lists was stored: %v, want %v", stored, tt.reached)
			}
			if refused := !strings.Contains(stderr, " 0 refused"); refused == tt.reached {
				t.Errorf("refused count wrong:\n%s", stderr)
			}
		})
	}
}
