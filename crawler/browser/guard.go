package browser

import (
	"context"
	"net/url"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// RequestCheck decides whether a rendered page may make a request: nil lets
// it go, an error refuses it (the page sees a failed request, as with an
// ad blocker). It is given every http(s) request of the page, the page
// itself, its redirects, frames, scripts, images and what scripts fetch.
type RequestCheck func(ctx context.Context, u *url.URL) error

// RenderOption configures one Render.
type RenderOption func(*renderConfig)

type renderConfig struct {
	check RequestCheck
}

// CheckRequests has every request of the rendered page go through check
// first (Chromium's Fetch domain pauses each one until it is decided).
// The crawler passes its address guard, so that a page cannot use the
// browser to reach the user's own network (loopback, private and
// link-local addresses) unless --allow-private is given.
//
// The check runs twice. Chromium's Fetch domain pauses each HTTP request
// of the page until the check has passed its URL (a refused request fails
// as blocked by the client). And the rendering runs in a browser context
// of its own whose every connection goes through a proxy of this package
// (proxy.go) that resolves the host once, has the check pass each address
// (as an IP literal) and connects to a checked address: so WebSockets,
// which the Fetch domain does not see, and a host name that answers a
// public address to the check and a private one to Chromium a moment later
// (DNS rebinding), are refused on the address actually connected to.
func CheckRequests(check RequestCheck) RenderOption {
	return func(c *renderConfig) { c.check = check }
}

// requestGuard answers the paused requests of one tab.
type requestGuard struct {
	check RequestCheck

	mu      sync.Mutex
	verdict map[string]error // by scheme://host:port
	blocked []string         // refused URLs, in order
	wg      sync.WaitGroup
}

// start enables request interception on tab and answers each paused
// request from its own goroutine (the check may resolve a host name).
// wait returns when every answer has been given or the tab has gone.
func (g *requestGuard) start(tab context.Context) error {
	g.verdict = map[string]error{}
	paused := chromedp.Events(tab, fetch.RequestPaused)
	if _, err := chromedp.Call(tab, fetch.Enable, fetch.EnableParams{}); err != nil {
		return err
	}
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		for ev, err := range paused {
			if err != nil {
				return
			}
			g.wg.Add(1)
			go func() {
				defer g.wg.Done()
				g.answer(tab, ev)
			}()
		}
	}()
	return nil
}

func (g *requestGuard) wait() { g.wg.Wait() }

// answer continues or fails one paused request.
func (g *requestGuard) answer(tab context.Context, ev fetch.EventRequestPaused) {
	raw := ""
	if ev.Request != nil {
		raw = ev.Request.URL
	}
	if err := g.decide(tab, raw); err != nil {
		g.mu.Lock()
		g.blocked = append(g.blocked, raw)
		g.mu.Unlock()
		chromedp.Call(tab, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		return
	}
	chromedp.Call(tab, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
}

// decide runs the check once per scheme, host and port of the tab.
func (g *requestGuard) decide(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return nil // data:, blob: and the like connect nowhere
	}
	key := strings.ToLower(u.Scheme + "://" + u.Host)
	g.mu.Lock()
	v, ok := g.verdict[key]
	g.mu.Unlock()
	if ok {
		return v
	}
	v = g.check(ctx, u)
	if ctx.Err() == nil {
		g.mu.Lock()
		g.verdict[key] = v
		g.mu.Unlock()
	}
	return v
}

func (g *requestGuard) refused() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.blocked...)
}
