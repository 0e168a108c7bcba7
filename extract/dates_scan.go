package extract

import "github.com/kohyo-dev/kohyo/dict"

// The date scanner: one pass over the normalised text that finds date
// expressions and records what each one says (absolute parts, offsets from
// the publication date, offsets from the preceding date), without resolving
// them. dates.go resolves the expressions in text order.

// anchor says what a date part is relative to.
type anchor uint8

const (
	partNone anchor = iota
	partAbs         // the value is written
	partPub         // an offset from the publication date (今年, 先月, 昨日)
	partPrev        // an offset from the preceding date expression (同年, 翌月, 前日)
)

type datePart struct {
	at anchor
	v  int // value (partAbs) or offset
}

// rawDate is one date expression as written.
type rawDate struct {
	s, e     int // rune range in the normalised text
	y, m, d  datePart
	dayWord  bool // d is a whole-date word (本日, 翌日): y and m are unused
	fiscal   bool // 年度
	next     bool // 翌16日, 翌4月: the first such date after the preceding one
	lastDay  bool // 末日
	rangeEnd bool // follows a range connector after the preceding expression
	absYear  bool // the year is written as a number (not relative)
	aside    bool // in parentheses that qualify a noun (文書（令和7年4月1日廃棄予定）): no anchor
	eraBase  int  // for an era year, the Gregorian year of its year 0 (平成: 1988); else 0
}

// eras: name, abbreviation, first Gregorian year (元年).
var eras = []struct {
	name   [2]rune
	abbrev rune
	first  int
	max    int
}{
	{[2]rune{'令', '和'}, 'R', 2019, 99},
	{[2]rune{'平', '成'}, 'H', 1989, 99},
	{[2]rune{'昭', '和'}, 'S', 1926, 99},
	{[2]rune{'大', '正'}, 'T', 1912, 99},
	{[2]rune{'明', '治'}, 'M', 1868, 99},
}

// relWord is a relative or anaphoric date word.
type relWord struct {
	w             []rune
	unit          byte // 'y', 'm', 'd'
	at            anchor
	off           int
	noKanjiBefore bool // the word is also the tail of other words (事前日程, 説明日)
}

func rw(w string, unit byte, at anchor, off int, guard bool) relWord {
	return relWord{w: []rune(w), unit: unit, at: at, off: off, noKanjiBefore: guard}
}

// relWords is searched in order, so longer words come first (dict/lists.tsv).
var relWords = func() []relWord {
	var out []relWord
	for _, r := range wordLists.RelDates() {
		at := partPub
		if r.Prev {
			at = partPrev
		}
		out = append(out, rw(r.Word, r.Unit, at, r.Offset, r.Guard))
	}
	return out
}()

// relFirst holds the first runes of relWords for a cheap test.
var relFirst = func() map[rune]bool {
	m := map[rune]bool{}
	for _, w := range relWords {
		m[w.w[0]] = true
	}
	return m
}()

// skipSpaces skips at most two spaces (2024 年6月 3 日).
func skipSpaces(r []rune, i int) int {
	for k := 0; k < 2 && i < len(r) && r[i] == ' '; k++ {
		i++
	}
	return i
}

// urlEnd returns the end of a URL starting at i, or i.
func urlEnd(r []rune, i int) int {
	if n := textHasAny(r, i, "http://", "https://", "www."); n == 0 {
		return i
	}
	j := i
	for j < len(r) && r[j] > ' ' && r[j] < 0x7f {
		j++
	}
	return j
}

// scanDates finds every date expression in r.
func scanDates(r []rune) []rawDate {
	var out []rawDate
	rangeAt := -1
	for i := 0; i < len(r); {
		c := r[i]
		if c == 'h' || c == 'w' {
			if e := urlEnd(r, i); e > i {
				i = e
				continue
			}
		}
		if !maybeDateStart(c) {
			i++
			continue
		}
		if rd, ok := parseDateAt(r, i, i == rangeAt); ok {
			rd.rangeEnd = i == rangeAt
			rd.aside = qualifiesNoun(r, rd.s, rd.e)
			if n := len(out); n > 0 && i > 0 && r[i-1] == '・' && out[n-1].e == i-1 && rd.y.at == partNone && rd.m.at == partAbs {
				rd.y = datePart{partPrev, 0} // 令和5年6・7月: 7月 of the same year
			}
			out = append(out, rd)
			rangeAt = connectorEnd(r, rd.e)
			i = rd.e
			continue
		}
		// 平成10~19年度, 2010~2019年: a year range whose first year has no unit
		if rds, e, ok := parseYearRange(r, i); ok {
			out = append(out, rds...)
			rangeAt, i = -1, e
			continue
		}
		// 19年度 ending a range after 平成10年度~: the same era
		if n := len(out); i == rangeAt && n > 0 {
			if rd, ok := rangeYearEnd(r, i, out[n-1]); ok {
				out = append(out, rd)
				rangeAt, i = -1, rd.e
				continue
			}
		}
		// skip the rest of a number so that its tail is not read as one
		switch {
		case isArabicDigit(c):
			for i < len(r) && isArabicDigit(r[i]) {
				i++
			}
		case isKanjiNumeral(c):
			for i < len(r) && isKanjiNumeral(r[i]) {
				i++
			}
		case asciiLetter(c):
			for i < len(r) && asciiAlnum(r[i]) {
				i++
			}
		default:
			i++
		}
	}
	return out
}

