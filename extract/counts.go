package extract

import "github.com/kohyo-dev/kohyo/dict"

// Record counts (contract §3): every number written before one of the
// counters below, whatever it counts. One pass over the normalised text:
// at each numeral, look right for a counter and left and right for
// qualifiers.

// counters, longest first so that 人分 wins over 人.
var counters = wordLists.Words(dict.ListCounter)

// counterBadNext lists, per counter, what may not follow it: words that
// begin with the counter's character (名前, 社員, 通知, 人材 …).
var counterBadNext = func() map[string]string {
	m := map[string]string{}
	for _, e := range wordLists.Lists[dict.ListCounterBadNext] {
		m[e.Word] = e.Args[0]
	}
	return m
}()

// kanjiWordBefore lists kanji that form a word with a kanji numeral after
// them (同一人物, 統一, 唯一, 単一 …): such a numeral is not a count.
const kanjiWordBefore = "同統唯均単画逐択随合純不無専週毎月年日数何幾第万人"

type qualWord struct {
	w    string
	qual string
}

// qualBefore are qualifiers written before the number, longest first.
var qualBefore = qualWords(dict.ListQualifierBefore)

// qualAfter are qualifiers written after the counter.
var qualAfter = qualWords(dict.ListQualifierAfter)

// qualWords reads a qualifier list of dict/lists.tsv ("-": no qualifier).
func qualWords(list string) []qualWord {
	var out []qualWord
	for _, e := range wordLists.Lists[list] {
		q := e.Args[0]
		if q == "-" {
			q = ""
		}
		out = append(out, qualWord{e.Word, q})
	}
	return out
}

var qualRank = map[string]int{QualMax: 4, QualMin: 3, QualTotal: 2, QualApprox: 1}

func betterQual(a, b string) string {
	if qualRank[b] > qualRank[a] {
		return b
	}
	return a
}

// counterAt returns the counter that starts at j, if any.
func counterAt(r []rune, j int) string {
	for _, c := range counters {
		if textHas(r, j, c) {
			return c
		}
	}
	return ""
}

// countBadPrefix reports whether what precedes the numeral at i makes it
// something other than a count: an ordinal (第), a vague amount (数, 何),
// a code or version (letters, digits, separators).
func countBadPrefix(r []rune, n numeral) bool {
	i := n.start
	if i == 0 {
		return false
	}
	p := r[i-1]
	if (p == ':' || p == '/') && i >= 2 && !asciiAlnum(r[i-2]) && r[i-2] != '/' && r[i-2] != ':' {
		return false // 件数：3件, 3件／4件: a label or a list, not a time or a path
	}
	switch p {
	case '第', '数', '何', '幾', '.', ',', '/', ':', '#', '@', '_', '〒', '¥', '$', '+', '=', '\\', '^', '&':
		return true
	}
	if asciiAlnum(p) {
		return true
	}
	if n.kanji {
		for _, k := range kanjiWordBefore {
			if p == k {
				return true
			}
		}
	}
	return false
}

// countBadNext reports whether what follows the counter c at k makes the
// number an ordinal (3件目), a rate (1人あたり) or part of another word.
func countBadNext(r []rune, k int, c string, n numeral) bool {
	if k >= len(r) {
		return false
	}
	if textHasAny(r, k, "あたり", "当たり", "当り", "につき", "ごと", "ずつ", "毎", "目") > 0 {
		return true
	}
	if bad, ok := counterBadNext[c]; ok {
		for _, b := range bad {
			if r[k] == b {
				return true
			}
		}
	}
	if c == "人" && n.kanji && textHasAny(r, k, "ひとり", "一人", "で", "暮らし", "っ") > 0 {
		return true // 一人ひとり, 一人で, 一人暮らし, 一人っ子
	}
	if isArabicDigit(r[k]) { // 1人1台 is a rate; 2人1組 counts two people
		d := k
		for d < len(r) && isArabicDigit(r[d]) {
			d++
		}
		return !textHas(r, d, "組")
	}
	return false
}

// countQualifier finds the qualifier around a count: before the number
// (約, 最大で約, 計) and after the counter (以上, 程度, 余り).
func countQualifier(r []rune, start, end int) string {
	q := ""
	p := start
	for step := 0; step < 4; step++ {
		for p > 0 && r[p-1] == ' ' {
			p--
		}
		found := false
		for _, w := range qualBefore {
			if textEndsWith(r, p, w.w) {
				q = betterQual(q, w.qual)
				p -= len([]rune(w.w))
				found = true
				break
			}
		}
		if !found {
			break
		}
	}
	k := skipSpaces(r, end)
	for _, w := range qualAfter {
		if textHas(r, k, w.w) {
			q = betterQual(q, w.qual)
			break
		}
	}
	return q
}

// countNumeral parses a numeral at i that may be a count.
func countNumeral(r []rune, i int) (numeral, bool) {
	n, ok := parseNumeral(r, i)
	if !ok || countBadPrefix(r, n) {
		return n, false
	}
	return n, true
}

// extractCounts finds record counts (contract §3).
func extractCounts(d *document) []Count {
	r := maskCircled(d.norm)
	var out []Count
	emit := func(n numeral, v int64, c string, cend, qend int, rule string) {
		out = append(out, Count{
			Rule:      rule,
			Value:     v,
			Counter:   c,
			Qualifier: countQualifier(r, n.start, qend),
			Span:      d.norm.Span(n.start, cend),
		})
	}
	for i := 0; i < len(r); {
		c := r[i]
		if c == 'h' || c == 'w' {
			if e := urlEnd(r, i); e > i {
				i = e
				continue
			}
		}
		if !isNumeralStart(c) {
			i++
			continue
		}
		n, ok := countNumeral(r, i)
		if n.end <= i {
			i++
			continue
		}
		if !ok {
			i = n.end
			continue
		}
		j := skipSpaces(r, n.end)
		cw := counterAt(r, j)
		if cw == "" {
			// the start of a range whose counter comes at its end:
			// 300～500件, 2万5千~3万人, 1～2万件
			if k := countRangeEnd(r, j); k > 0 {
				if m, ok := countNumeral(r, k); ok {
					u := skipSpaces(r, m.end)
					if cw2 := counterAt(r, u); cw2 != "" && !countBadNext(r, u+len([]rune(cw2)), cw2, m) {
						v, ok := n.Int()
						if ok && n.big == 0 && m.big > 0 && v < m.big {
							v *= m.big
						}
						if ok && v > 0 {
							emit(n, v, cw2, n.end, u+len([]rune(cw2)), "range-start-counter-after")
						}
					}
				}
			}
			i = n.end
			continue
		}
		end := j + len([]rune(cw))
		if countBadNext(r, end, cw, n) {
			i = end
			continue
		}
		if v, ok := n.Int(); ok && v >= 0 {
			emit(n, v, cw, end, end, "number-counter") // 0件 is a count too
		}
		i = end
	}
	return out
}

// countRangeEnd returns where the second number of a range starts after
// position j (~, -, から, ないし), or 0.
func countRangeEnd(r []rune, j int) int {
	n := textHasAny(r, j, "~", "-", "から", "ないし", "〜")
	if n == 0 {
		return 0
	}
	k := skipSpaces(r, j+n)
	if k < len(r) && isNumeralStart(r[k]) {
		return k
	}
	return 0
}
