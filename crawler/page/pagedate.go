package page

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// jst is the zone of dates written without one: Japanese pages mean
// Japan time.
var jst = time.FixedZone("JST", 9*60*60)

// The values of Document.PublishedSource.
const (
	SourceMeta         = "meta"          // article:published_time and other <meta> dates
	SourceJSONLD       = "jsonld"        // JSON-LD datePublished
	SourceTime         = "time"          // <time datetime> in the main content
	SourcePage         = "page"          // a date written next to the title
	SourceFeed         = "feed"          // an RSS item's pubDate, an Atom entry's published or updated (page.FeedDate)
	SourceURL          = "url"           // /2023/10/25/, /20231025.html, /202310251000.html
	SourceLastModified = "last_modified" // the HTTP Last-Modified header
)

// publishedDate finds the publication date, in this order: structured
// metadata, JSON-LD, <time>, a date next to the title, the date of the
// feed item that listed the page, the URL, a year-less page date, and
// Last-Modified. It returns the date and its source, or a zero time and "".
func publishedDate(m pageMeta, main *html.Node, title, text, finalURL string, header http.Header, cfg parseConfig) (time.Time, string) {
	p := cfg.dates
	if t, ok := isoDate(m.published, p); ok {
		return t, SourceMeta
	}
	if t, ok := isoDate(m.jsonLD, p); ok {
		return t, SourceJSONLD
	}
	if main != nil {
		if t, ok := timeElementDate(main, p); ok {
			return t, SourceTime
		}
		for _, s := range dateLabelTexts(main) {
			if t, ok := shortDate(s, p); ok {
				return t, SourcePage
			}
		}
	}
	if t, ok := nearTitleDate(title, text, p); ok {
		return t, SourcePage
	}
	if fd := cfg.feedDate.In(jst); !cfg.feedDate.IsZero() && plausibleYear(fd.Year()) {
		return fd, SourceFeed
	}
	if t, ok := urlDate(finalURL); ok {
		return t, SourceURL
	}
	var labels []string
	if main != nil {
		labels = dateLabelTexts(main)
	}
	ev := yearEvidence{url: finalURL, anyTime: m.anyTime, text: text, listed: cfg.listed, lastModified: header.Get("Last-Modified")}
	if t, src, ok := yearlessPageDate(labels, title, text, ev, p); ok {
		return t, src
	}
	return fallbackDate(finalURL, header)
}

// fallbackDate is the date from the URL, else from Last-Modified.
func fallbackDate(finalURL string, header http.Header) (time.Time, string) {
	if t, ok := urlDate(finalURL); ok {
		return t, SourceURL
	}
	if lm := header.Get("Last-Modified"); lm != "" {
		if t, err := http.ParseTime(lm); err == nil {
			return t, SourceLastModified
		}
	}
	return time.Time{}, ""
}

var isoLayouts = []string{
	time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04",
	"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", time.RFC1123Z, time.RFC1123,
}

// isoDate reads a machine-written date (ISO 8601 and relatives); dates
// without a zone are Japan time. What it cannot read goes to shortDate.
func isoDate(s string, p DateParser) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range isoLayouts {
		if t, err := time.ParseInLocation(layout, s, jst); err == nil && plausibleYear(t.Year()) {
			return t, true
		}
	}
	return shortDate(s, p)
}

var numericDateRE = regexp.MustCompile(`((?:19|20)\d{2})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})(?:\s*日|\D|$)`)

// shortDate reads a date from a short text: with the injected parser, else
// a numeric y-m-d date (2023年10月25日, 2023/10/25, 2023.10.25, full-width
// digits too).
func shortDate(s string, p DateParser) (time.Time, bool) {
	if p != nil {
		if t, ok := p(s); ok && !t.IsZero() && plausibleYear(t.Year()) {
			return t, true
		}
	}
	m := numericDateRE.FindStringSubmatch(halfWidthDigits(s))
	if m == nil {
		return englishDate(s)
	}
	return ymd(m[1], m[2], m[3])
}

