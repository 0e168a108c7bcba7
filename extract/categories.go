package extract

import (
	"github.com/kohyo-dev/kohyo/dict"
)

// Leaked data categories (contract §5) are decided by scope. A category
// word counts when it is governed by a leak context and not negated:
//
//   - its sentence says data leaked, was exposed, lost or stolen (流出した
//     可能性があるのは、氏名、住所…), or
//   - its line is an item of a section whose heading says so (2．漏えいした
//     可能性のある情報 / ① 氏名、住所 / ・電話番号), or of a label that says
//     so (誤送付された情報：氏名、住所);
//
// and the clause after it is not negated (…は含まれておりません, 保持して
// おらず, 対象外, 形跡は見つかっていない). Sentences that warn readers (ご注意
// ください, お尋ねすることはありません) and questions (…漏えいしたのですか。)
// add nothing, and prose asides in a leak
// section (なお、… ※…) count only when they themselves say data leaked.

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

// marker ranks of list and heading markers.
const (
	rankNone = iota
	rankHead // 【】 [], above the ■ bullets that often sit under it
	rank1    // 1. 1． 一　 ■
	rank2    // (1) 1)
	rank3    // ① ② (a)
	rank4    // ・ ● -
	nRanks
)

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
		s, e := wTrimSpace(a.runes, l.start, l.end)
		if s == e {
			prevBlank, intro = true, scopeNone
			a.lines = append(a.lines, l)
			continue
		}
		rank, body := a.marker(s, e)
		own := a.classify(body, e)
		prose := a.runes[e-1] == '。'
		if rank == rankNone && wIntroducesList(a.runes[s:e]) && (prose || a.runes[e-1] == ':') {
			// 以下の情報は含まれておりません。 introduces the list below it
			intro = own
		} else if rank == rankHead || rank == rank1 || rank == rank2 || prose {
			intro = scopeNone
		}
		isMarked := rank != rankNone
		if rank == rankNone && prevBlank && !prose && e-s <= 30 && !a.hasCategory(s, e) && !wHasRune(a.runes[s:e], '、') {
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

// wIntroducesList reports whether a line points at the list below it
// (以下の情報, 次の情報, 下記の項目).
func wIntroducesList(rs []rune) bool {
	return wContainsWord(rs, "以下") || wContainsWord(rs, "次の") || wContainsWord(rs, "下記")
}

func wTrimSpace(r []rune, s, e int) (int, int) {
	for s < e && (r[s] == ' ' || r[s] == '\t' || r[s] == '\r') {
		s++
	}
	for e > s && (r[e-1] == ' ' || r[e-1] == '\t' || r[e-1] == '\r') {
		e--
	}
	return s, e
}

func wHasRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func wIsKanjiNumeral(r rune) bool {
	switch r {
	case '一', '二', '三', '四', '五', '六', '七', '八', '九', '十':
		return true
	}
	return false
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
		for k < e && k-s <= 3 && (wIsDigit(r[k]) || wIsKanjiNumeral(r[k]) || r[k] >= 'a' && r[k] <= 'z' || r[k] >= 'ア' && r[k] <= 'ン') {
			k++
		}
		if k > s+1 && k < e && r[k] == ')' {
			return rank2, k + 1
		}
		return rankNone, s
	}
	k := s
	for k < e && wIsDigit(r[k]) {
		k++
	}
	if k > s && k-s <= 2 && k < e {
		switch r[k] {
		case '.', '、', ' ', ':':
			if r[k] == '.' && k+1 < e && wIsDigit(r[k+1]) {
				return rankNone, s // 2.5 or a date
			}
			return rank1, k + 1
		case ')':
			return rank2, k + 1
		}
		return rankNone, s
	}
	for k = s; k < e && wIsKanjiNumeral(r[k]); k++ {
	}
	if k > s && k-s <= 2 && k < e && (r[k] == ' ' || r[k] == '、' || r[k] == '.') {
		return rank1, k + 1
	}
	return rankNone, s
}

func wIsDigit(r rune) bool { return r >= '0' && r <= '9' }

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

