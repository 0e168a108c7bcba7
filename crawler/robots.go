package crawler

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/temoto/robotstxt"
)

// maxCrawlDelay caps a robots.txt Crawl-delay: a host asking for more is
// crawled at this pace (and the cap is logged), rather than stalling a run.
const maxCrawlDelay = 60 * time.Second

// robotsMaxBytes caps the robots.txt read (Google reads 500 KiB).
const robotsMaxBytes = 512 << 10

// robotsRules is what the crawler keeps of one host's robots.txt, read with
// github.com/temoto/robotstxt, the library Colly uses.
type robotsRules struct {
	group      *robotstxt.Group // nil: everything allowed
	denyAll    bool             // robots.txt answered 5xx
	crawlDelay time.Duration
	sitemaps   []string
}

// allows reports whether u may be fetched.
func (r *robotsRules) allows(u *url.URL) bool {
	if r == nil {
		return true
	}
	if r.denyAll {
		return false
	}
	if r.group == nil {
		return true
	}
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return r.group.Test(p)
}

// parseRobots reads a robots.txt answer for the crawler's user agent:
// 2xx is parsed, 4xx allows everything and 5xx forbids everything (as
// Google and the library do).
func parseRobots(status int, body []byte, userAgent string) (*robotsRules, error) {
	data, err := robotstxt.FromStatusAndBytes(status, body)
	if err != nil {
		return nil, err
	}
	r := &robotsRules{group: data.FindGroup(robotsAgent(userAgent)), sitemaps: data.Sitemaps}
	r.denyAll = !data.TestAgent("/", robotsAgent(userAgent)) && status >= 500
	if r.group != nil {
		r.crawlDelay = r.group.CrawlDelay
	}
	return r, nil
}

// robotsAgent returns the product token of a User-Agent ("kohyo" of
// "kohyo/0.1 (+https://...)"), lower-case, as robots.txt groups name it.
func robotsAgent(ua string) string {
	tok, _, _ := strings.Cut(strings.TrimSpace(ua), " ")
	tok, _, _ = strings.Cut(tok, "/")
	return strings.ToLower(tok)
}

// fetchRobots gets and parses scheme://host/robots.txt. A network failure
// is returned; the caller decides (the crawler then allows everything and
// logs it, since the pages will most likely fail too and say why).
func fetchRobots(ctx context.Context, client *http.Client, scheme, host, userAgent string) (*robotsRules, error) {
	u := scheme + "://" + host + "/robots.txt"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", userAgent)
	res, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("robots.txt: %w", err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, robotsMaxBytes))
	if err != nil {
		return nil, fmt.Errorf("robots.txt: %w", err)
	}
	status := res.StatusCode
	if status >= 300 && status < 400 {
		status = http.StatusNotFound // a redirect the client would not follow: treat as absent
	}
	return parseRobots(status, body, userAgent)
}
