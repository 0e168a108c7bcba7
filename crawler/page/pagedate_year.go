package page

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A page date without a year (6月24日 18時30分, 06/24) is common on news
// sites and in CMS templates that print the year only in the listing. The
// year comes from the page's own evidence, in this order: the URL path
// (/news/2019/0624.html), a full date on the page (a <time datetime>, a
// date in the text), the date the site's sitemap or feed gave the page,
// and the Last-Modified header. Only without any of these does the date
// stay unknown, and the extractor's publication-nearest rule applies.

// The values of Document.PublishedSource for a year-less page date: "page"
// and where its year came from.
const (
	SourcePageYearURL          = "page+url"
	SourcePageYearTime         = "page+time"
	SourcePageYearText         = "page+text"
	SourcePageYearListed       = "page+listed"
	SourcePageYearLastModified = "page+last_modified"
)

var (
	// yearlessRE matches 6月24日 and 06/24 (and full-width forms after
	// halfWidthDigits) not preceded by a year.
	yearlessRE = regexp.MustCompile(`(?:^|[^0-9年/.\-])(\d{1,2})\s*(?:月\s*(\d{1,2})\s*日|/(\d{1,2}))(?:[^0-9/]|$)`)
	// hasYearRE matches a year written in any form: 2019, 令和元年, R1, H31.
	hasYearRE = regexp.MustCompile(`(?:19|20)\d{2}|令和|平成|昭和|[RH]\s*\d{1,2}\s*[./年]`)
	// urlYearRE matches a year as a path segment or the start of one.
	urlYearRE = regexp.MustCompile(`/((?:19|20)\d{2})(?:/|[-_]|\d{2}(?:/|[-_.]|$)|$)`)
)

// yearlessDate reads a month and day from a short text that writes no year.
func yearlessDate(s string) (month, day int, ok bool) {
	s = halfWidthDigits(s)
	if hasYearRE.MatchString(s) {
		return 0, 0, false
	}
	m := yearlessRE.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false
	}
	month, _ = strconv.Atoi(m[1])
	d := m[2]
	if d == "" {
		d = m[3]
	}
	day, _ = strconv.Atoi(d)
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return 0, 0, false
	}
	return month, day, true
}

// yearEvidence is what a page says about its year besides its date line.
type yearEvidence struct {
	url          string
	anyTime      string    // the first <time> anywhere on the page (datetime, else its text)
	text         string    // the main text
	listed       time.Time // the sitemap's lastmod or the feed's date for the page
	lastModified string    // the Last-Modified header
}

// yearlessPageDate finds a year-less date in the date labels and the lines
// by the title, and gives it the year of the page's evidence. It returns
// the date and its source, or false.
func yearlessPageDate(labels []string, title, text string, ev yearEvidence, p DateParser) (time.Time, string, bool) {
	cands := append([]string(nil), labels...)
	for _, l := range titleLines(title, text) {
		if isDateLine(l) {
			cands = append(cands, l)
		}
	}
	for _, s := range cands {
		mo, d, ok := yearlessDate(s)
		if !ok {
			continue
		}
		if t, src, ok := withYear(mo, d, ev, p); ok {
			return t, src, true
		}
		return time.Time{}, "", false
	}
	return time.Time{}, "", false
}

// withYear dates month/day by the page's evidence.
func withYear(mo, d int, ev yearEvidence, p DateParser) (time.Time, string, bool) {
	if u, err := url.Parse(ev.url); err == nil {
		if m := urlYearRE.FindStringSubmatch(u.Path); m != nil {
			if t, ok := ymd(m[1], strconv.Itoa(mo), strconv.Itoa(d)); ok {
				return t, SourcePageYearURL, true
			}
		}
	}
	if t, ok := isoDate(ev.anyTime, p); ok {
		return nearest(mo, d, t), SourcePageYearTime, true
	}
	if t, ok := shortDate(ev.text, p); ok {
		return nearest(mo, d, t), SourcePageYearText, true
	}
	if !ev.listed.IsZero() {
		return onOrBefore(mo, d, ev.listed.In(jst)), SourcePageYearListed, true
	}
	if ev.lastModified != "" {
		if t, err := http.ParseTime(ev.lastModified); err == nil {
			return onOrBefore(mo, d, t.In(jst)), SourcePageYearLastModified, true
		}
	}
	return time.Time{}, "", false
}

// nearest is month/day in the year (of ref's, the one before or after)
// that puts it closest to ref: a page dated 1月5日 that speaks of
// 2019年12月28日 is of 2020.
func nearest(mo, d int, ref time.Time) time.Time {
	var best time.Time
	for _, y := range []int{ref.Year() - 1, ref.Year(), ref.Year() + 1} {
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, jst)
		if best.IsZero() || absDur(t.Sub(ref)) < absDur(best.Sub(ref)) {
			best = t
		}
	}
	return best
}

// onOrBefore is the latest month/day not after ref: a page cannot be
// published after the site last changed it.
func onOrBefore(mo, d int, ref time.Time) time.Time {
	t := time.Date(ref.Year(), time.Month(mo), d, 0, 0, 0, 0, jst)
	if t.After(ref) {
		t = t.AddDate(-1, 0, 0)
	}
	return t
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// titleLines returns the short lines by the title and at the top of the
// text, where Japanese notices put their date.
func titleLines(title, text string) []string {
	lines := splitLines(text)
	var out []string
	for i, l := range lines {
		if title != "" && l == title {
			for _, j := range []int{i + 1, i - 1, i + 2, i - 2} {
				if j >= 0 && j < len(lines) {
					out = append(out, lines[j])
				}
			}
			break
		}
	}
	for i := 0; i < len(lines) && i < 8; i++ {
		out = append(out, lines[i])
	}
	short := out[:0]
	for _, l := range out {
		if l != "" && len([]rune(l)) <= 40 {
			short = append(short, l)
		}
	}
	return short
}

func splitLines(text string) []string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return lines
}

// dateLineRE matches what a date line holds besides its date: a label, the
// weekday, the time.
var dateLineRE = regexp.MustCompile(`(?:更新日|掲載日|公開日|発表日|登録日|作成日|日付|update[d]?|posted)\s*[:：]?|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}/\d{1,2}|[（(][月火水木金土日](?:曜日?)?[)）]|\d{1,2}\s*(?:時|:|：)\s*\d{1,2}\s*分?|[\s　]`)

// isDateLine reports whether a line of text is a date line: the date and
// at most a label, a weekday and a time ("6月24日 18時30分", "更新日：06/24").
func isDateLine(s string) bool {
	return utf8.RuneCountInString(dateLineRE.ReplaceAllString(halfWidthDigits(s), "")) <= 1
}