var (
	monthNames    = "(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?"
	englishMDYRE  = regexp.MustCompile(`(?i)\b` + monthNames + `\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b`)
	englishDMYRE  = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+` + monthNames + `,?\s+((?:19|20)\d{2})\b`)
	monthByPrefix = map[string]string{"jan": "1", "feb": "2", "mar": "3", "apr": "4", "may": "5", "jun": "6", "jul": "7", "aug": "8", "sep": "9", "sept": "9", "oct": "10", "nov": "11", "dec": "12"}
)

// englishDate reads the date line of an English notice: May 20, 2024 or
// 20 May 2024.
func englishDate(s string) (time.Time, bool) {
	if m := englishMDYRE.FindStringSubmatch(s); m != nil {
		return ymd(m[3], monthByPrefix[strings.ToLower(m[1])], m[2])
	}
	if m := englishDMYRE.FindStringSubmatch(s); m != nil {
		return ymd(m[3], monthByPrefix[strings.ToLower(m[2])], m[1])
	}
	return time.Time{}, false
}

func ymd(ys, ms, ds string) (time.Time, bool) {
	y, _ := strconv.Atoi(ys)
	mo, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	if !plausibleYear(y) || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, jst)
	if t.Day() != d { // 2月30日
		return time.Time{}, false
	}
	return t, true
}

func plausibleYear(y int) bool { return y >= 1990 && y <= time.Now().Year()+1 }

func halfWidthDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		switch r {
		case '／':
			return '/'
		case '．':
			return '.'
		case '－':
			return '-'
		}
		return r
	}, s)
}

// timeElementDate reads the first <time> in the main content: its datetime
// attribute, else its text.
func timeElementDate(main *html.Node, p DateParser) (time.Time, bool) {
	el := find(main, func(n *html.Node) bool { return n.DataAtom == atom.Time })
	if el == nil {
		return time.Time{}, false
	}
	if dt := attr(el, "datetime"); dt != "" {
		if t, ok := isoDate(dt, p); ok {
			return t, true
		}
	}
	return shortDate(collapseSpace(textOf(el)), p)
}

var dateClassRE = regexp.MustCompile(`(?i)date|day|time|update|pub|posted|release|published|stamp|hiduke`)

// dateLabelTexts returns the short texts of elements in the main content
// whose id or class names a date (class="date", "news-day", "update").
func dateLabelTexts(main *html.Node) []string {
	var out []string
	walkElements(main, func(n *html.Node) {
		if len(out) >= 4 || !dateClassRE.MatchString(attr(n, "id")+" "+attr(n, "class")) {
			return
		}
		if t := collapseSpace(textOf(n)); t != "" && utf8.RuneCountInString(t) <= 40 {
			out = append(out, t)
		}
	})
	return out
}

// nearTitleDate tries the short lines around the title and at the top of
// the text: where Japanese notices put their date.
func nearTitleDate(title, text string, p DateParser) (time.Time, bool) {
	lines := strings.Split(text, "\n")
	var cands []int
	for i, l := range lines {
		if title != "" && strings.TrimSpace(l) == title {
			for _, j := range []int{i + 1, i - 1, i + 2, i - 2} {
				if j >= 0 && j < len(lines) {
					cands = append(cands, j)
				}
			}
			break
		}
	}
	for i := 0; i < len(lines) && i < 8; i++ {
		cands = append(cands, i)
	}
	for _, i := range cands {
		l := strings.TrimSpace(lines[i])
		if l == "" || utf8.RuneCountInString(l) > 40 {
			continue
		}
		if t, ok := shortDate(l, p); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

var (
	urlSlashDateRE = regexp.MustCompile(`/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$|[._-])`)
	urlDigitDateRE = regexp.MustCompile(`(?:^|[/_-])((?:19|20)\d{2})[-_]?(\d{2})[-_]?(\d{2})(?:\d{2,6})?(?:[._/-]|$)`)
)

// urlDate reads a date from a URL path: /2023/10/25/, /20231025.html,
// /202310251000.html, /news/2023-10-25-notice.html.
func urlDate(rawURL string) (time.Time, bool) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return time.Time{}, false
	}
	for _, re := range []*regexp.Regexp{urlSlashDateRE, urlDigitDateRE} {
		for _, m := range re.FindAllStringSubmatch(u.Path, -1) {
			if t, ok := ymd(m[1], m[2], m[3]); ok {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

var jsonLDDateRE = regexp.MustCompile(`"datePublished"\s*:\s*"([^"]+)"`)

// jsonLDDatePublished returns the first datePublished in a JSON-LD block
// (top level, @graph or nested), read leniently when the JSON is broken.
func jsonLDDatePublished(s string) string {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		if m := jsonLDDateRE.FindStringSubmatch(s); m != nil {
			return m[1]
		}
		return ""
	}
	var walk func(v any) string
	walk = func(v any) string {
		switch x := v.(type) {
		case map[string]any:
			if d, ok := x["datePublished"].(string); ok && d != "" {
				return d
			}
			for _, k := range []string{"@graph", "mainEntity", "mainEntityOfPage"} {
				if d := walk(x[k]); d != "" {
					return d
				}
			}
		case []any:
			for _, e := range x {
				if d := walk(e); d != "" {
					return d
				}
			}
		}
		return ""
	}
	return walk(v)
}
