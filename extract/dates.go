package extract

import (
	"fmt"
	"time"
)

// calDate is a resolved date with its precision.
type calDate struct {
	y, m, d int
	prec    Precision
}

func (c calDate) value() string {
	switch c.prec {
	case Day:
		return fmt.Sprintf("%04d-%02d-%02d", c.y, c.m, c.d)
	case Month:
		return fmt.Sprintf("%04d-%02d", c.y, c.m)
	case Year:
		return fmt.Sprintf("%04d", c.y)
	case FiscalYear:
		return fmt.Sprintf("FY%04d", c.y)
	}
	return ""
}

func (c calDate) time() time.Time {
	return time.Date(c.y, time.Month(c.m), c.d, 0, 0, 0, 0, time.UTC)
}

func dayOf(t time.Time) calDate {
	return calDate{y: t.Year(), m: int(t.Month()), d: t.Day(), prec: Day}
}

// daysIn is the number of days in month m of year y.
func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// addMonths adds n months to year y, month m.
func addMonths(y, m, n int) (int, int) {
	t := y*12 + (m - 1) + n
	return t / 12, t%12 + 1
}

// fiscalYearOf is the Japanese fiscal year (April to March) containing c.
func fiscalYearOf(c calDate) int {
	switch c.prec {
	case FiscalYear, Year:
		return c.y
	}
	if c.m >= 4 {
		return c.y
	}
	return c.y - 1
}

func absDays(a, b time.Time) float64 {
	d := a.Sub(b).Hours() / 24
	if d < 0 {
		return -d
	}
	return d
}

// nearestYear picks the year that puts month m (and day d, when d > 0)
// nearest to pub; ties go to the past.
func nearestYear(pub time.Time, m, d int) (int, bool) {
	best, bestDist := 0, -1.0
	for y := pub.Year() - 1; y <= pub.Year()+1; y++ {
		var dist float64
		if d > 0 {
			if d > daysIn(y, m) {
				continue
			}
			dist = absDays(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), pub)
		} else {
			first := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
			last := time.Date(y, time.Month(m), daysIn(y, m), 0, 0, 0, 0, time.UTC)
			switch {
			case pub.Before(first):
				dist = absDays(first, pub)
			case pub.After(last):
				dist = absDays(pub, last)
			}
		}
		if bestDist < 0 || dist < bestDist { // iterating from the past: ties keep it
			best, bestDist = y, dist
		}
	}
	return best, bestDist >= 0
}

// nearestMonth picks the month around pub whose day d is nearest to it.
func nearestMonth(pub time.Time, d int) (int, int, bool) {
	by, bm, bestDist := 0, 0, -1.0
	for n := -2; n <= 2; n++ {
		y, m := addMonths(pub.Year(), int(pub.Month()), n)
		if d > daysIn(y, m) {
			continue
		}
		dist := absDays(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), pub)
		if bestDist < 0 || dist < bestDist {
			by, bm, bestDist = y, m, dist
		}
	}
	return by, bm, bestDist >= 0
}

// resolver turns raw date expressions into calendar dates in text order.
type resolver struct {
	pub     time.Time
	hasPub  bool
	last    calDate
	hasLast bool
	// lastDay is the latest day-precision date, kept across year and
	// fiscal-year expressions (令和元年度から…。同日中に) but not across a
	// month-precision one (2023年11月に…同日 gives nothing).
	lastDay    calDate
	hasLastDay bool
}

func (rs *resolver) prevOrPub() (calDate, bool) {
	if rs.hasLast {
		return rs.last, true
	}
	if rs.hasPub {
		return dayOf(rs.pub), true
	}
	return calDate{}, false
}