func maybeDateStart(c rune) bool {
	if isArabicDigit(c) || isKanjiNumeral(c) || relFirst[c] {
		return true
	}
	switch c {
	case '令', '平', '昭', '大', '明', '西', '翌', '同', 'R', 'H', 'S', 'T', 'M':
		return true
	}
	return false
}

// connectorEnd returns where the end of a range starts when a range
// connector (から, ~, -, より, ないし) follows position e, else -1.
func connectorEnd(r []rune, e int) int {
	j := skipTime(r, skipSpaces(r, e))
	n := textHasAny(r, j, "から", "~", "-", "より", "ないし", "〜")
	if n == 0 {
		return -1
	}
	return skipSpaces(r, j+n)
}

// parseDateAt parses a date expression starting at i.
func parseDateAt(r []rune, i int, inRange bool) (rawDate, bool) {
	c := r[i]
	// relative and anaphoric words
	if relFirst[c] {
		if rd, ok := parseRelative(r, i); ok {
			return rd, true
		}
	}
	switch c {
	case '西':
		if textHas(r, i, "西暦") {
			j := skipSpaces(r, i+2)
			if j < len(r) && isNumeralStart(r[j]) {
				if rd, ok := parseNumericDate(r, j, inRange, true); ok && rd.absYear {
					rd.s = i
					return rd, true
				}
			}
		}
		return rawDate{}, false
	case '翌':
		j := skipSpaces(r, i+1)
		if j < len(r) && isNumeralStart(r[j]) && !isKanjiNumeral(r[j]) {
			if rd, ok := parseNumericDate(r, j, true, true); ok {
				if !rd.absYear {
					rd.next = true
					rd.s = i
				}
				return rd, true
			}
		}
		return rawDate{}, false
	case '同':
		// 同26日: that day in the month of the preceding date
		j := i + 1
		if n, ok := readSmallNum(r, j); ok && !n.kanji && n.val >= 1 && n.val <= 31 {
			k := skipSpaces(r, n.end)
			if k < len(r) && r[k] == '日' && !badFullDaySuffix(r, k+1) {
				rd := rawDate{s: i, e: k + 1, m: datePart{partPrev, 0}, d: datePart{partAbs, n.val}}
				rd.e = dateSuffixes(r, rd.e)
				return rd, true
			}
		}
		return rawDate{}, false
	}
	if isEraStart(r, i) {
		return parseEraDate(r, i)
	}
	if isNumeralStart(c) {
		return parseNumericDate(r, i, inRange, false)
	}
	return rawDate{}, false
}

// isEraStart reports whether an era name or abbreviation starts at i.
func isEraStart(r []rune, i int) bool {
	if i >= len(r) {
		return false
	}
	for _, e := range eras {
		if i+1 < len(r) && r[i] == e.name[0] && r[i+1] == e.name[1] {
			return true
		}
		if r[i] == e.abbrev && i+1 < len(r) && isArabicDigit(r[i+1]) && (i == 0 || !asciiAlnum(r[i-1])) {
			return true
		}
	}
	return false
}

// readEraYear reads an era year (令和5年, 平成元年, R5, 平成三十一) at i and
// returns the Gregorian year and the end of the number.
func readEraYear(r []rune, i int) (year, end int, abbrev, ok bool) {
	if i >= len(r) {
		return 0, 0, false, false
	}
	for _, e := range eras {
		var j int
		switch {
		case i+1 < len(r) && r[i] == e.name[0] && r[i+1] == e.name[1]:
			j = skipSpaces(r, i+2)
		case r[i] == e.abbrev && i+1 < len(r) && isArabicDigit(r[i+1]):
			j, abbrev = i+1, true
		default:
			continue
		}
		if j < len(r) && r[j] == '元' && !abbrev {
			return e.first, j + 1, false, true
		}
		n, ok := readSmallNum(r, j)
		if !ok || n.val < 1 || n.val > e.max || (!n.kanji && n.digits > 2) {
			return 0, 0, false, false
		}
		return e.first + n.val - 1, n.end, abbrev, true
	}
	return 0, 0, false, false
}

