package extract

import (
	"sort"
	"strings"

	"github.com/kohyo-dev/kohyo/dict"
)

// tokensFrom returns the kagome tokens of the sentence holding normalised
// offset i, and the index of the first one that ends after i. Sentences
// are tokenised only when a rule needs their tokens (negation scope): most
// of a document never is. With Input.Words the whole text's tokens exist
// already and are reused.
func (a *analysis) tokensFrom(i int) ([]token, int) {
	k := sort.Search(len(a.sents), func(k int) bool { return a.sents[k].end > i })
	if k == len(a.sents) {
		return nil, 0
	}
	s := a.sents[k]
	// a scope reads forward from i: tokenise from the start of i's clause
	// (after the last 、 before it), not from the sentence start
	lo := i
	for lo > s.start && a.runes[lo-1] != '、' {
		lo--
	}
	c, ok := a.toks[k]
	if !ok || c.lo > lo {
		c.lo = lo
		if all := a.d.tokens; all != nil {
			c.lo = s.start
			b := sort.Search(len(all), func(j int) bool { return all[j].End > s.start })
			e := sort.Search(len(all), func(j int) bool { return all[j].Start >= s.end })
			c.toks = all[b:e]
		} else {
			c.toks = a.tokenize(lo, s.end)
		}
		a.toks[k] = c
	}
	toks := c.toks
	return toks, sort.Search(len(toks), func(j int) bool { return toks[j].End > i })
}

func isNegToken(t token) bool {
	switch t.POS() {
	case "助動詞":
		b := t.Base()
		return b == "ない" || b == "ぬ" || b == "ん"
	case "形容詞":
		b := t.Base()
		return b == "ない" || b == "無い"
	}
	return false
}

// endsClause reports whether a comma after t ends a clause rather than a
// list item: t is a conjunctive particle (て, し), an auxiliary (…で、), or a
// verb or adjective in its continuative form (あり、, しており、).
func endsClause(t token) bool {
	switch t.POS() {
	case "助動詞", "動詞", "形容詞":
		return true
	case "助詞":
		return t.POS1() == "接続助詞"
	}
	return false
}

func isPossibility(s string) bool {
	switch s {
	case "可能性", "おそれ", "恐れ", "虞", "疑い", "懸念":
		return true
	}
	return false
}

// negated reports whether the clause that runs from normalised offset from
// is negated (…は含まれておりません, …は確認されていない, 対象外). The
// clause ends at a sentence end, at が、/ものの, after maxTokens tokens, and
// at a comma too when stopAtComma. Past a comma that ends a clause (…で、
// …しており、) it goes on, unless the next clause names data of its own:
// the negation then scopes over that list. 可能性がある ends it positively;
// 否定できない is no negation.
func (a *analysis) negated(from, maxTokens int, stopAtComma bool) bool {
	return a.negatedScope(from, maxTokens, stopAtComma, true)
}

// negatedScope is negated; with dataStops false, a next clause that names
// data of its own does not end the scope (…パスワードは…保管しており、…
// パスワードの…痕跡は確認されなかったことから、いずれも漏えいの対象には
// 含まれない).
func (a *analysis) negatedScope(from, maxTokens int, stopAtComma, dataStops bool) bool {
	if a.positiveAcross(from) {
		return false // 必要がないにもかかわらず: the cue's own ない is concessive
	}
	toks, i := a.tokensFrom(from)
	newClause := false // past a comma that ends a clause (…で、 …しており、)
	heldSaid := false  // a containment cue (入っており, 記録されていた) seen in the scope
	coord := false     // past や、: the budget restarts at the phrase's は, が or も
	for n := 0; n < maxTokens; i, n = i+1, n+1 {
		if i >= len(toks) || strings.ContainsRune(toks[i].Surface, '\n') {
			// a line ends: go on only past a soft break (PDF text)
			if len(toks) == 0 {
				return false
			}
			sent := a.sentenceAt(toks[len(toks)-1].Start)
			nl := sent.end - 1
			if i < len(toks) && toks[i].End < nl || !a.softBreak(nl) {
				return false
			}
			toks, i = a.tokensFrom(sent.end)
			if i >= len(toks) {
				return false
			}
			newClause = false
		}
		t := toks[i]
		s := t.Surface
		switch {
		case s == "。" || s == "!" || s == "?":
			return false
		case coord && (s == "は" || s == "が" || s == "も"):
			coord, n = false, 0
		case s == "、":
			if i > 0 && toks[i-1].Surface == "や" {
				// 不正アクセスや、情報流出は確認されておりません: や、
				// coordinates, and the negation is both words'
				coord = true
			}
			if stopAtComma && !coord {
				return false
			}
			if i > 0 {
				p := toks[i-1]
				if p.Surface == "が" && p.POS1() == "接続助詞" || p.Surface == "ものの" || p.Surface == "けれど" || p.Surface == "けれども" {
					return false
				}
				if endsClause(p) {
					if heldSaid {
						// …が入っており、どちらにも備えがありませんでした: the
						// clause that held the data has ended
						return false
					}
					newClause = true
				}
			}
		}
		if dataStops && newClause && a.categoryIn(t.Start, t.End) {
			// …のメールアドレスで、氏名やご住所は含まれておりません: the
			// next clause has data of its own, and the negation is theirs
			return false
		}
		if a.cueAt(t.Start, dict.CueContain) {
			heldSaid = true
		}
		if a.cueAt(t.Start, dict.CuePositive) {
			return false
		}
		if (s == "て" || s == "で") && t.POS1() == "接続助詞" && i+1 < len(toks) && toks[i+1].POS() == "動詞" && toks[i+1].POS1() == "自立" {
			// 攻撃を受けて使えなくなり: the next verb is a consequence of
			// its own, and its negation is not the cue's (受けていない goes on)
			return false
		}
		if a.cueAt(t.Start, dict.CueNegation) {
			return true
		}
		if (isPossibility(s) || s == "性" && i > 0 && toks[i-1].Surface == "可能") && i+2 < len(toks) {
			p1, p2 := toks[i+1].Surface, toks[i+2].Surface
			if (p1 == "が" || p1 == "も") && strings.HasPrefix(p2, "あ") {
				for k := i + 3; k < len(toks) && k < i+6; k++ {
					if toks[k].Surface == "、" || toks[k].Surface == "。" {
						break
					}
					if isNegToken(toks[k]) {
						return true
					}
				}
				return false
			}
		}
		if isNegToken(t) {
			if i+1 < len(toks) && strings.HasPrefix(toks[i+1].Surface, "よう") {
				continue // 〜ないよう: a purpose, not a negation
			}
			return true
		}
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

// positiveAcross reports whether a cue that only looks negative
// (ないにもかかわらず) starts before offset i and ends after it.
func (a *analysis) positiveAcross(i int) bool {
	for k := max(0, i-4); k < i; k++ {
		for _, m := range a.matchesAt(k) {
			if m.pay.kind == payCue && m.pay.id == dict.CuePositive && m.end > i {
				return true
			}
		}
	}
	return false
}
