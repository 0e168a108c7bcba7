package crawler

import (
	"net/url"
	"testing"
	"time"
)

func TestParseRobots(t *testing.T) {
	const txt = `# fictional
User-agent: *
Disallow: /private/
Disallow: /search?
Crawl-delay: 2

User-agent: kohyo
Disallow: /information/draft/
Allow: /information/
Crawl-delay: 0.5

User-agent: otherbot
Disallow: /

Sitemap: https://www.example.co.jp/sitemap.xml
Sitemap: https://www.example.co.jp/information/sitemap.xml
`
	ua := "kohyo/0.1 (+https://github.com/kohyo-dev/kohyo)"
	tests := []struct {
		name   string
		status int
		body   string
		agent  string
		path   string
		allow  bool
		delay  time.Duration
		nmaps  int
	}{
		{"own group allows", 200, txt, ua, "/information/2023/1025.html", true, 500 * time.Millisecond, 2},
		{"own group disallows", 200, txt, ua, "/information/draft/x.html", false, 500 * time.Millisecond, 2},
		{"own group replaces star", 200, txt, ua, "/private/a.html", true, 500 * time.Millisecond, 2},
		{"star group", 200, txt, "somebot/1.0", "/private/a.html", false, 2 * time.Second, 2},
		{"star query", 200, txt, "somebot/1.0", "/search?q=x", false, 2 * time.Second, 2},
		{"other bot", 200, txt, "otherbot/2", "/information/", false, 0, 2},
		{"404 allows all", 404, "", ua, "/anything", true, 0, 0},
		{"503 forbids all", 503, "", ua, "/anything", false, 0, 0},
		{"garbage allows", 200, "\x00\xff<html>not robots</html>", ua, "/a", true, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parseRobots(tt.status, []byte(tt.body), tt.agent)
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse("https://www.example.co.jp" + tt.path)
			if got := r.allows(u); got != tt.allow {
				t.Errorf("allows(%s) = %v, want %v", tt.path, got, tt.allow)
			}
			if r.crawlDelay != tt.delay {
				t.Errorf("crawl delay = %v, want %v", r.crawlDelay, tt.delay)
			}
			if len(r.sitemaps) != tt.nmaps {
				t.Errorf("sitemaps = %v, want %d", r.sitemaps, tt.nmaps)
			}
		})
	}
}

func TestRobotsAgent(t *testing.T) {
	for in, want := range map[string]string{
		"kohyo/0.1 (+https://github.com/kohyo-dev/kohyo)": "kohyo",
		"Kohyo":              "kohyo",
		"  research-bot/2 x": "research-bot",
	} {
		if got := robotsAgent(in); got != want {
			t.Errorf("robotsAgent(%q) = %q, want %q", in, got, want)
		}
	}
}