// parseEraDate parses a date that starts with an era year.
func parseEraDate(r []rune, i int) (rawDate, bool) {
	y, j, abbrev, ok := readEraYear(r, i)
	if !ok {
		return rawDate{}, false
	}
	j = skipSpaces(r, parenYear(r, j, y))
	if j < len(r) && r[j] == '年' {
		rd, ok := afterYearUnit(r, i, j+1, y)
		rd.eraBase = eraBaseOf(r, i, y)
		return rd, ok
	}
	if j+1 < len(r) && isDateSep(r[j]) && isNumeralStart(r[j+1]) {
		rd, ok := afterYearSep(r, i, j, y)
		if ok && abbrev && rd.d.at != partAbs {
			return rawDate{}, false // M7.1 is a magnitude, R3.7 too short to trust
		}
		return rd, ok
	}
	return rawDate{}, false
}

func isDateSep(c rune) bool { return c == '/' || c == '-' || c == '.' || c == '・' }

// yearRejects are what after 年 makes a duration or a count of years
// rather than a calendar year.
var yearRejects = wordLists.Words(dict.ListYearReject)

func badYearSuffix(r []rune, j int) bool {
	if textHasAny(r, j, "前半", "前後", "後半", "半ば", "生まれ", "来年") > 0 {
		return false
	}
	if textHasAny(r, j, "前", "後", "半") > 0 {
		return true
	}
	return textHasAny(r, j, yearRejects...) > 0
}

// dualYear skips "(平成30年)" after 2018年 (or "(2018年)" after 平成30年)
// when it names the same year.
func dualYear(r []rune, j, y int) int {
	k := skipSpaces(r, j)
	if k >= len(r) || r[k] != '(' {
		return j
	}
	k++
	var y2, e int
	if isEraStart(r, k) {
		var ok bool
		if y2, e, _, ok = readEraYear(r, k); !ok {
			return j
		}
	} else if n, ok := readSmallNum(r, k); ok && n.positional && n.digits == 4 {
		y2, e = n.val, n.end
	} else {
		return j
	}
	e = skipSpaces(r, e)
	if y2 != y || e+1 >= len(r) || r[e] != '年' || r[e+1] != ')' {
		return j
	}
	return e + 2
}

// parenYear skips the "(令和6)" of "2024(令和6)年" (or the "(2024)" of
// "令和6(2024)年") when it names the same year as y; it returns j when not.
func parenYear(r []rune, j, y int) int {
	if j >= len(r) || r[j] != '(' {
		return j
	}
	k := j + 1
	var y2, e int
	if isEraStart(r, k) {
		var ok bool
		if y2, e, _, ok = readEraYear(r, k); !ok {
			return j
		}
	} else if n, ok := readSmallNum(r, k); ok && n.positional && n.digits == 4 {
		y2, e = n.val, n.end
	} else {
		return j
	}
	if y2 != y || e >= len(r) || r[e] != ')' {
		return j
	}
	return e + 1
}

// afterYearUnit continues a date after "YYYY年" (s: start, j: after 年).
func afterYearUnit(r []rune, s, j, y int) (rawDate, bool) {
	rd := rawDate{s: s, y: datePart{partAbs, y}, absYear: true}
	j = dualYear(r, j, y)
	if j < len(r) && r[j] == '度' {
		rd.fiscal = true
		rd.e = dateSuffixes(r, j+1)
		return rd, true
	}
	if badYearSuffix(r, j) {
		return rawDate{}, false
	}
	rd.e = j
	k := j
	if k < len(r) && r[k] == '/' {
		k++
	}
	k = skipSpaces(r, k)
	if m, ok := readSmallNum(r, k); ok && m.val >= 1 && m.val <= 12 && (m.kanji || m.digits <= 2) {
		u := skipSpaces(r, m.end)
		switch {
		case u < len(r) && r[u] == '月':
			rd.m = datePart{partAbs, m.val}
			rd.e = u + 1
			return afterMonthUnit(r, rd)
		case u+2 < len(r) && r[u] == '・' && isArabicDigit(r[u+1]) && textHasAny(r, u+2, "月", "0月", "1月", "2月") > 0:
			// 令和5年6・7月分: this month; the scan reads the next one
			rd.m = datePart{partAbs, m.val}
			rd.e = m.end
			return rd, true
		case k > j && r[j] == '/' && (u >= len(r) || !isArabicDigit(r[u]) && !isDateSep(r[u])):
			// 2021年/7
			rd.m = datePart{partAbs, m.val}
			rd.e = m.end
			rd.e = dateSuffixes(r, rd.e)
			return rd, true
		}
	}
	rd.e = dateSuffixes(r, rd.e)
	return rd, true
}

