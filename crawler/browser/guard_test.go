package browser

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// hits counts the requests a test server received, by path.
type hits struct {
	mu sync.Mutex
	n  map[string]int
}

func (h *hits) add(path string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.n == nil {
		h.n = map[string]int{}
	}
	h.n[path]++
}

func (h *hits) get(path string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n[path]
}

// A rendered page cannot reach another address through the browser when
// a check refuses it: not by fetch, XHR, an image, a frame, a script, a
// redirect of its own site, a worker or a WebSocket. Without the check the
// same page reaches it (so the test can tell). The page's own requests go.
func TestRenderCheckRequests(t *testing.T) {
	b := startBrowser(t)
	var private hits
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		private.add(r.URL.Path)
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "secret")
	}))
	defer other.Close()
	o := other.URL
	ws := "ws" + strings.TrimPrefix(o, "http")

	const own = `<script>fetch('/data/news.json').then(r => r.text()).then(t => { document.body.insertAdjacentHTML('beforeend', '<p id="own">' + t.length + '</p>'); });</script>`
	cases := []struct {
		name, path, page string
	}{
		{"fetch", "/fetch", `<script>fetch('` + o + `/fetch').catch(() => {});</script>`},
		{"xhr", "/xhr", `<script>const x = new XMLHttpRequest(); x.open('GET', '` + o + `/xhr'); x.send();</script>`},
		{"image", "/img.png", `<img src="` + o + `/img.png">`},
		{"frame", "/frame.html", `<iframe src="` + o + `/frame.html"></iframe>`},
		{"script", "/lib.js", `<script src="` + o + `/lib.js"></script>`},
		{"redirect of its own site", "/redirected", `<script>fetch('/go').catch(() => {});</script>`},
		{"worker", "/from-worker", `<script>new Worker('/worker.js');</script>`},
		{"websocket", "/socket", `<script>try { new WebSocket('` + ws + `/socket'); } catch (e) {}</script>`},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/data/news.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, scriptListingJSON)
	})
	mux.Handle("/go", http.RedirectHandler(o+"/redirected", http.StatusFound))
	mux.HandleFunc("/worker.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `fetch('`+o+`/from-worker').catch(() => {});`)
	})
	for i, tc := range cases {
		mux.HandleFunc(fmt.Sprintf("/page/%d", i), func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>お知らせ｜架空精機株式会社</title></head><body><h1>お知らせ</h1>%s%s</body></html>`, own, tc.page)
		})
	}
	site := httptest.NewServer(mux)
	defer site.Close()
	siteURL, _ := url.Parse(site.URL)
	refuseOthers := func(ctx context.Context, u *url.URL) error {
		if u.Host != siteURL.Host {
			return errors.New("refused")
		}
		return nil
	}

	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			page := fmt.Sprintf("%s/page/%d", site.URL, i)
			want := o + tc.path // an HTTP request, refused by URL
			if tc.name == "websocket" {
				want = strings.TrimPrefix(o, "http://") // a connection, refused at the proxy
			}
			for _, checked := range []bool{true, false} {
				before := private.get(tc.path)
				ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				var opts []RenderOption
				if checked {
					opts = append(opts, CheckRequests(refuseOthers))
				}
				p, err := b.Render(ctx, page, opts...)
				cancel()
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(p.HTML, `<p id="own">`) {
					t.Errorf("checked %v: the page's own request did not go:\n%s", checked, p.HTML)
				}
				reached := waitHit(&private, tc.path, before, checked)
				switch {
				case checked && reached:
					t.Errorf("%s reached the other server through the browser", tc.path)
				case checked && !refusedHas(p.Refused, want):
					t.Errorf("Refused = %v, want %s", p.Refused, want)
				case !checked && !reached:
					t.Errorf("without a check %s was not reached: the case tests nothing", tc.path)
				case !checked && len(p.Refused) != 0:
					t.Errorf("without a check Refused = %v", p.Refused)
				}
			}
		})
	}
}

// waitHit reports whether path got a request after before; when none is
// expected it waits a little for one that would come late.
func waitHit(h *hits, path string, before int, expectNone bool) bool {
	wait := 2 * time.Second
	if expectNone {
		wait = 300 * time.Millisecond
	}
	deadline := time.Now().Add(wait)
	for {
		if h.get(path) > before {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func refusedHas(refused []string, u string) bool {
	for _, r := range refused {
		if r == u {
			return true
		}
	}
	return false
}