func (a *analysis) hasCategory(s, e int) bool {
	for i := s; i < e; i++ {
		for _, m := range a.matchesAt(i) {
			if m.pay.kind == payCategory {
				return true
			}
		}
	}
	return false
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

// inLeakScope reports whether the category word at [s, e) is governed by a
// leak context.
// The second result says whether a section heading or a label governs it.
func (a *analysis) inLeakScope(s int) (ok, section bool) {
	sent := a.sentenceAt(s)
	if sent.has(dict.CueWarning) || sent.has(dict.CuePrevent) || a.question(sent) {
		return false, false
	}
	if sent.has(dict.CueLeak) && !sent.has(dict.CueElsewhere) || a.heldByCompromised(sent) {
		return true, false
	}
	l := a.lineAt(s)
	if l.label != scopeNone && s >= l.labelEnd {
		return l.label == scopeLeak, true
	}
	if l.scope != scopeLeak {
		return false, false
	}
	if sent.prose && !l.marked {
		return false, false // prose under a bare heading or headline needs its own cue
	}
	if sent.prose {
		// an aside in a leak section (なお、…) needs its own leak cue
		st, _ := wTrimSpace(a.runes, sent.start, sent.end)
		for st < sent.end && (a.runes[st] == '\n' || a.runes[st] == ' ') {
			st++
		}
		if a.cueAt(st, dict.CueNote) {
			return false, false
		}
	}
	return true, true
}

// question reports whether the sentence asks (Q. パスワードも漏えいしたの
// ですか。): it says nothing leaked; its answer does.
func (a *analysis) question(sent *sentence) bool {
	_, e := wTrimSpace(a.runes, sent.start, sent.end)
	for e > sent.start && (a.runes[e-1] == '\n' || a.runes[e-1] == ' ') {
		e--
	}
	if e == sent.start {
		return false
	}
	switch a.runes[e-1] {
	case '?':
		return true
	case '。':
		return e-2 >= sent.start && a.runes[e-2] == 'か'
	}
	return false
}

// leakDenied reports whether the sentence has leak verbs and every one is
// negated (漏えいの対象には含まれない, 漏えいの可能性はない). A category word in
// such a sentence is then negated when the negation, read over a long
// clause, reaches back to it.
func (a *analysis) leakDenied(sent *sentence) bool {
	denied := false
	for i := sent.start; i < sent.end; i++ {
		for _, m := range a.matchesAt(i) {
			if m.pay.kind != payCue || m.pay.id != dict.CueLeak {
				continue
			}
			if a.runes[m.start] == '含' {
				continue // 含まれ, 含む list data; they are no leak verb
			}
			if !a.negated(m.end, 15, false) {
				return false
			}
			denied = true
		}
	}
	return denied
}

func (e *Extractor) extractCategories(d *document) []Category {
	return e.analyse(d).categories(e.words)
}

// categories are the leaked categories of a document about an incident
// (see about.go), else none.
func (a *analysis) categories(w *wordIndex) []Category {
	if !a.done[1] {
		a.rawCategories()
		if !a.about(w) {
			a.categoriesOut = nil
		}
		a.done[1] = true
	}
	return a.categoriesOut
}

// rawCategories computes the categories whatever the document is about,
// once.
func (a *analysis) rawCategories() {
	if !a.rawCatsDone {
		a.categoriesOut, a.rawCatsDone = a.categoriesUncached(), true
	}
}

func (a *analysis) categoriesUncached() []Category {
	var out []Category
	seen := map[string]bool{}
	emit := func(id string, s, e int) {
		if seen[id] {
			return
		}
		seen[id] = true
		out = append(out, Category{Category: id, Span: a.d.norm.Span(s, e)})
	}
	for i, m := range a.matches {
		if m.pay.kind != payCategory || seen[m.pay.id] && !a.familyBefore(m.start) {
			continue
		}
		if a.longerCategoryAt(i) {
			continue // 給与収入 is financial, not 給与 (hr)
		}
		if a.afterNumeral(m.start) {
			continue // 約540口座, 10名前後: a counter, not data
		}
		if a.notData(m.end) || m.pay.id == "name" && a.selfBefore(m.start) {
			continue // パスワードを設定, 電子カルテシステム, 同社の名前: no personal data
		}
		ok, section := a.inLeakScope(m.start)
		if !ok || a.negated(m.end, 40, false) {
			continue
		}
		if sent := a.sentenceAt(m.start); sent.has(dict.CueLeak) && a.leakDenied(sent) && a.negatedScope(m.end, 80, false, false) {
			continue // マイナンバー…は…管理しており、これらが漏えいした痕跡は確認されておりません
		}
		a.leakSection = a.leakSection || section
		emit(m.pay.id, m.start, m.end)
		if a.familyBefore(m.start) {
			emit("family", m.start, m.end) // ご家族の氏名: family and name
		}
	}
	return out
}

// familyBefore reports whether a family member and の precede offset i
// (ご家族の氏名, 保護者の氏名, 配偶者様の勤務先).
func (a *analysis) familyBefore(i int) bool {
	k := i - 1
	if k < 1 || a.runes[k] != 'の' {
		return false
	}
	if a.runes[k-1] == '様' {
		k--
	}
	for s := max(0, k-4); s < k; s++ {
		for _, m := range a.matchesAt(s) {
			if m.end == k && (m.pay.kind == payCue && m.pay.id == dict.CueKin || m.pay.kind == payCategory && m.pay.id == "family") {
				return true
			}
		}
	}
	return false
}

// afterNumeral reports whether a number is written right before offset i
// (540口座, 3万口座): the word is a counter there.
func (a *analysis) afterNumeral(i int) bool {
	if i == 0 {
		return false
	}
	k := i - 1
	if k >= 1 && (a.runes[k] == '万' || a.runes[k] == '千' || a.runes[k] == '百' || a.runes[k] == '億') {
		k--
	}
	if !wIsDigit(a.runes[k]) {
		return false
	}
	o := a.d.norm.orig[a.d.norm.start[k]] // ①氏名 is a list item, not 1氏名
	return o >= '0' && o <= '9' || o >= '０' && o <= '９'
}

// longerCategoryAt reports whether another category word starts where
// match i does and is longer.
func (a *analysis) longerCategoryAt(i int) bool {
	m := a.matches[i]
	for _, o := range a.matchesAt(m.start) {
		if o.pay.kind == payCategory && o.end > m.end {
			return true
		}
	}
	return false
}

// heldByCompromised reports whether the sentence says data was held on
// something an incident hit (暗号化されたサーバーには…が保存されていた):
// a containment cue with an incident cue that is not negated.
func (a *analysis) heldByCompromised(sent *sentence) bool {
	if !sent.has(dict.CueContain) {
		return false
	}
	for i := sent.start; i < sent.end; i++ {
		for _, m := range a.matchesAt(i) {
			if m.pay.kind == payIncident && !a.negated(m.end, 12, true) {
				return true
			}
		}
	}
	return false
}

// notDataAfter lists what makes a category word name no data item when
// it follows the word: an action on it (パスワードを設定, パスワードの変更)
// or a system named after it (電子カルテシステム).
var notDataAfter = []string{
	"を設定", "を変更", "を再設定", "をリセット", "を初期化",
	"の設定", "の変更", "の再設定", "のリセット", "の初期化",
	"システム",
}

// notData reports whether the text from offset i makes the category word
// that ends there no data item.
func (a *analysis) notData(i int) bool {
	for _, w := range notDataAfter {
		if wHasPrefixAt(a.runes, i, w) {
			return true
		}
	}
	return false
}

func wHasPrefixAt(rs []rune, i int, w string) bool {
	for _, r := range w {
		if i >= len(rs) || rs[i] != r {
			return false
		}
		i++
	}
	return true
}

// selfBefore reports whether a self-reference and の precede offset i
// (同社の名前, 当社の名前): the name is the organisation's.
func (a *analysis) selfBefore(i int) bool {
	k := i - 1
	if k < 1 || a.runes[k] != 'の' {
		return false
	}
	for s := max(0, k-4); s < k; s++ {
		for _, m := range a.matchesAt(s) {
			if m.end == k && m.pay.kind == payCue && m.pay.id == dict.CueSelf {
				return true
			}
		}
	}
	return false
}
