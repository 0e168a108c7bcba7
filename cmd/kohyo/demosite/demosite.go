package demosite

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Handler returns the demo site as an http.Handler. It answers GET and
// HEAD, honours conditional requests (ETag, Last-Modified) and serves 404
// for unknown paths. The site is rendered once, on first use; should that
// fail (a broken embedded template), every request gets a 500.
func Handler() http.Handler {
	return http.HandlerFunc(serve)
}

// Start serves Handler on a free port of 127.0.0.1 and returns the base
// URL (http://127.0.0.1:PORT, no trailing slash) and a stop function that
// shuts the server down; stop may be called more than once. The server
// also stops when ctx is done.
func Start(ctx context.Context) (baseURL string, stop func(), err error) {
	if _, err := loadSite(); err != nil {
		return "", nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("demosite: listen: %w", err)
	}
	return "http://" + ln.Addr().String(), serveOn(ctx, ln, Handler()), nil
}

// serveOn serves h on ln until the returned stop function is called
// (safe to call more than once) or ctx is done.
func serveOn(ctx context.Context, ln net.Listener, h http.Handler) (stop func()) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln) // returns http.ErrServerClosed after Shutdown
	}()
	var unhook func() bool
	stop = sync.OnceFunc(func() {
		if unhook != nil {
			unhook()
		}
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			_ = srv.Close()
		}
		<-done
	})
	unhook = context.AfterFunc(ctx, stop)
	return stop
}

func serve(w http.ResponseWriter, r *http.Request) {
	s, err := loadSite()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case "/robots.txt":
		serveDynamic(w, r, "text/plain; charset=utf-8", robotsTxt(baseOf(r)))
		return
	case "/sitemap.xml":
		serveDynamic(w, r, "application/xml; charset=utf-8", sitemapXML(baseOf(r)))
		return
	case "/information/feed.xml":
		serveDynamic(w, r, "application/rss+xml; charset=utf-8", feedXML(baseOf(r)))
		return
	}
	p := r.URL.Path
	if p == "/information/" || p == "/information/index.html" {
		// ?page=N is the same listing page as /information/page/N/.
		if q := r.URL.Query().Get("page"); q != "" {
			n, err := strconv.Atoi(q)
			pp, ok := s.pages[n]
			if err != nil || !ok {
				serveResource(w, r, s.res[notFoundKey])
				return
			}
			p = pp
		}
	}
	res, ok := s.res[p]
	if !ok {
		res = s.res[notFoundKey]
	}
	serveResource(w, r, res)
}

func serveResource(w http.ResponseWriter, r *http.Request, res *resource) {
	w.Header().Set("Content-Type", res.contentType)
	if res.status != 0 {
		w.WriteHeader(res.status)
		if r.Method != http.MethodHead {
			_, _ = w.Write(res.body)
		}
		return
	}
	w.Header().Set("ETag", res.etag)
	w.Header().Set("Cache-Control", "max-age=0, must-revalidate")
	http.ServeContent(w, r, "", res.modTime, bytes.NewReader(res.body))
}

func serveDynamic(w http.ResponseWriter, r *http.Request, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	http.ServeContent(w, r, "", siteUpdated, bytes.NewReader([]byte(body)))
}

// baseOf is the scheme and host the request reached, for absolute URLs in
// robots.txt, the sitemap and the feed.
func baseOf(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		host = "127.0.0.1"
	}
	return scheme + "://" + host
}
