package extract

import (
	"sort"

	"github.com/kohyo-dev/kohyo/dict"
)

// condTheft marks a sentence about a burglary or a theft: 侵入 there is
// physical.
const condTheft = "theft"

type sentence struct {
	start, end int    // [start, end) in normalised runes, terminator included
	prose      bool   // ends with 。 (or ! ?)
	cues       uint32 // cue kinds present, as bits (see cueBit)
}

// cueBit numbers the cue kinds (and condTheft) for sentence bit sets.
var cueBit = func() map[string]uint32 {
	m := map[string]uint32{condTheft: 1}
	for i, k := range dict.CueKinds {
		m[k] = 1 << (i + 1)
	}
	return m
}()

func (s *sentence) has(kind string) bool { return s.cues&cueBit[kind] != 0 }

// splitSentences cuts the text at 。 ! ? and line breaks and records which
// cue kinds each sentence holds.
func (a *analysis) splitSentences() {
	start := 0
	for i, r := range a.runes {
		switch r {
		case '。', '!', '?', '\n':
			a.sents = append(a.sents, sentence{start: start, end: i + 1, prose: r != '\n'})
			start = i + 1
		}
	}
	if start < len(a.runes) {
		a.sents = append(a.sents, sentence{start: start, end: len(a.runes)})
	}
	si := 0
	for _, m := range a.matches {
		for si < len(a.sents)-1 && m.start >= a.sents[si].end {
			si++
		}
		a.sents[si].cues |= m.pay.bit
	}
}

// sentenceAt returns the sentence holding normalised offset i.
func (a *analysis) sentenceAt(i int) *sentence {
	k := sort.Search(len(a.sents), func(k int) bool { return a.sents[k].end > i })
	if k == len(a.sents) {
		return &sentence{start: i, end: i}
	}
	return &a.sents[k]
}

// sentenceSpan is the trimmed text of the sentence holding offset i, as a
// span of the original text (the evidence shown by --explain).
func (a *analysis) sentenceSpan(i int) *Span {
	st := a.sentenceAt(i)
	s, e := st.start, st.end
	for s < e && (a.runes[s] == '\n' || a.runes[s] == ' ' || a.runes[s] == '\t') {
		s++
	}
	for e > s && (a.runes[e-1] == '\n' || a.runes[e-1] == ' ' || a.runes[e-1] == '\t') {
		e--
	}
	if s == e {
		return nil
	}
	sp := a.d.norm.Span(s, e)
	return &sp
}

// softBreak reports whether the line break at offset nl breaks a sentence
// in two, as in text taken from PDF: the line before is long and ends
// mid-sentence, and the next line goes on at once, with no indentation,
// list marker or blank line.
func (a *analysis) softBreak(nl int) bool {
	r := a.runes
	if nl < 0 || nl >= len(r)-1 || r[nl] != '\n' {
		return false
	}
	ls := nl
	for ls > 0 && r[ls-1] != '\n' {
		ls--
	}
	w := a.wrapWidth()
	if w < 0 || !a.brokenLine(ls, nl) {
		return false
	}
	_, e := trimSpace(r, ls, nl)
	if d := e - ls - w; d < -3 || d > 3 {
		return false
	}
	rank, _ := a.marker(nl+1, a.lineEnd(nl+1))
	return rank == rankNone
}

func (a *analysis) lineEnd(i int) int {
	for i < len(a.runes) && a.runes[i] != '\n' {
		i++
	}
	return i
}

// brokenLine reports whether the line [ls, nl) is long, ends mid-sentence
// and is followed at once by an unindented line.
func (a *analysis) brokenLine(ls, nl int) bool {
	r := a.runes
	s, e := trimSpace(r, ls, nl)
	if e-s < 16 || nl+1 >= len(r) {
		return false
	}
	switch r[e-1] {
	case '。', '!', '?', ':', ')', '」', '】', ']':
		return false
	}
	switch r[nl+1] {
	case '\n', ' ', '\t', '\r':
		return false
	}
	return true
}