// afterMonthUnit continues a date after "M月" with an optional day.
func afterMonthUnit(r []rune, rd rawDate) (rawDate, bool) {
	j := rd.e
	if badMonthSuffix(r, j) {
		return rawDate{}, false
	}
	if textHas(r, j, "期") { // 2024年3月期
		rd.e = j + 1
		return rd, true
	}
	if textHas(r, j, "末日") {
		rd.lastDay = true
		rd.e = dateSuffixes(r, j+2)
		return rd, true
	}
	k := j
	if k < len(r) && r[k] == '/' {
		k++
	}
	k = skipSpaces(r, k)
	if d, ok := readSmallNum(r, k); ok && d.val >= 1 && d.val <= 31 && (d.kanji || d.digits <= 2) {
		u := skipSpaces(r, d.end)
		if u < len(r) && r[u] == '日' {
			if badFullDaySuffix(r, u+1) {
				// 2月3日間 and the like: the month stands alone
				rd.e = dateSuffixes(r, rd.e)
				return rd, true
			}
			rd.d = datePart{partAbs, d.val}
			rd.e = dateSuffixes(r, u+1)
			return rd, true
		}
	}
	rd.e = dateSuffixes(r, rd.e)
	return rd, true
}

// afterYearSep continues a date written with separators: 2021/7/18,
// 2021-7-18, 2021.7.18, 2021・7・18, 令和3.7, 2021/7月.
func afterYearSep(r []rune, s, j, y int) (rawDate, bool) {
	sep := r[j]
	m, ok := readSmallNum(r, j+1)
	if !ok || m.val < 1 || m.val > 12 || (!m.kanji && m.digits > 2) {
		return rawDate{}, false
	}
	rd := rawDate{s: s, y: datePart{partAbs, y}, m: datePart{partAbs, m.val}, absYear: true}
	k := m.end
	if k < len(r) && r[k] == '月' && !m.kanji {
		rd.e = k + 1
		return afterMonthUnit(r, rd)
	}
	if k+1 < len(r) && r[k] == sep && isNumeralStart(r[k+1]) {
		d, ok := readSmallNum(r, k+1)
		if !ok || d.val < 1 || d.val > 31 || (!d.kanji && d.digits > 2) || d.kanji != m.kanji {
			return rawDate{}, false
		}
		e := d.end
		if e < len(r) && r[e] == '日' {
			e++
		} else if sepTail(r, e, sep) {
			return rawDate{}, false
		}
		rd.d = datePart{partAbs, d.val}
		rd.e = dateSuffixes(r, e)
		return rd, true
	}
	if sepTail(r, k, sep) {
		return rawDate{}, false
	}
	rd.e = dateSuffixes(r, k)
	return rd, true
}

// sepTail reports whether what follows a separated date at e shows it is
// something else: more numbers (2023.0.1.5, 192.168.1.1), a decimal or
// a unit (7.18メートル is caught before, 2021.5kg here).
func sepTail(r []rune, e int, sep rune) bool {
	if e >= len(r) {
		return false
	}
	c := r[e]
	if asciiAlnum(c) || c == '%' || isKanjiNumeral(c) {
		return true
	}
	if (c == sep || c == '.' || c == '/' || c == ':' || c == ',') && e+1 < len(r) && isArabicDigit(r[e+1]) {
		return true
	}
	return false
}

// versionBefore reports whether a version word precedes position i.
func versionBefore(r []rune, i int) bool {
	j := i
	for j > 0 && r[j-1] == ' ' {
		j--
	}
	for _, w := range []string{"バージョン", "Ver.", "ver.", "VER.", "Ver", "ver", "version", "Version", "v", "V", "No.", "No", "no."} {
		if textEndsWith(r, j, w) {
			return true
		}
	}
	return false
}

