package browser

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// scriptListing is a お知らせ一覧 whose items a script fetches from a JSON
// file and writes into the list after the page has loaded, the way IR and
// news widgets of many Japanese corporate sites do.
const scriptListing = `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>お知らせ一覧｜架空精機株式会社</title></head>
<body><h1>お知らせ一覧</h1><ul id="news-list"><li class="loading">読み込み中…</li></ul>
<script>
fetch('/data/news.json').then(r => r.json()).then(items => {
  const ul = document.getElementById('news-list');
  ul.innerHTML = '';
  setTimeout(() => {
    for (const it of items) {
      const li = document.createElement('li');
      li.innerHTML = '<time>' + it.date + '</time> <a href="' + it.url + '">' + it.title + '</a>';
      ul.appendChild(li);
    }
  }, 150);
});
</script></body></html>`

const scriptListingJSON = `[{"date":"2024.03.01","url":"/news/20240301.html","title":"不正アクセスによる個人情報漏えいのおそれに関するお知らせ"},
{"date":"2024.02.15","url":"/news/20240215.html","title":"システムメンテナンスのお知らせ"}]`

func newSite(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/news/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(scriptListing))
	})
	mux.HandleFunc("/data/news.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(scriptListingJSON))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// shared is the one Chromium of this test binary: starting one per test
// (and per -count) costs more than the tests themselves.
var shared struct {
	once sync.Once
	b    *Browser
	err  error
}

// startBrowser returns the shared Chromium, or skips the test where none
// is installed (.ci/run installs the distribution's chromium package).
func startBrowser(t *testing.T) *Browser {
	t.Helper()
	if _, err := Find(); err != nil {
		t.Skipf("skipping browser test: %v", err)
	}
	shared.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		shared.b, shared.err = New(ctx, Settle(200*time.Millisecond, 10*time.Second))
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.b
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.b != nil {
		if err := shared.b.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "close chromium:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// TestNewAndClose starts and stops a Chromium of its own: Close removes
// the profile directory.
func TestNewAndClose(t *testing.T) {
	if _, err := Find(); err != nil {
		t.Skipf("skipping browser test: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	b, err := New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dir := b.dir
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("profile directory: %v", err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("profile directory %s left behind (%v)", dir, err)
	}
}

func TestRenderScriptListing(t *testing.T) {
	srv := newSite(t)
	b := startBrowser(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	p, err := b.Render(ctx, srv.URL+"/news/")
	if err != nil {
		t.Fatal(err)
	}
	if p.URL != srv.URL+"/news/" {
		t.Errorf("URL = %q", p.URL)
	}
	for _, want := range []string{`href="/news/20240301.html"`, "不正アクセスによる個人情報漏えい", `href="/news/20240215.html"`} {
		if !strings.Contains(p.HTML, want) {
			t.Errorf("rendered HTML lacks %q:\n%s", want, p.HTML)
		}
	}
	if strings.Contains(p.HTML, "読み込み中") {
		t.Errorf("rendered before the script filled the list:\n%s", p.HTML)
	}
}

func TestRenderCancelled(t *testing.T) {
	srv := newSite(t)
	b := startBrowser(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.Render(ctx, srv.URL+"/news/"); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// The browser still serves the next page.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel2()
	if _, err := b.Render(ctx2, srv.URL+"/news/"); err != nil {
		t.Fatal(err)
	}
}

func TestOptions(t *testing.T) {
	if _, err := New(context.Background(), ExecPath("")); err == nil {
		t.Error("empty ExecPath accepted")
	}
	if _, err := New(context.Background(), Settle(time.Second, time.Millisecond)); err == nil {
		t.Error("Settle with max < quiet accepted")
	}
	if _, err := New(context.Background(), ExecPath("/nonexistent/chromium")); err == nil {
		t.Error("missing executable accepted")
	}
}