// wrapWidth is the width at which the document's lines were wrapped, as
// in text taken from PDF: the most common width of broken lines (see
// brokenLine) when at least six lines share it, else -1.
func (a *analysis) wrapWidth() int {
	if a.wrap != 0 {
		return a.wrap
	}
	a.wrap = -1
	widths := map[int]int{}
	best := 0
	ls := 0
	for i, c := range a.runes {
		if c != '\n' {
			continue
		}
		if a.brokenLine(ls, i) {
			_, e := trimSpace(a.runes, ls, i)
			widths[e-ls]++
			if n := widths[e-ls]; n >= 6 && n > best {
				best, a.wrap = n, e-ls
			}
		}
		ls = i + 1
	}
	return a.wrap
}

// scope of a line: whether its section is about leaked data.
const (
	scopeNone = 0
	scopeLeak = 1
	scopeNeg  = -1
)

type line struct {
	start, end int  // [start, end) in normalised runes, without the line break
	scope      int  // effective scope of the line
	marked     bool // the scope comes from a marked heading (1．, ■, (1)), not a bare line
	label      int  // scope given by a "label：" prefix, if any
	labelEnd   int  // offset after the label's colon
}

func (a *analysis) splitLines() {
	var scopes [nRanks]int
	var marked [nRanks]bool
	intro := scopeNone // scope set by a line that introduces a list (以下の…)
	prevBlank := true
	start := 0
	for i := 0; i <= len(a.runes); i++ {
		if i < len(a.runes) && a.runes[i] != '\n' {
			continue
		}
		l := line{start: start, end: i}
		start = i + 1
		s, e := trimSpace(a.runes, l.start, l.end)
		if s == e {
			prevBlank, intro = true, scopeNone
			a.lines = append(a.lines, l)
			continue
		}
		rank, body := a.marker(s, e)
		own := a.classify(body, e)
		prose := a.runes[e-1] == '。'
		if rank == rankNone && introducesList(a.runes[s:e]) && (prose || a.runes[e-1] == ':') {
			// 以下の情報は含まれておりません。 introduces the list below it
			intro = own
		} else if rank == rankHead || rank == rank1 || rank == rank2 || prose {
			intro = scopeNone
		}
		isMarked := rank != rankNone
		if rank == rankNone && prevBlank && !prose && e-s <= 30 && !a.categoryIn(s, e) && !hasRune(a.runes[s:e], '、') {
			rank = rank1 // an unmarked heading: a short line after a blank one
		}
		top := nRanks - 1
		if rank != rankNone {
			scopes[rank], marked[rank] = own, isMarked
			for r := rank + 1; r < nRanks; r++ {
				scopes[r], marked[r] = scopeNone, false
			}
			top = rank
		}
		for r := top; r >= rankHead && l.scope == scopeNone; r-- {
			l.scope, l.marked = scopes[r], marked[r]
		}
		if intro != scopeNone && !prose {
			l.scope, l.marked = intro, true
		}
		// label：value
		for k := body; k < e && k-body <= 20; k++ {
			if a.runes[k] == ':' {
				if c := a.classify(body, k); c != scopeNone {
					l.label, l.labelEnd = c, k+1
				}
				break
			}
			if a.runes[k] == '。' {
				break
			}
		}
		a.lines = append(a.lines, l)
		prevBlank = false
	}
}

// introducesList reports whether a line points at the list below it
// (以下の情報, 次の情報, 下記の項目).
func introducesList(rs []rune) bool {
	return containsWord(rs, "以下") || containsWord(rs, "次の") || containsWord(rs, "下記")
}