// badPrefix reports whether the rune before a number makes it something
// other than a date: an ordinal (第), an amount (約, 数), a rate (毎, 週),
// a code (〒, letters, digits and separators).
func badPrefix(r []rune, i int, inRange bool) bool {
	if i == 0 {
		return false
	}
	p := r[i-1]
	switch p {
	case '第', '約', '数', '何', '毎', '週', '各', '〒', '満', '築', '計', '全', '延', '丸', '残', '#', '@', '_', '+', '¥', '$', '\\', '=', '^', '*':
		return true
	case '.', ',', '/':
		return true
	case ':': // 13:00, but not 発生日:2024.3.8
		return i >= 2 && isArabicDigit(r[i-2])
	case '-', '~':
		return !inRange
	}
	if asciiAlnum(p) {
		return true
	}
	if i >= 2 && r[i-2] == '毎' {
		return true
	}
	return textHasAny(r, max(0, i-3), "およそ") > 0 && textEndsWith(r, i, "およそ")
}

// parseNumericDate parses a date that starts with a number at i.
func parseNumericDate(r []rune, i int, inRange, prefixed bool) (rawDate, bool) {
	if !prefixed && badPrefix(r, i, inRange) {
		return rawDate{}, false
	}
	n, ok := readSmallNum(r, i)
	if !ok {
		return rawDate{}, false
	}
	j := skipSpaces(r, n.end)
	// a year: 4 digits (Arabic or kanji positional)
	if n.positional && n.digits == 4 && n.val >= 1000 && n.val <= 2999 {
		j = skipSpaces(r, parenYear(r, j, n.val))
		if j < len(r) && r[j] == '年' {
			return afterYearUnit(r, i, j+1, n.val)
		}
		if n.end < len(r) && isDateSep(r[n.end]) && n.end+1 < len(r) && isNumeralStart(r[n.end+1]) &&
			n.val >= 1800 && n.val <= 2200 && (!n.kanji || r[n.end] == '・') {
			if r[n.end] == '.' && versionBefore(r, i) {
				return rawDate{}, false
			}
			return afterYearSep(r, i, n.end, n.val)
		}
		return rawDate{}, false
	}
	if !n.kanji && n.digits > 2 {
		return rawDate{}, false
	}
	// a two-digit year (25年12月19日, 23年度) where the text writes a year of
	// the 2000s elsewhere (§10)
	if n.positional && !n.kanji && n.digits == 2 && j < len(r) && r[j] == '年' && twoDigitYearFollows(r, j+1) && writes2000s(r) {
		return afterYearUnit(r, i, j+1, 2000+n.val)
	}
	// a month
	if j < len(r) && r[j] == '月' && n.val >= 1 && n.val <= 12 {
		if !inRange && monthAloneBad(r, i) {
			return rawDate{}, false
		}
		rd := rawDate{s: i, e: j + 1, m: datePart{partAbs, n.val}}
		return afterMonthUnit(r, rd)
	}
	// M/D
	if !n.kanji && n.end+1 < len(r) && r[n.end] == '/' && isArabicDigit(r[n.end+1]) && n.val >= 1 && n.val <= 12 {
		d, ok := readSmallNum(r, n.end+1)
		if !ok || d.digits > 2 || d.val < 1 || d.val > daysIn(2024, n.val) || sepTail(r, d.end, '/') {
			return rawDate{}, false
		}
		e := d.end
		if e < len(r) && r[e] == '日' {
			e++
		}
		return rawDate{s: i, e: dateSuffixes(r, e), m: datePart{partAbs, n.val}, d: datePart{partAbs, d.val}}, true
	}
	// a day alone
	if j < len(r) && r[j] == '日' && n.val >= 1 && n.val <= 31 {
		if badDaySuffix(r, j+1) || dayAloneBadPrefix(r, i) {
			return rawDate{}, false
		}
		if !inRange && (n.kanji || !dayAloneContext(r, j+1)) {
			return rawDate{}, false
		}
		return rawDate{s: i, e: dateSuffixes(r, j+1), d: datePart{partAbs, n.val}}, true
	}
	return rawDate{}, false
}

// monthAloneBad: 毎年6月, 年3月 (a year that did not parse), 数か月.
func monthAloneBad(r []rune, i int) bool {
	k := i
	for k > 0 && r[k-1] == ' ' {
		k--
	}
	return k > 0 && (r[k-1] == '年' || r[k-1] == '毎') || endsWithAny(r, k, monthDurationBefore...)
}

