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

// Category rules: what puts a category word under a leak scope.
const (
	ruleLeakSentence = "leak-sentence"       // its sentence says data leaked
	ruleHeldBy       = "held-by-compromised" // held on something an incident hit
	ruleLeakLabel    = "leak-label"          // 漏えいした情報：氏名、住所
	ruleLeakSection  = "leak-section"        // an item under a leak heading
	ruleHeldOnLost   = "held-on-lost"        // held on what the document says was lost or exposed
)

// leakScope returns the rule that puts the category word at s under a leak
// context, or "" when none does.
func (a *analysis) leakScope(s int) string {
	sent := a.sentenceAt(s)
	if sent.has(dict.CueWarning) || sent.has(dict.CuePrevent) || a.question(sent) {
		return ""
	}
	if sent.has(dict.CueLeak) && !sent.has(dict.CueElsewhere) {
		return ruleLeakSentence
	}
	if a.heldByCompromised(sent) {
		return ruleHeldBy
	}
	if sent.has(dict.CueContain) && sent.prose && len(a.rawCues) > 0 {
		// USBメモリには…氏名、住所…が入っていた, in a document whose
		// incident cues hold elsewhere: what the lost thing held (§10)
		return ruleHeldOnLost
	}
	l := a.lineAt(s)
	if l.label != scopeNone && s >= l.labelEnd {
		if l.label == scopeLeak {
			return ruleLeakLabel
		}
		return ""
	}
	if l.scope != scopeLeak {
		return ""
	}
	if sent.prose && !l.marked {
		return "" // prose under a bare heading or headline needs its own cue
	}
	if sent.prose {
		// an aside in a leak section (なお、…) needs its own leak cue
		st, _ := trimSpace(a.runes, sent.start, sent.end)
		for st < sent.end && (a.runes[st] == '\n' || a.runes[st] == ' ') {
			st++
		}
		if a.cueAt(st, dict.CueNote) {
			return ""
		}
	}
	return ruleLeakSection
}

// question reports whether the sentence asks (Q. パスワードも漏えいしたの
// ですか。): it says nothing leaked; its answer does.
func (a *analysis) question(sent *sentence) bool {
	_, e := trimSpace(a.runes, sent.start, sent.end)
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

// leakedCategories finds the category words under a leak scope, whatever
// the document is about, and says whether one is listed under a leak
// heading or label.
func (a *analysis) leakedCategories() (out []Category, leakSection bool) {
	seen := map[string]bool{}
	emit := func(id string, s, e int, rule string) {
		if seen[id] {
			return
		}
		seen[id] = true
		out = append(out, Category{Category: id, Span: a.d.norm.Span(s, e), Rule: rule})
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
		rule := a.leakScope(m.start)
		if rule == "" || a.negated(m.end, 40, false) {
			continue
		}
		if sent := a.sentenceAt(m.start); sent.has(dict.CueLeak) && a.leakDenied(sent) && a.negatedScope(m.end, 80, false, false) {
			continue // マイナンバー…は…管理しており、これらが漏えいした痕跡は確認されておりません
		}
		leakSection = leakSection || rule == ruleLeakLabel || rule == ruleLeakSection
		emit(m.pay.id, m.start, m.end, rule)
		if a.familyBefore(m.start) {
			emit("family", m.start, m.end, rule+"/family-member") // ご家族の氏名: family and name
		}
	}
	return out, leakSection
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
	if !isArabicDigit(a.runes[k]) {
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
var notDataAfter = wordLists.Words(dict.ListNotDataAfter)

// notData reports whether the text from offset i makes the category word
// that ends there no data item.
func (a *analysis) notData(i int) bool {
	for _, w := range notDataAfter {
		if textHas(a.runes, i, w) {
			return true
		}
	}
	return false
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
