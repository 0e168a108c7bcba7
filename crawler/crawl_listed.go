package crawler

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// The date a sitemap (<lastmod>) or a feed (<pubDate>, <dc:date>, Atom
// <published>/<updated>) gives a page travels with the page's request: a
// page dated 6月24日 without a year takes the year from it when the page
// itself says nothing better (page.Listed).

// listedLayouts are the date forms of sitemaps (W3C datetime) and feeds
// (RFC 822 in RSS 2.0, RFC 3339 in Atom and RSS 1.0).
var listedLayouts = []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02", time.RFC1123Z, time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "2 Jan 2006 15:04:05 -0700"}

func parseListedDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range listedLayouts {
		if t, err := time.Parse(l, s); err == nil && t.Year() >= 1990 {
			return t, true
		}
	}
	return time.Time{}, false
}

// xmlEntryDates maps each entry of a sitemap or feed to the date it gives
// (the first of lastmod, pubDate, dc:date, published, updated). Entries
// without a readable date are absent. Like scanXMLLinks it reads what it
// can of broken XML.
func xmlEntryDates(body []byte) map[string]time.Time {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charset.NewReaderLabel
	out := map[string]time.Time{}
	var link string
	var date time.Time
	var name string
	var text strings.Builder
	flush := func() {
		if link != "" && !date.IsZero() {
			if _, ok := out[link]; !ok {
				out[link] = date
			}
		}
		link, date = "", time.Time{}
	}
	for len(out) < maxFeedLinks {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name = strings.ToLower(t.Name.Local)
			text.Reset()
			switch name {
			case "url", "item", "entry":
				flush()
				for _, a := range t.Attr {
					if a.Name.Local == "about" {
						link = strings.TrimSpace(a.Value)
					}
				}
			case "link":
				for _, a := range t.Attr {
					if a.Name.Local == "href" && link == "" {
						link = strings.TrimSpace(a.Value)
					}
				}
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			s := strings.TrimSpace(text.String())
			switch strings.ToLower(t.Name.Local) {
			case "loc", "link":
				if link == "" {
					link = s
				}
			case "lastmod", "pubdate", "date", "published", "updated":
				if tm, ok := parseListedDate(s); ok && date.IsZero() {
					date = tm
				}
			case "url", "item", "entry":
				flush()
			}
			text.Reset()
		}
	}
	flush()
	return out
}