// monthDurationBefore are words before N月 that make it a duration
// (停職3月: three months' suspension), not a month (§10).
var monthDurationBefore = wordLists.Words(dict.ListMonthDurationBefore)

// endsWithAny reports whether r[:i] ends with one of ws.
func endsWithAny(r []rune, i int, ws ...string) bool {
	for _, w := range ws {
		if textEndsWith(r, i, w) {
			return true
		}
	}
	return false
}

// eraBaseOf returns the Gregorian year of year 0 of the era written at i.
func eraBaseOf(r []rune, i, y int) int {
	for _, e := range eras {
		if textHas(r, i, string(e.name[:])) || r[i] == e.abbrev {
			return e.first - 1
		}
	}
	return 0
}

// yearTail reads N年 or N年度 at j (N of one or two digits, or four) and
// returns the number, whether it is a fiscal year and the end.
func yearTail(r []rune, j int) (n int, fiscal bool, end int, ok bool) {
	m, ok := readSmallNum(r, j)
	if !ok || m.kanji || m.digits > 4 || m.digits == 3 {
		return 0, false, 0, false
	}
	k := skipSpaces(r, m.end)
	if k >= len(r) || r[k] != '年' {
		return 0, false, 0, false
	}
	if k+1 < len(r) && r[k+1] == '度' {
		return m.val, true, k + 2, true
	}
	if twoDigitYearFollows(r, k+1) {
		return 0, false, 0, false // 19年3月: a date, read by the scan
	}
	return m.val, false, k + 1, true
}

// parseYearRange reads a range of years whose first year has no unit:
// 平成10~19年度 (both in the era), 2010~2019年度, 2018~23年.
func parseYearRange(r []rune, i int) ([]rawDate, int, bool) {
	var y1, base, j int
	if isEraStart(r, i) {
		y, e, _, ok := readEraYear(r, i)
		if !ok {
			return nil, 0, false
		}
		y1, base, j = y, eraBaseOf(r, i, y), e
	} else {
		n, ok := readSmallNum(r, i)
		if !ok || !n.positional || n.kanji || n.digits != 4 || n.val < 1900 || n.val > 2100 || badPrefix(r, i, false) {
			return nil, 0, false
		}
		y1, base, j = n.val, n.val/100*100, n.end
	}
	if j >= len(r) || r[j] != '~' {
		return nil, 0, false
	}
	n2, fiscal, end, ok := yearTail(r, j+1)
	if !ok {
		return nil, 0, false
	}
	y2 := n2
	if n2 < 100 {
		y2 = base + n2
	}
	if y2 <= y1 || y2-y1 > 100 {
		return nil, 0, false
	}
	a := rawDate{s: i, e: j, y: datePart{partAbs, y1}, absYear: true, fiscal: fiscal, eraBase: base}
	b := rawDate{s: j + 1, e: dateSuffixes(r, end), y: datePart{partAbs, y2}, absYear: true, fiscal: fiscal, rangeEnd: true, eraBase: base}
	return []rawDate{a, b}, b.e, true
}

// rangeYearEnd reads the year that ends a range after an era year without
// its era (平成10年度~19年度: 平成19年度).
func rangeYearEnd(r []rune, i int, prev rawDate) (rawDate, bool) {
	if prev.eraBase == 0 || prev.y.at != partAbs {
		return rawDate{}, false
	}
	n, fiscal, end, ok := yearTail(r, i)
	if !ok || n >= 100 || fiscal != prev.fiscal || prev.eraBase+n <= prev.y.v {
		return rawDate{}, false
	}
	return rawDate{s: i, e: dateSuffixes(r, end), y: datePart{partAbs, prev.eraBase + n}, absYear: true, fiscal: fiscal, rangeEnd: true, eraBase: prev.eraBase}, true
}

// twoDigitYearFollows reports whether what follows 年 at j makes a
// two-digit number before it a year: 度, or a month (12月).
func twoDigitYearFollows(r []rune, j int) bool {
	if j < len(r) && r[j] == '度' {
		return true
	}
	m, ok := readSmallNum(r, skipSpaces(r, j))
	if !ok || m.kanji || m.val < 1 || m.val > 12 {
		return false
	}
	k := skipSpaces(r, m.end)
	return k < len(r) && r[k] == '月'
}

