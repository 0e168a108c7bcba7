package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// ErrNoChromium says no Chromium executable was found.
var ErrNoChromium = errors.New("no chromium executable found (install the chromium package)")

// candidates are the executable names tried, in order, by Find.
var candidates = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"}

// Find returns the path of the first Chromium executable on PATH.
func Find() (string, error) {
	for _, name := range candidates {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// Option configures New.
type Option func(*config) error

type config struct {
	execPath  string
	userAgent string
	settle    time.Duration
	maxWait   time.Duration
}

// ExecPath sets the Chromium executable (default: Find).
func ExecPath(p string) Option {
	return func(c *config) error {
		if p == "" {
			return errors.New("empty chromium path")
		}
		c.execPath = p
		return nil
	}
}

// UserAgent sets the User-Agent header the browser sends.
func UserAgent(ua string) Option {
	return func(c *config) error { c.userAgent = ua; return nil }
}

// Settle sets how long the page must stay unchanged after loading before
// it counts as rendered (default 300ms), and the most Render waits for
// that after the load event (default 5s).
func Settle(quiet, max time.Duration) Option {
	return func(c *config) error {
		if quiet <= 0 || max < quiet {
			return fmt.Errorf("settle: quiet %v must be positive and at most max %v", quiet, max)
		}
		c.settle, c.maxWait = quiet, max
		return nil
	}
}

// Browser is one running headless Chromium. Render may be called from
// several goroutines; each call opens its own tab.
type Browser struct {
	cfg         config
	dir         string
	allocCancel context.CancelFunc
	browserCtx  context.Context // the browser's lifetime, not a request's
	cancel      context.CancelFunc
}

// New starts Chromium. Close stops it and removes its profile directory.
func New(ctx context.Context, opts ...Option) (*Browser, error) {
	cfg := config{settle: 300 * time.Millisecond, maxWait: 5 * time.Second}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.execPath == "" {
		p, err := Find()
		if err != nil {
			return nil, err
		}
		cfg.execPath = p
	}
	dir, err := os.MkdirTemp("", "kohyo-chromium-")
	if err != nil {
		return nil, fmt.Errorf("chromium profile: %w", err)
	}
	flags := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(cfg.execPath),
		chromedp.UserDataDir(dir),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("mute-audio", true),
		// No UDP but through a proxy (there is none): WebRTC cannot reach
		// an address past the request check.
		chromedp.Flag("force-webrtc-ip-handling-policy", "disable_non_proxied_udp"),
	}
	if cfg.userAgent != "" {
		flags = append(flags, chromedp.UserAgent(cfg.userAgent))
	}
	// The allocator and browser live as long as the Browser, not as long as
	// the ctx of New: only the start-up below is bounded by ctx.
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.WithoutCancel(ctx), flags...)
	browserCtx, cancel := chromedp.NewContext(allocCtx)
	b := &Browser{cfg: cfg, dir: dir, allocCancel: allocCancel, browserCtx: browserCtx, cancel: cancel}
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(browserCtx) }()
	select {
	case err = <-started:
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("start chromium %s: %w", cfg.execPath, err)
	}
	return b, nil
}

// Close stops Chromium and removes its profile directory.
func (b *Browser) Close() error {
	b.cancel()
	b.allocCancel()
	return os.RemoveAll(b.dir)
}

// Page is a rendered page.
type Page struct {
	URL  string // the URL after redirects
	HTML string // the document's outer HTML after its scripts ran
	// Refused are the requests of the page that CheckRequests refused: the
	// URLs of HTTP requests, in the order they were made, then host:port
	// of each connection refused at the proxy (a WebSocket, say).
	Refused []string
}

// Render loads url in a new tab, waits until the page's DOM has been
// still for the settle time (or the maximum wait has passed), and returns
// the document as scripts left it.
func (b *Browser) Render(ctx context.Context, url string, opts ...RenderOption) (Page, error) {
	var cfg renderConfig
	for _, o := range opts {
		o(&cfg)
	}
	var tabOpts []chromedp.ContextOption
	var proxy *guardProxy
	if cfg.check != nil {
		var err error
		if proxy, err = startProxy(cfg.check); err != nil {
			return Page{}, fmt.Errorf("render %s: %w", url, err)
		}
		defer proxy.close()
		// A browser context of its own, every connection through the proxy
		// (loopback too: Chromium bypasses a proxy for it unless told not to).
		tabOpts = append(tabOpts, chromedp.WithNewBrowserContext(func(p *target.CreateBrowserContextParams) {
			p.ProxyServer, p.ProxyBypassList = proxy.addr(), "<-loopback>"
		}))
	}
	tab, cancel := chromedp.NewContext(b.browserCtx, tabOpts...)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	var g *requestGuard
	if cfg.check != nil {
		g = &requestGuard{check: cfg.check}
		// The answers still in flight end with the tab.
		defer func() { cancel(); g.wait() }()
		if err := g.start(tab); err != nil {
			if ctx.Err() != nil {
				return Page{}, ctx.Err()
			}
			return Page{}, fmt.Errorf("render %s: request check: %w", url, err)
		}
	}
	var p Page
	err := chromedp.Do(tab,
		chromedp.Navigate(url),
		chromedp.Func(b.settle),
		chromedp.Func(func(c context.Context, t *chromedp.Target) (err error) {
			if p.URL, err = chromedp.Location()(c, t); err != nil {
				return err
			}
			p.HTML, err = chromedp.OuterHTML(chromedp.CSS("html"))(c, t)
			return err
		}),
	)
	if err != nil {
		if ctx.Err() != nil {
			return Page{}, ctx.Err()
		}
		return Page{}, fmt.Errorf("render %s: %w", url, err)
	}
	if g != nil {
		cancel()
		g.wait()
		p.Refused = append(g.refused(), proxy.refusals()...)
	}
	return p, nil
}

// settle polls the size of the DOM until it has not changed for the quiet
// time, or the maximum wait has passed (then the page is taken as it is).
func (b *Browser) settle(ctx context.Context, tgt *chromedp.Target) error {
	const probe = `document.documentElement ? document.documentElement.outerHTML.length + document.getElementsByTagName('*').length * 1e9 : 0`
	tick := b.cfg.settle / 3
	deadline := time.Now().Add(b.cfg.maxWait)
	var last float64 = -1
	quietSince := time.Now()
	for {
		n, err := chromedp.Evaluate[float64](probe)(ctx, tgt)
		if err != nil {
			return err
		}
		now := time.Now()
		if n != last {
			last, quietSince = n, now
		} else if now.Sub(quietSince) >= b.cfg.settle {
			return nil
		}
		if now.After(deadline) {
			return nil
		}
		t := time.NewTimer(tick)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}
