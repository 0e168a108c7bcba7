package crawler

import (
	"net/url"
	"regexp"
	"testing"
)

func TestSectionOf(t *testing.T) {
	tests := []struct{ seed, host, prefix string }{
		{"https://www.example.co.jp/information/", "www.example.co.jp", "/information/"},
		{"https://www.example.co.jp/information/index.html", "www.example.co.jp", "/information/"},
		{"https://www.example.co.jp/information", "www.example.co.jp", "/information/"},
		{"https://WWW.example.co.jp:443/ir/news/list.php?page=1", "www.example.co.jp", "/ir/news/"},
		{"https://www.example.co.jp", "www.example.co.jp", "/"},
		{"http://127.0.0.1:8080/info/", "127.0.0.1:8080", "/info/"},
	}
	for _, tt := range tests {
		s, err := sectionOf(tt.seed)
		if err != nil {
			t.Fatalf("sectionOf(%q): %v", tt.seed, err)
		}
		if s.host != tt.host || s.prefix != tt.prefix {
			t.Errorf("sectionOf(%q) = %s %s, want %s %s", tt.seed, s.host, s.prefix, tt.host, tt.prefix)
		}
	}
}

func TestSectionContains(t *testing.T) {
	s, _ := sectionOf("https://www.example.co.jp/information/")
	tests := []struct {
		u          string
		mode       ScopeMode
		in, sameOK bool
	}{
		{"https://www.example.co.jp/information/2023/1025.html", ScopePrefix, true, true},
		{"https://www.example.co.jp/information", ScopePrefix, true, true},
		{"http://www.example.co.jp/information/a.html", ScopePrefix, true, true}, // scheme may change
		{"https://www.example.co.jp/informationx/a.html", ScopePrefix, false, true},
		{"https://www.example.co.jp/pdf/notice.pdf", ScopePrefix, false, true},
		{"https://www.example.co.jp/pdf/notice.pdf", ScopeHost, true, true},
		{"https://example.co.jp/information/a.html", ScopePrefix, false, false},
		{"https://other.example.jp/information/a.html", ScopeHost, false, false},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.u)
		if got := s.contains(u, tt.mode); got != tt.in {
			t.Errorf("contains(%s, %s) = %v, want %v", tt.u, tt.mode, got, tt.in)
		}
		if got := s.sameHost(u); got != tt.sameOK {
			t.Errorf("sameHost(%s) = %v, want %v", tt.u, got, tt.sameOK)
		}
	}
}

func TestIsListingURL(t *testing.T) {
	s, _ := sectionOf("https://www.example.co.jp/information/")
	tests := []struct {
		u       string
		listing bool
	}{
		{"https://www.example.co.jp/information/?page=2", true},
		{"https://www.example.co.jp/information/index.html?cat=1&p=3", true},
		{"https://www.example.co.jp/information/page/2/", true},
		{"https://www.example.co.jp/information/list_3.html", true},
		{"https://www.example.co.jp/information/index2.html", true},
		{"https://www.example.co.jp/information/2023/", true},
		{"https://www.example.co.jp/information/2023/index.html", true},
		{"https://www.example.co.jp/information/2023.html", true},
		{"https://www.example.co.jp/information/fy2022/", true},
		{"https://www.example.co.jp/information/?year=2021", true},
		{"https://www.example.co.jp/information/2023/1025.html", false},
		{"https://www.example.co.jp/information/20231025.html", false},
		{"https://www.example.co.jp/information/detail.php?id=2023", false},
		{"https://www.example.co.jp/information/", false},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.u)
		if got := isListingURL(u, s); got != tt.listing {
			t.Errorf("isListingURL(%s) = %v, want %v", tt.u, got, tt.listing)
		}
	}
}

func TestFilters(t *testing.T) {
	f := filters{
		include: []*regexp.Regexp{regexp.MustCompile(`/information/`)},
		exclude: []*regexp.Regexp{regexp.MustCompile(`\?print=1`), regexp.MustCompile(`/en/`)},
	}
	tests := []struct {
		u  string
		ok bool
	}{
		{"https://h/information/a.html", true},
		{"https://h/information/a.html?print=1", false},
		{"https://h/en/information/a.html", false},
		{"https://h/news/a.html", false},
	}
	for _, tt := range tests {
		if got := f.allows(tt.u); got != tt.ok {
			t.Errorf("allows(%s) = %v, want %v", tt.u, got, tt.ok)
		}
	}
	if !(filters{}).allows("https://h/anything") {
		t.Error("empty filters refuse a URL")
	}
}

func TestScanXMLLinks(t *testing.T) {
	tests := []struct {
		name     string
		xml      string
		pages    []string
		sitemaps []string
	}{
		{"rss2", `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>お知らせ</title><link>https://h/</link>
<item><title>障害</title><link>https://h/information/a.html</link></item>
<item><title>公表</title><link> https://h/information/b.html </link></item></channel></rss>`,
			[]string{"https://h/information/a.html", "https://h/information/b.html"}, nil},
		{"rss1 rdf", `<?xml version="1.0" encoding="Shift_JIS"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<item rdf:about="https://h/information/c.html"><title>x</title></item></rdf:RDF>`,
			[]string{"https://h/information/c.html"}, nil},
		{"atom", `<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://h/"/><entry><link rel="alternate" href="https://h/information/d.html"/><link rel="enclosure" href="https://h/x.mp3"/></entry></feed>`,
			[]string{"https://h/information/d.html"}, nil},
		{"sitemap", `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://h/information/e.html</loc></url><url><loc>https://h/company/</loc></url></urlset>`,
			[]string{"https://h/information/e.html", "https://h/company/"}, nil},
		{"sitemap index", `<sitemapindex><sitemap><loc>https://h/sitemap-info.xml</loc></sitemap></sitemapindex>`,
			nil, []string{"https://h/sitemap-info.xml"}},
		{"broken", `<rss><channel><item><link>https://h/information/f.html</link><item><link>https://h/information/g.html`,
			[]string{"https://h/information/f.html"}, nil},
		{"not xml", "\x00\x01 garbage", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages, maps := scanXMLLinks([]byte(tt.xml))
			if !crawlEqualStrings(pages, tt.pages) || !crawlEqualStrings(maps, tt.sitemaps) {
				t.Errorf("scanXMLLinks = %q, %q; want %q, %q", pages, maps, tt.pages, tt.sitemaps)
			}
		})
	}
}

func crawlEqualStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