// writes2000s reports whether the text writes a four-digit year of the
// 2000s (2025年, 2025/…).
func writes2000s(r []rune) bool {
	for k := 0; k+4 < len(r); k++ {
		if r[k] == '2' && r[k+1] == '0' && isArabicDigit(r[k+2]) && isArabicDigit(r[k+3]) && (k == 0 || !isArabicDigit(r[k-1])) &&
			(r[k+4] == '年' || r[k+4] == '/' || r[k+4] == '.' || r[k+4] == '-') {
			return true
		}
	}
	return false
}

// qualifiesNoun reports whether the date [s, e) sits in parentheses right
// after a noun and is followed by more words inside them: 文書（令和7年4月1日
// 廃棄予定）. Such a date is no anchor for a following 翌日 or 同日 (§10).
func qualifiesNoun(r []rune, s, e int) bool {
	if s < 2 || r[s-1] != '(' || !(isHan(r[s-2]) || isKatakana(r[s-2])) {
		return false
	}
	if e >= len(r) || r[e] == ')' {
		return false
	}
	for k := e; k < len(r) && k-e < 20; k++ {
		if r[k] == ')' {
			return true
		}
		if r[k] == '\n' || r[k] == '。' {
			return false
		}
	}
	return false
}

// skipTime skips a time of day written right after a date (22:00, 午後5時30分)
// so that a range connector after it is seen: 6月2日(月)22:00~6月3日(火)06:00.
func skipTime(r []rune, j int) int {
	k := j
	if n := textHasAny(r, k, "午前", "午後"); n > 0 {
		k += n
	}
	d := k
	for d < len(r) && isArabicDigit(r[d]) {
		d++
	}
	if d == k || d-k > 2 || d >= len(r) {
		return j
	}
	switch {
	case r[d] == ':' && d+2 < len(r) && isArabicDigit(r[d+1]) && isArabicDigit(r[d+2]):
		d += 3
	case r[d] == '時':
		d++
		m := d
		for m < len(r) && isArabicDigit(r[m]) {
			m++
		}
		if m > d && m < len(r) && r[m] == '分' {
			d = m + 1
		}
	default:
		return j
	}
	return skipSpaces(r, d)
}

var monthRejects = wordLists.Words(dict.ListMonthReject)

func badMonthSuffix(r []rune, j int) bool {
	if textHasAny(r, j, monthRejects...) > 0 {
		return true
	}
	return textHas(r, j, "に") && j+1 < len(r) && isNumeralStart(r[j+1])
}

var dayRejects = wordLists.Words(dict.ListDayReject)

// badFullDaySuffix: after a month and day only a few words make a span
// of days (2月3日間 is rare; 12月18日で, 1月3日も are dates).
func badFullDaySuffix(r []rune, j int) bool {
	return textHasAny(r, j, "間", "目", "ぶり", "振り", "半") > 0
}

func badDaySuffix(r []rune, j int) bool {
	j = skipSpaces(r, j)
	if textHasAny(r, j, "前後") > 0 {
		return false
	}
	if textHasAny(r, j, dayRejects...) > 0 {
		return true
	}
	if j < len(r) && isNumeralStart(r[j]) {
		return true // 1日1時間
	}
	return textHas(r, j, "に") && j+1 < len(r) && isNumeralStart(r[j+1])
}

// dayAloneBadPrefix: 週3日, 年20日, 1年2ヶ月10日, 7日に1日.
func dayAloneBadPrefix(r []rune, i int) bool {
	k := i
	for k > 0 && r[k-1] == ' ' {
		k--
	}
	if k == 0 {
		return false
	}
	switch r[k-1] {
	case '年', '月', '週', '日', '間', '毎', '〜':
		return true
	case 'に':
		return k >= 2 && (r[k-2] == '日' || r[k-2] == '月' || r[k-2] == '年' || r[k-2] == '週' || r[k-2] == '回')
	}
	return false
}

// dayAloneContext: what follows a day written alone (18日) must read like a
// date: punctuation, a weekday, a time of day, a particle of time.
func dayAloneContext(r []rune, j int) bool {
	if j >= len(r) {
		return true
	}
	c := r[j]
	switch c {
	case '\n', '\r', ' ', '、', ',', '。', '.', ')', '」', '』', '】', ']', '・', '(', '~', '-', '付', '頃',
		'午', '朝', '昼', '夕', '夜', '晩', '未', '早', '深', '正', '発', '開', '締', '現', '時', 'と', 'は', '曜', '以', 'の', 'に':
		return true
	}
	if textHasAny(r, j, "から", "まで", "ごろ", "より") > 0 {
		return true
	}
	if isWeekday(c) && j+1 < len(r) && r[j+1] == '曜' {
		return true
	}
	if isArabicDigit(c) { // 25日13時, 31日22:00
		k := j
		for k < len(r) && isArabicDigit(r[k]) {
			k++
		}
		return k < len(r) && (r[k] == '時' || r[k] == ':')
	}
	return false
}