func (rs *resolver) resolve(rd rawDate, rangeStart *calDate) (calDate, bool) {
	pub := rs.pub
	if rd.dayWord {
		var base calDate
		switch rd.d.at {
		case partPub:
			if !rs.hasPub {
				return calDate{}, false
			}
			base = dayOf(pub)
		case partPrev:
			b, ok := rs.prevOrPub()
			if ok && (b.prec == Year || b.prec == FiscalYear) && rs.hasLastDay {
				b = rs.lastDay // a day anaphor cannot mean a year: the latest day
			}
			if !ok || b.prec != Day {
				return calDate{}, false
			}
			base = b
		}
		return dayOf(base.time().AddDate(0, 0, rd.d.v)), true
	}
	var y, m, d int
	haveY, haveM := false, false
	switch rd.y.at {
	case partAbs:
		y, haveY = rd.y.v, true
	case partPub:
		if !rs.hasPub {
			return calDate{}, false
		}
		if rd.fiscal {
			y = fiscalYearOf(dayOf(pub)) + rd.y.v
		} else {
			y = pub.Year() + rd.y.v
		}
		haveY = true
	case partPrev:
		b, ok := rs.prevOrPub()
		if !ok {
			return calDate{}, false
		}
		if rd.fiscal {
			y = fiscalYearOf(b) + rd.y.v
		} else {
			y = b.y + rd.y.v
		}
		haveY = true
	}
	if rd.fiscal {
		if !haveY {
			return calDate{}, false
		}
		return calDate{y: y, prec: FiscalYear}, true
	}
	switch rd.m.at {
	case partAbs:
		m, haveM = rd.m.v, true
	case partPub:
		if !rs.hasPub {
			return calDate{}, false
		}
		y, m = addMonths(pub.Year(), int(pub.Month()), rd.m.v)
		haveY, haveM = true, true
	case partPrev:
		b, ok := rs.prevOrPub()
		if !ok || (b.prec != Day && b.prec != Month) {
			return calDate{}, false
		}
		y, m = addMonths(b.y, b.m, rd.m.v)
		haveY, haveM = true, true
	}
	if rd.d.at == partAbs {
		d = rd.d.v
	}
	switch {
	case haveY && haveM:
	case haveY && !haveM:
		if d > 0 {
			return calDate{}, false
		}
		return calDate{y: y, prec: Year}, true
	case haveM: // no year
		switch {
		case rd.next && rs.hasLast && rs.last.prec != Year && rs.last.prec != FiscalYear:
			y = rs.last.y
			if m < rs.last.m || (m == rs.last.m && (d == 0 || d <= rs.last.d)) {
				y++
			}
		case rangeStart != nil && (rangeStart.prec == Day || rangeStart.prec == Month):
			y = rangeStart.y
			if m < rangeStart.m || (m == rangeStart.m && d > 0 && d < rangeStart.d) {
				y++
			}
		default:
			if !rs.hasPub {
				return calDate{}, false
			}
			var ok bool
			if y, ok = nearestYear(pub, m, d); !ok {
				return calDate{}, false
			}
		}
	case d > 0: // a day alone
		switch {
		case rangeStart != nil && (rangeStart.prec == Day || rangeStart.prec == Month):
			y, m = rangeStart.y, rangeStart.m
			if rangeStart.prec == Day && d < rangeStart.d {
				y, m = addMonths(y, m, 1)
			}
		case rd.next && rs.hasLast && rs.last.prec == Day:
			y, m = rs.last.y, rs.last.m
			if d <= rs.last.d {
				y, m = addMonths(y, m, 1)
			}
		case rs.hasLast && (rs.last.prec == Day || rs.last.prec == Month):
			y, m = rs.last.y, rs.last.m
		default:
			if !rs.hasPub {
				return calDate{}, false
			}
			var ok bool
			if y, m, ok = nearestMonth(pub, d); !ok {
				return calDate{}, false
			}
		}
	default:
		return calDate{}, false
	}
	if y < 1 || y > 9999 || m < 1 || m > 12 {
		return calDate{}, false
	}
	if rd.lastDay {
		d = daysIn(y, m)
	}
	if d == 0 {
		return calDate{y: y, m: m, prec: Month}, true
	}
	if d > daysIn(y, m) {
		return calDate{}, false
	}
	return calDate{y: y, m: m, d: d, prec: Day}, true
}

// resolveAll resolves the expressions of one text in order.
func resolveAll(raws []rawDate, pub time.Time, hasPub bool, emit func(rawDate, calDate)) {
	rs := &resolver{pub: pub, hasPub: hasPub}
	var prev calDate
	hasPrev := false
	for _, rd := range raws {
		var start *calDate
		if rd.rangeEnd && hasPrev {
			p := prev
			start = &p
		}
		c, ok := rs.resolve(rd, start)
		hasPrev = ok
		if !ok {
			continue
		}
		emit(rd, c)
		prev = c // a range end still reads its start
		if rd.aside {
			continue // 文書（令和7年4月1日廃棄予定）: no anchor for 翌日, 同日
		}
		rs.last, rs.hasLast = c, true
		switch c.prec {
		case Day:
			rs.lastDay, rs.hasLastDay = c, true
		case Month:
			rs.hasLastDay = false
		}
	}
}

