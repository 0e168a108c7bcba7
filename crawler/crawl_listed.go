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
// itself says nothing better (page.Listed). A feed item's date is also a
// publication date: it becomes the page's published date when the page
// writes no full date of its own (page.FeedDate, published_source "feed").
// A sitemap's lastmod is only when the page last changed, not when it was
// published, so it stays year evidence.

// listedDate is the date a sitemap or feed entry gives a page.
type listedDate struct {
	at   time.Time
	feed bool // from a feed item (a publication date), not a sitemap's lastmod
}

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
// (lastmod, pubDate, dc:date or published; updated only without one of
// those, since an Atom entry's updated may be later than its publication). Entries
// without a readable date are absent. Like scanXMLLinks it reads what it
// can of broken XML.
func xmlEntryDates(body []byte) map[string]listedDate {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charset.NewReaderLabel
	out := map[string]listedDate{}
	var link string
	var date listedDate
	var updated bool // date came from <updated>
	var name string
	var text strings.Builder
	flush := func() {
		if link != "" && !date.at.IsZero() {
			if _, ok := out[link]; !ok {
				out[link] = date
			}
		}
		link, date, updated = "", listedDate{}, false
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
				up := strings.EqualFold(t.Name.Local, "updated")
				if tm, ok := parseListedDate(s); ok && (date.at.IsZero() || updated && !up) {
					date = listedDate{at: tm, feed: !strings.EqualFold(t.Name.Local, "lastmod")}
					updated = up
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