// dateSuffixes consumes a weekday and the words that qualify a date without
// changing its value (上旬, 末, 頃, 以降 …).
func dateSuffixes(r []rune, j int) int {
	for {
		k := skipSpaces(r, j)
		if k < len(r) && r[k] == '(' {
			if e := weekdayParen(r, k); e > k {
				j = e
				continue
			}
		}
		if k < len(r) && isWeekday(r[k]) && k+1 < len(r) && r[k+1] == '曜' {
			e := k + 2
			if e < len(r) && r[e] == '日' {
				e++
			}
			j = e
			continue
		}
		if n := textHasAny(r, j, "上旬", "中旬", "下旬", "初旬", "末", "頃", "ごろ", "ころ", "初め", "始め", "はじめ",
			"初頭", "頭", "前半", "後半", "半ば", "なかば", "終わり", "おわり", "以前", "以降", "以来", "以後", "前後", "中", "付"); n > 0 {
			j += n
			continue
		}
		return j
	}
}

func isWeekday(c rune) bool {
	switch c {
	case '月', '火', '水', '木', '金', '土', '日':
		return true
	}
	return false
}

// weekdayParen returns the end of "(水)", "(月・祝)", "(木曜日)" at k, or k.
func weekdayParen(r []rune, k int) int {
	j := k + 1
	if j >= len(r) || !(isWeekday(r[j]) || r[j] == '祝') {
		return k
	}
	for j < len(r) && j-k < 8 {
		switch r[j] {
		case ')':
			return j + 1
		case '月', '火', '水', '木', '金', '土', '日', '曜', '祝', '休', '・', '、', ' ':
			j++
		default:
			return k
		}
	}
	return k
}

// parseRelative parses a relative or anaphoric word at i (今年, 同月26日,
// 昨年9月, 本日, 翌日, 今年度).
func parseRelative(r []rune, i int) (rawDate, bool) {
	for _, w := range relWords {
		if !textHasRunes(r, i, w.w) {
			continue
		}
		if w.noKanjiBefore && i > 0 && isHan(r[i-1]) {
			return rawDate{}, false
		}
		j := i + len(w.w)
		if j < len(r) && r[j] == '比' {
			return rawDate{}, false
		}
		rd := rawDate{s: i, e: j}
		switch w.unit {
		case 'd':
			if textHas(r, j, "本") && w.w[0] == '今' { // 今日本 (今、日本)
				return rawDate{}, false
			}
			rd.dayWord = true
			rd.d = datePart{w.at, w.off}
			rd.e = dateSuffixes(r, j)
			return rd, true
		case 'm':
			rd.m = datePart{w.at, w.off}
			k := skipSpaces(r, j)
			if d, ok := readSmallNum(r, k); ok && d.val >= 1 && d.val <= 31 && (d.kanji || d.digits <= 2) {
				u := skipSpaces(r, d.end)
				if u < len(r) && r[u] == '日' && !badFullDaySuffix(r, u+1) {
					rd.d = datePart{partAbs, d.val}
					rd.e = u + 1
				}
			}
			rd.e = dateSuffixes(r, rd.e)
			return rd, true
		case 'y':
			if textHasAny(r, j, "代", "齢", "輩", "生", "同期") > 0 {
				return rawDate{}, false
			}
			rd.y = datePart{w.at, w.off}
			if j < len(r) && r[j] == '度' {
				if j+1 < len(r) && r[j+1] == '比' {
					return rawDate{}, false
				}
				rd.fiscal = true
				rd.e = dateSuffixes(r, j+1)
				return rd, true
			}
			k := skipSpaces(r, j)
			if m, ok := readSmallNum(r, k); ok && m.val >= 1 && m.val <= 12 && (m.kanji || m.digits <= 2) {
				u := skipSpaces(r, m.end)
				if u < len(r) && r[u] == '月' {
					rd.m = datePart{partAbs, m.val}
					rd.e = u + 1
					return afterMonthUnit(r, rd)
				}
			}
			rd.e = dateSuffixes(r, j)
			return rd, true
		}
	}
	return rawDate{}, false
}

func textHasRunes(r []rune, i int, w []rune) bool {
	if i+len(w) > len(r) {
		return false
	}
	for k, c := range w {
		if r[i+k] != c {
			return false
		}
	}
	return true
}