// maskCircled returns the normalised runes with the digits that NFKC made
// of circled numbers (②1月22日 → 21月22日) blanked out, so that a list
// marker never joins the number after it. Without circled numbers it
// returns the runes themselves.
func maskCircled(n *normText) []rune {
	var out []rune
	for i, c := range n.runes {
		if c < '0' || c > '9' {
			continue
		}
		if o := n.orig[n.start[i]]; o >= '①' && o <= '⑳' || o >= '❶' && o <= '➓' || o >= '㉑' && o <= '㉟' || o >= '㊱' && o <= '㊿' {
			if out == nil {
				out = append([]rune(nil), n.runes...)
			}
			out[i] = ' '
		}
	}
	if out == nil {
		return n.runes
	}
	return out
}

// rule names how the expression was resolved, for Date.Rule: written in
// full (absolute), relative to the publication date (今年, 昨日), to the
// preceding date (同日, 翌月, a day or month alone), or year-less and put
// nearest to the publication date; a fiscal year or a range end says so.
func (rd rawDate) rule() string {
	var r string
	switch {
	case rd.y.at == partPub || rd.m.at == partPub || rd.d.at == partPub:
		r = "relative-to-publication"
	case rd.y.at == partPrev || rd.m.at == partPrev || rd.d.at == partPrev || rd.next:
		r = "anaphor-of-preceding-date"
	case rd.y.at == partNone && rd.m.at == partAbs:
		r = "year-nearest-publication"
	case rd.y.at == partNone:
		r = "day-of-preceding-date"
	default:
		r = "absolute"
	}
	if rd.fiscal {
		r = "fiscal-year/" + r
	}
	if rd.rangeEnd {
		r += "/range-end"
	}
	return r
}

// extractDates finds every calendar date (contract §2).
func extractDates(d *document) []Date {
	raws := scanDates(maskCircled(d.norm))
	out := make([]Date, 0, len(raws))
	resolveAll(raws, d.published, !d.published.IsZero(), func(rd rawDate, c calDate) {
		out = append(out, Date{Value: c.value(), Precision: c.prec, Span: d.norm.Span(rd.s, rd.e), Rule: rd.rule()})
	})
	return out
}

// documentDate finds the document's own date line: an absolute,
// day-precision date on a short line among the first lines of the text.
// Dates more than a day after now are not publication dates.
func documentDate(n *normText, now time.Time) (time.Time, bool) {
	r := n.runes
	lines, start := 0, 0
	for i := 0; i <= len(r) && lines < 8; i++ {
		if i < len(r) && r[i] != '\n' {
			continue
		}
		line := r[start:i]
		start = i + 1
		if s, e := trimSpace(line, 0, len(line)); s == e {
			continue
		}
		lines++
		if len(line) > 40 {
			continue
		}
		if t, ok := firstAbsoluteDay(line); ok {
			if !now.IsZero() && t.After(now.AddDate(0, 0, 1)) {
				continue
			}
			return t, true
		}
	}
	return time.Time{}, false
}

// firstAbsoluteDay is the first date in r written with its year, month
// and day.
func firstAbsoluteDay(r []rune) (time.Time, bool) {
	for _, rd := range scanDates(r) {
		if rd.absYear && rd.m.at == partAbs && rd.d.at == partAbs && !rd.fiscal {
			y, m, d := rd.y.v, rd.m.v, rd.d.v
			if d <= daysIn(y, m) {
				return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
			}
		}
	}
	return time.Time{}, false
}

// FirstDate returns the first absolute, day-precision date written in s
// (2023年10月25日, 令和5年10月25日, 2023/10/25 ...). The crawler uses it for
// page dates.
func FirstDate(s string) (time.Time, bool) {
	if len(s) > 4096 {
		s = string([]rune(s)[:min(len([]rune(s)), 4096)])
	}
	return firstAbsoluteDay(newNormText(s).runes)
}
