package demosite

import (
	"encoding/xml"
	"strings"
	"time"
)

// robotsTxt disallows the internal pages and names the sitemap. It sets no
// Crawl-delay, so the crawler's own per-host delay applies.
func robotsTxt(base string) string {
	return strings.Join([]string{
		"# robots.txt for the Tokiwano Seiko Holdings demo site (fictional)",
		"User-agent: *",
		"Disallow: /information/internal/",
		"Disallow: /search",
		"",
		"Sitemap: " + base + "/sitemap.xml",
		"",
	}, "\n")
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
}

func sitemapXML(base string) string {
	s := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	day := siteUpdated.Format("2006-01-02")
	for _, p := range []string{"/", "/products/", "/company/", "/ir/", "/contact/", "/privacy/",
		"/information/", "/information/page/2/", "/information/2024/", "/information/2023/", "/information/2022/"} {
		s.URLs = append(s.URLs, sitemapURL{Loc: base + p, LastMod: day})
	}
	for _, a := range Announcements {
		s.URLs = append(s.URLs, sitemapURL{Loc: base + a.Path, LastMod: a.Published})
	}
	return marshal(s)
}

type rss struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel channel  `xml:"channel"`
}

type channel struct {
	Title       string    `xml:"title"`
	Link        string    `xml:"link"`
	Description string    `xml:"description"`
	Language    string    `xml:"language"`
	Items       []rssItem `xml:"item"`
}

type rssItem struct {
	Title    string `xml:"title"`
	Link     string `xml:"link"`
	GUID     string `xml:"guid"`
	PubDate  string `xml:"pubDate"`
	Category string `xml:"category"`
}

// feedXML is an RSS 2.0 feed of every announcement. Item links carry utm_*
// tracking parameters, as many real feeds do, so that a crawler's URL
// canonicalisation has something to remove.
func feedXML(base string) string {
	f := rss{Version: "2.0", Channel: channel{
		Title:       "ときわ野精工ホールディングス お知らせ",
		Link:        base + "/information/",
		Description: "株式会社ときわ野精工ホールディングスからのお知らせ",
		Language:    "ja",
	}}
	for _, a := range Announcements {
		f.Channel.Items = append(f.Channel.Items, rssItem{
			Title:    a.Title,
			Link:     base + a.Path + "?utm_source=rss&utm_medium=feed",
			GUID:     base + a.Path,
			PubDate:  published(a).Format(time.RFC1123Z),
			Category: a.category,
		})
	}
	return marshal(f)
}

func marshal(v any) string {
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		// The values are plain structs of strings; this cannot fail.
		return xml.Header
	}
	return xml.Header + string(b) + "\n"
}
