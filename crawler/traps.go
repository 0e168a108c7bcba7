package crawler

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Crawler traps: URL spaces without end that a site's own links lead into
// (an event calendar's 次の月 forever, a pager past the last page, session
// ids making every URL new, relative links that stack path segments, a
// search or filter page with endless query combinations). A link into one
// is not followed; the hit is logged and counted in Stats.Traps.

// TrapLimits are the crawler-trap limits (see WithTrapLimits); 0 lifts
// a limit.
type TrapLimits struct {
	MaxQueryVariants int // pages of one URL path that differ only in their query, queued per run
	MaxPagerDepth    int // listing pages followed one after another (次へ, page=N, /page/3/)
	MaxCalendarDepth int // calendar pages followed one after another (次の月, 前の月, ?ym=202401)
	MaxPathRepeat    int // times one segment may appear in a URL path
}

// DefaultTrapLimits are the limits of a Crawler made without WithTrapLimits.
var DefaultTrapLimits = TrapLimits{MaxQueryVariants: 1000, MaxPagerDepth: 100, MaxCalendarDepth: 24, MaxPathRepeat: 3}

// maxPathSegments bounds the segments of a URL path.
const maxPathSegments = 24

// TrapCounts counts links refused as traps, by kind.
type TrapCounts struct {
	QueryVariants int // more pages of one path differing only in their query than the limit
	PagerDepth    int // a listing page deeper than the limit in a chain of listing pages
	Calendar      int // a calendar page beyond next year, before 1990, or deeper than the limit
	RepeatingPath int // a path that repeats a segment (or is absurdly deep)
}

// Total is the number of links refused as traps.
func (t TrapCounts) Total() int { return t.QueryVariants + t.PagerDepth + t.Calendar + t.RepeatingPath }

// trapGuard applies the limits during one run.
type trapGuard struct {
	limits TrapLimits
	now    time.Time

	mu       sync.Mutex
	variants map[string]map[string]struct{} // scheme://host/path → queries queued (up to the limit)
}

func newTrapGuard(l TrapLimits) *trapGuard {
	return &trapGuard{limits: l, now: time.Now(), variants: map[string]map[string]struct{}{}}
}

// check returns the trap a link to u (it, queued from a page) falls into,
// or "" when it may be followed. It counts u's query among its path's
// variants when it passes.
func (g *trapGuard) check(u *url.URL, it *crawlItem) string {
	p := u.EscapedPath()
	if repeatingPath(p, g.limits.MaxPathRepeat) {
		return "repeating_path"
	}
	y, calendar := calendarYear(u, it.listing)
	switch {
	case calendar && (y < 1990 || y > g.now.Year()+1):
		return "calendar"
	case calendar && g.limits.MaxCalendarDepth > 0 && it.pager > g.limits.MaxCalendarDepth:
		return "calendar"
	case !calendar && g.limits.MaxPagerDepth > 0 && it.pager > g.limits.MaxPagerDepth:
		return "pager_depth"
	}
	if u.RawQuery != "" && g.limits.MaxQueryVariants > 0 {
		key := u.Scheme + "://" + u.Host + p
		g.mu.Lock()
		defer g.mu.Unlock()
		qs := g.variants[key]
		if qs == nil {
			qs = map[string]struct{}{}
			g.variants[key] = qs
		}
		if _, seen := qs[u.RawQuery]; !seen {
			if len(qs) >= g.limits.MaxQueryVariants {
				return "query_variants"
			}
			qs[u.RawQuery] = struct{}{}
		}
	}
	return ""
}

// repeatingPath reports a path with more than maxRepeat copies of one
// segment (/a/b/a/b/a/b/a/), or with more than maxPathSegments segments.
func repeatingPath(p string, maxRepeat int) bool {
	segs := strings.FieldsFunc(p, func(r rune) bool { return r == '/' })
	if len(segs) > maxPathSegments {
		return true
	}
	if maxRepeat <= 0 || len(segs) <= maxRepeat {
		return false
	}
	n := map[string]int{}
	for _, s := range segs {
		if n[s]++; n[s] > maxRepeat {
			return true
		}
	}
	return false
}

var (
	// calendarKey is a query parameter that names a date, a month or a year.
	calendarKey = regexp.MustCompile(`(?i)^(?:y|year|yr|nen|ym|yyyymm|ymd|yyyymmdd|month|mon|date|d|day|cal|calendar|target_?date|start_?date|from|to)$`)
	// dateValue is a year alone, or a year and a month (and a day):
	// 2024, 202401, 2024-01, 2024/01/05, 20240105.
	dateValue = regexp.MustCompile(`^((?:19|20|21|22|23|24|25|26|27|28|29)\d\d)(?:[-/._]?(0[1-9]|1[0-2])(?:[-/._]?(0[1-9]|[12]\d|3[01]))?)?$`)
	// datePath is a path ending in /YYYY/MM/ or /YYYY/MM/DD/: a month or
	// day view (not a page filed under its month, /2023/10/123.html).
	datePath = regexp.MustCompile(`/((?:19|2\d)\d\d)/(0[1-9]|1[0-2])(?:/(?:[0-3]\d/?)?)?$`)
)

// calendarYear returns the year a calendar-like URL is about: a date
// parameter (ym=202401, date=2024-01-05, year=2031), a year-and-month
// value of any parameter of a listing page (reached by 次の月 or the like),
// or /YYYY/MM/ in the path.
func calendarYear(u *url.URL, listing bool) (int, bool) {
	for _, kv := range strings.Split(u.RawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		m := dateValue.FindStringSubmatch(v)
		if m == nil {
			continue
		}
		if calendarKey.MatchString(k) || (listing && m[2] != "") {
			y, _ := strconv.Atoi(m[1])
			return y, true
		}
	}
	if m := datePath.FindStringSubmatch(u.EscapedPath()); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y, true
	}
	return 0, false
}

// chainDepth is the pager count of a link to u (a listing page when
// listing) found on from's page: one more than from's when both are
// calendar pages or both listing pages (次の月 after 次の月, 次へ after
// 次へ), 1 when the chain starts here, 0 for other pages.
func chainDepth(from *crawlItem, u *url.URL, listing bool) int {
	_, cal := calendarYear(u, listing)
	if !cal && !listing {
		return 0
	}
	fu, err := url.Parse(from.url)
	if err != nil {
		return 1
	}
	_, fromCal := calendarYear(fu, from.listing)
	if (cal && fromCal) || (!cal && listing && from.listing && !fromCal) {
		return from.pager + 1
	}
	return 1
}