// marker reads a list or heading marker at the start of the line [s, e)
// and returns its rank and where the text after it begins. Circled digits
// are read in the original text (NFKC turns ① into 1).
func (a *analysis) marker(s, e int) (int, int) {
	r := a.runes
	orig := a.d.norm.orig[a.d.norm.start[s]]
	switch {
	case orig >= '①' && orig <= '⑳', orig >= '❶' && orig <= '➓', orig >= '㉑' && orig <= '㉟':
		k := s
		for k < e && a.d.norm.start[k] == a.d.norm.start[s] {
			k++
		}
		return rank3, k
	}
	switch r[s] {
	case '【', '[':
		return rankHead, s + 1
	case '■', '□', '◆', '◇', '▼', '▽', '◎':
		return rank1, s + 1
	case '・', '●', '○', '-', '*', '•', '▪', '◦', '>':
		return rank4, s + 1
	case '(':
		k := s + 1
		for k < e && k-s <= 3 && (isArabicDigit(r[k]) || isKanjiNumeral(r[k]) || r[k] >= 'a' && r[k] <= 'z' || r[k] >= 'ア' && r[k] <= 'ン') {
			k++
		}
		if k > s+1 && k < e && r[k] == ')' {
			return rank2, k + 1
		}
		return rankNone, s
	}
	k := s
	for k < e && isArabicDigit(r[k]) {
		k++
	}
	if k > s && k-s <= 2 && k < e {
		switch r[k] {
		case '.', '、', ' ', ':':
			if r[k] == '.' && k+1 < e && isArabicDigit(r[k+1]) {
				return rankNone, s // 2.5 or a date
			}
			return rank1, k + 1
		case ')':
			return rank2, k + 1
		}
		return rankNone, s
	}
	for k = s; k < e && isKanjiNumeral(r[k]); k++ {
	}
	if k > s && k-s <= 2 && k < e && (r[k] == ' ' || r[k] == '、' || r[k] == '.') {
		return rank1, k + 1
	}
	return rankNone, s
}

// classify says whether the text [s, e) speaks of leaked data (a leak or
// containment cue), of data not leaked (the same, negated), or neither.
func (a *analysis) classify(s, e int) int {
	for i := s; i < e; i++ {
		for _, m := range a.matchesAt(i) {
			if m.pay.kind != payCue {
				continue
			}
			switch m.pay.id {
			case dict.CueLeak, dict.CueContain:
				if a.negated(m.end, 12, false) {
					return scopeNeg
				}
				return scopeLeak
			case dict.CueNegation:
				return scopeNeg
			}
		}
	}
	return scopeNone
}

// lineAt returns the line holding normalised offset i.
func (a *analysis) lineAt(i int) *line {
	lo, hi := 0, len(a.lines)
	for lo < hi {
		m := (lo + hi) / 2
		if a.lines[m].end < i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(a.lines) {
		return &line{start: i, end: i}
	}
	return &a.lines[lo]
}

// headAndFirstParagraph returns where the head ends (the start of the first
// line that is prose or long) and the span of the first paragraph: the lines
// from there to the next blank or marked line, cut after a few sentences.
func (a *analysis) headAndFirstParagraph() (headEnd, ps, pe int) {
	li, seen := 0, 0
	for ; li < len(a.lines); li++ {
		l := a.lines[li]
		s, e := trimSpace(a.runes, l.start, l.end)
		if s == e {
			continue
		}
		seen++
		if seen > 8 || e-s > 60 || hasRune(a.runes[s:e], '。') {
			break
		}
	}
	if li == len(a.lines) {
		return len(a.runes), len(a.runes), len(a.runes)
	}
	headEnd = a.lines[li].start
	ps, pe = headEnd, headEnd
	n := 0
	for ; li < len(a.lines); li++ {
		l := a.lines[li]
		s, e := trimSpace(a.runes, l.start, l.end)
		if s == e || pe > ps && a.startsMarked(s, e) {
			break
		}
		pe = l.end
		for k := s; k < e; k++ {
			if a.runes[k] == '。' {
				n++
				if n == maxFirstSentences {
					return headEnd, ps, k + 1
				}
			}
		}
	}
	return headEnd, ps, pe
}

func (a *analysis) startsMarked(s, e int) bool {
	rank, _ := a.marker(s, e)
	return rank != rankNone
}
