package crawler

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/kohyo-dev/kohyo/crawler/browser"
	"github.com/kohyo-dev/kohyo/crawler/page"
)

// Renderer loads a page in a browser and returns the HTML its scripts
// leave; *browser.Browser is one.
type Renderer interface {
	Render(ctx context.Context, url string, opts ...browser.RenderOption) (browser.Page, error)
}

// DefaultRenderBudget is how many listing pages of one host a crawl
// renders at most, unless WithRenderer says otherwise.
const DefaultRenderBudget = 20

// renderTimeout bounds one rendering.
const renderTimeout = 45 * time.Second

// WithRenderer renders listing pages (seeds, further pages of a listing)
// whose items a script fills in, at most perHost per host in one run (0:
// DefaultRenderBudget). Articles are never rendered.
func WithRenderer(r Renderer, perHost int) Option {
	return func(c *Crawler) error {
		if r == nil {
			return errors.New("nil renderer")
		}
		if perHost < 0 {
			return errors.New("render budget must not be negative")
		}
		if perHost == 0 {
			perHost = DefaultRenderBudget
		}
		c.renderer, c.renderBudget = r, perHost
		return nil
	}
}

// takeRender reserves one rendering of host's budget.
func (r *crawlRun) takeRender(host string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.rendered[host] >= r.c.renderBudget {
		return false
	}
	r.rendered[host]++
	return true
}

// scriptListing handles a listing page whose items a script fills in:
// with a renderer and budget left, it renders the page and returns the
// links of the rendered page; else it counts the page for the summary's
// hint. The data files the page names are followed either way (they are
// among its links).
func (r *crawlRun) scriptListing(it *crawlItem, doc *page.Document, docKey string) []foundLink {
	if r.c.renderer == nil {
		r.count(func(s *Stats) { s.ScriptListings++ })
		r.log.Info("listing filled by script: its items need --render", "url", it.key)
		return nil
	}
	u, err := url.Parse(doc.FinalURL)
	if err != nil || !r.takeRender(u.Host) {
		r.count(func(s *Stats) { s.ScriptListings++ })
		r.log.Info("listing filled by script: render budget spent", "url", it.key)
		return nil
	}
	ctx, cancel := context.WithTimeout(r.bg, renderTimeout)
	defer cancel()
	// The page's own requests go through the crawl's address guard: a
	// rendered page cannot reach the user's network where a link could not.
	var ropts []browser.RenderOption
	if !r.guard.allowAll {
		ropts = append(ropts, browser.CheckRequests(r.guard.checkRequest))
	}
	p, err := r.c.renderer.Render(ctx, doc.FinalURL, ropts...)
	for _, ref := range p.Refused {
		r.count(func(s *Stats) { s.Refused++ })
		r.log.Info("render: request refused by the address guard", "url", it.key, "request", ref)
	}
	if err != nil {
		r.count(func(s *Stats) { s.ScriptListings++ })
		r.log.Warn("render failed", "url", it.key, "err", err)
		return nil
	}
	if pu, err := url.Parse(p.URL); err != nil || pu.Host != u.Host {
		p.URL = doc.FinalURL // a script that navigated away: links still resolve against the listing
	}
	rdoc, _ := page.Parse(docKey, p.URL, http.StatusOK, http.Header{"Content-Type": {"text/html; charset=utf-8"}}, []byte(p.HTML),
		page.DatesWith(r.fetcher.DateParser()))
	links := pageLinks(rdoc)
	r.count(func(s *Stats) { s.Rendered++ })
	r.log.Debug("listing rendered", "url", it.key, "links", len(links))
	return links
}
