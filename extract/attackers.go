package extract

import (
	"github.com/kohyo-dev/kohyo/dict"
)

// Attackers (contract §4): every alias of the attacker dictionary found in
// the text, reported under its canonical name so that aliases merge
// (BlackCat, ALPHV, ブラックキャット → ALPHV). Ambiguous aliases (~Hive,
// ~Play) count only in a sentence with attacker context (ランサムウェア,
// グループ, 攻撃...). Names absent from the dictionary are found by context:
// ランサムウェアグループ「X」, ハッカー集団「X」, 「X」と名乗る集団,
// ランサムウェアグループを名乗る「X」, …を名乗るグループ「X」; they are
// reported with their surface form and Known false.

func (a *analysis) findAttackers(w *wordIndex) []Attacker {
	var out []Attacker
	seen := map[string]bool{}
	for _, m := range a.matches {
		if m.pay.kind != payAttacker {
			continue
		}
		ent := w.attackers[m.pay.attacker]
		if seen[ent.Name] {
			continue
		}
		if m.pay.ambiguous && !a.sentenceAt(m.start).has(dict.CueAttackCtx) {
			continue
		}
		if a.aliasStartsWord(m) {
			continue
		}
		seen[ent.Name] = true
		rule := "dictionary"
		if m.pay.ambiguous {
			rule = "dictionary-ambiguous-with-context"
		}
		out = append(out, Attacker{Name: ent.Name, Known: true, Kind: ent.Kind, Span: a.d.norm.Span(m.start, m.end), Rule: rule})
	}
	for _, u := range append(a.unknownAttackers(), a.unquotedAttackers()...) {
		key := dict.AliasKey(u.Name)
		if seen[u.Name] || seen[key] {
			continue
		}
		seen[u.Name], seen[key] = true, true
		out = append(out, u)
	}
	return out
}

// honorifics said of a person: アキラさん, Akira氏 name people, not attackers.
var honorifics = []string{"さん", "氏", "様", "君", "くん", "ちゃん", "殿"}

// attackWordsAfter may follow an ambiguous alias directly and keep it a
// name (Mirai型, ミライ被害, Miraiボットネット), besides the attack-context
// and cyber cue words (攻撃, 感染, ランサムウェア).
var attackWordsAfter = []string{"型", "系", "等", "被害", "事案", "事件", "ボット"}

// aliasStartsWord reports whether the alias matched by m is only the first
// part of a longer word and so no attacker: any alias followed by a
// person's honorific (アキラさん), or an ambiguous one followed directly by
// kanji or katakana that continue a noun (エベレスト登山隊, ミライ工業,
// ローレンツ変換, Mirai工業, ミライ社). Attack words after it keep it
// (Emotet感染, ロックビット攻撃), and so do words that do not continue a
// noun (Hive及びPlay, Hive以外, Play同様, Hive側). Rune tests decide most
// cases; kagome reads only the few runes after an ambiguous alias that
// kanji or katakana follow and no attack word does.
func (a *analysis) aliasStartsWord(m match) bool {
	r, e := a.runes, m.end
	if e >= len(r) {
		return false
	}
	if textHasAny(r, e, honorifics...) > 0 {
		return true
	}
	if !m.pay.ambiguous || !isHan(r[e]) && !(isKatakana(r[e]) && r[e] != 'ー') {
		return false
	}
	if a.cueAt(e, dict.CueAttackCtx) || a.cueAt(e, dict.CueCyber) || textHasAny(r, e, attackWordsAfter...) > 0 {
		return false
	}
	return a.nounContinues(m.start, e)
}

// nounContinues reports whether kagome reads the name [s, e) as the first
// part of a compound noun: the name does not end a token, or the next
// token is a noun of its own (一般, サ変接続, 固有名詞: 工業, 登山, 変換, 社)
// rather than a conjunction, a suffix or a dependent noun (及び, 側, 以外).
func (a *analysis) nounContinues(s, e int) bool {
	hi := e
	for hi < len(a.runes) && hi-e < 12 && a.runes[hi] != '。' && a.runes[hi] != '\n' {
		hi++
	}
	for _, t := range a.tokenize(s, hi) {
		switch {
		case t.End <= e:
			continue
		case t.Start < e:
			return true // the name is inside a longer token
		}
		if t.POS() != "名詞" {
			return false
		}
		switch t.POS1() {
		case "一般", "サ変接続", "固有名詞":
			return true
		}
		return false
	}
	return false
}

// quote pairs recognised around names.
var closeQuote = map[rune]rune{'「': '」', '『': '』', '"': '"', '“': '”', '【': '】'}

// unknownAttackers finds names in quotes that the context calls a group or
// a malware: ランサムウェアグループ「X」, 「X」を名乗る集団. A quote that holds a
// dictionary alias is left to the dictionary.
func (a *analysis) unknownAttackers() []Attacker {
	var out []Attacker
	r := a.runes
	for i := 0; i < len(r); i++ {
		cq, ok := closeQuote[r[i]]
		if !ok {
			continue
		}
		j := i + 1
		for j < len(r) && j-i <= 40 && r[j] != cq && r[j] != '\n' && r[j] != '。' {
			j++
		}
		if j >= len(r) || r[j] != cq {
			continue
		}
		s, e := i+1, j
		// 「Emotet(エモテット)」: the name is before the parenthesis
		for k := s; k < e; k++ {
			if r[k] == '(' {
				e = k
				break
			}
		}
		s, e = trimSpace(r, s, e)
		if !a.nameLike(s, e) || a.hasAttackerMatch(i+1, j) {
			continue
		}
		var rule string
		switch {
		case a.groupBefore(i):
			rule = "context:group-word-before-quote"
		case a.namingBefore(i):
			rule = "context:naming-before-quote"
		case a.namingAfter(j + 1):
			rule = "context:naming-after-quote"
		default:
			continue
		}
		out = append(out, Attacker{Name: a.d.norm.Span(s, e).Text, Known: false, Span: a.d.norm.Span(s, e), Rule: rule})
		i = j
	}
	return out
}

// nameLike: 2 to 30 runes, no hiragana, no sentence punctuation, not a
// generic word.
func (a *analysis) nameLike(s, e int) bool {
	if e-s < 2 || e-s > 30 {
		return false
	}
	for _, c := range a.runes[s:e] {
		if c >= 'ぁ' && c <= 'ゖ' || c == '、' || c == '。' {
			return false
		}
	}
	for _, m := range a.matchesAt(s) {
		if m.end == e && m.pay.kind == payCue && m.pay.id == dict.CueGeneric {
			return false
		}
	}
	return true
}

func (a *analysis) hasAttackerMatch(s, e int) bool {
	for k := s; k < e; k++ {
		for _, m := range a.matchesAt(k) {
			if m.pay.kind == payAttacker && m.end <= e {
				return true
			}
		}
	}
	return false
}

// groupBefore: the quote at q follows a group word said of an attacker
// (ランサムウェアグループ「, ハッカー集団「, マルウェア「).
func (a *analysis) groupBefore(q int) bool {
	lo := q - 12
	if lo < 0 {
		lo = 0
	}
	gs := -1 // start of the longest group word that ends at q
	for k := lo; k < q && gs < 0; k++ {
		for _, m := range a.matchesAt(k) {
			if m.pay.kind == payCue && m.pay.id == dict.CueGroup && m.end == q {
				gs = k
			}
		}
	}
	if gs < 0 {
		return false
	}
	for k := lo; k <= gs; k++ {
		for _, m := range a.matchesAt(k) {
			if m.pay.kind != payCue || m.end > q {
				continue
			}
			if m.pay.id == dict.CueGeneric || m.pay.id == dict.CueAttackCtx && k < gs {
				return true
			}
			if m.pay.id == dict.CueNaming && m.end == gs {
				return true // …を名乗るグループ「X」
			}
		}
	}
	return false
}

// namingBefore: the quote at q follows a group word and (を|と)名乗る
// (ランサムウェアグループを名乗る「X」, ハッカー集団と称する「X」).
func (a *analysis) namingBefore(q int) bool {
	e := q
	if e > 0 && a.runes[e-1] == ' ' {
		e--
	}
	for k := max(0, e-5); k < e; k++ {
		for _, m := range a.matchesAt(k) {
			if m.pay.kind == payCue && m.pay.id == dict.CueNaming && m.end == e &&
				k > 0 && (a.runes[k-1] == 'を' || a.runes[k-1] == 'と') {
				return a.groupBefore(k - 1)
			}
		}
	}
	return false
}

// namingAfter: the quote is followed by (と|を)名乗る / と呼ばれる and a group
// word or an attacker's claim within a few runes (「X」を名乗る集団, 「X」を
// 名乗る犯行声明, 「X」を名乗る者から脅迫メール).
func (a *analysis) namingAfter(p int) bool {
	k := p
	for k < len(a.runes) && k-p < 2 && (a.runes[k] == 'と' || a.runes[k] == 'を') {
		k++
	}
	naming := false
	for _, m := range a.matchesAt(k) {
		if m.pay.kind == payCue && m.pay.id == dict.CueNaming {
			naming = true
			k = m.end
		}
	}
	if !naming {
		return false
	}
	for j := k; j < len(a.runes) && j < k+8; j++ {
		if a.runes[j] == '。' || a.runes[j] == '\n' {
			break
		}
		for _, m := range a.matchesAt(j) {
			if m.pay.kind == payCue && (m.pay.id == dict.CueGroup || m.pay.id == dict.CueGeneric || m.pay.id == dict.CueClaim) {
				return true
			}
		}
	}
	return false
}

// dropEmbeddedNames removes ambiguous attacker aliases that are part of a
// longer name: a katakana alias inside a katakana word (ミライ・ブッキング,
// ハイブリッド, アキラメル) or one right after or before a legal form
// (株式会社ミライ, ロイヤル株式会社). Those are organisations or plain words.
func dropEmbeddedNames(runes []rune, ms []match) []match {
	k := 0
	for _, m := range ms {
		if m.pay.kind == payAttacker && m.pay.ambiguous && embeddedName(runes, m.start, m.end) {
			continue
		}
		ms[k] = m
		k++
	}
	return ms[:k]
}

func embeddedName(r []rune, s, e int) bool {
	if isKatakana(r[s]) && s > 0 && (isKatakana(r[s-1]) || r[s-1] == '・' && s > 1 && isKatakana(r[s-2])) {
		return true
	}
	if isKatakana(r[e-1]) && e < len(r) && (isKatakana(r[e]) || r[e] == '・' && e+1 < len(r) && isKatakana(r[e+1])) {
		return true
	}
	for _, f := range legalForms {
		if textEndsWith(r, s, f) || textHas(r, e, f) {
			return true
		}
	}
	return false
}

// unquotedAttackers finds names written without quotes that the context
// calls a group or an actor (precision first: the name must be Latin
// letters, or katakana that kagome reads as a proper name or does not know):
//
//   - after a group word said of attackers: ランサムウェア集団のX, ハッカー
//     集団X, ランサムウェアグループX;
//   - before a naming word and a group or claim word: Xを名乗る集団, Xと称する
//     ハッカー;
//   - before a claim: Xの犯行声明, Xがリークサイトに….
func (a *analysis) unquotedAttackers() []Attacker {
	var out []Attacker
	add := func(s, e int, rule string) {
		if s < 0 || a.attackerOverlaps(s, e) || a.attackerWordIn(s, e) || a.companyAround(s, e) {
			return
		}
		sp := a.d.norm.Span(s, e)
		out = append(out, Attacker{Name: sp.Text, Known: false, Span: sp, Rule: rule})
	}
	for _, m := range a.matches {
		if m.pay.kind != payCue {
			continue
		}
		switch m.pay.id {
		case dict.CueGroup:
			p := m.end
			if p < len(a.runes) && a.runes[p] == 'の' {
				p++
			}
			if !a.groupBefore(m.end) {
				continue
			}
			s, e := a.nameForward(p)
			add(s, e, "context:group-word-before-name")
		case dict.CueNaming:
			q := m.start
			if q == 0 || a.runes[q-1] != 'を' && a.runes[q-1] != 'と' {
				continue
			}
			if !a.namingAfter(q - 1) {
				continue
			}
			s, e := a.nameBackward(q - 1)
			add(s, e, "context:name-before-naming")
		case dict.CueClaim:
			q := m.start
			if q == 0 || a.runes[q-1] != 'の' && a.runes[q-1] != 'が' && a.runes[q-1] != 'は' {
				continue
			}
			if a.runes[m.start] == '身' || a.runes[m.start] == '脅' {
				continue // 〇〇の身代金, 〇〇が脅迫: the victim's, not a claim
			}
			s, e := a.nameBackward(q - 1)
			add(s, e, "context:name-before-claim")
		}
	}
	return out
}

// nameForward reads an attacker-like name starting at p: Latin letters
// (with digits, spaces, '.', '-' inside) or katakana, else -1.
func (a *analysis) nameForward(p int) (int, int) {
	r := a.runes
	if p >= len(r) {
		return -1, -1
	}
	e := p
	switch {
	case asciiLetter(r[p]):
		for e < len(r) && (asciiAlnum(r[e]) || (r[e] == ' ' || r[e] == '.' || r[e] == '-') && e+1 < len(r) && asciiAlnum(r[e+1])) {
			e++
		}
	case isKatakana(r[p]) && r[p] != 'ー':
		for e < len(r) && (isKatakana(r[e]) || r[e] == '・') {
			e++
		}
	}
	return a.checkName(p, e)
}

// nameBackward reads an attacker-like name that ends at q.
func (a *analysis) nameBackward(q int) (int, int) {
	r := a.runes
	s := q
	switch {
	case s > 0 && asciiAlnum(r[s-1]):
		for s > 0 && (asciiAlnum(r[s-1]) || (r[s-1] == ' ' || r[s-1] == '.' || r[s-1] == '-') && s > 1 && asciiAlnum(r[s-2])) {
			s--
		}
		if !hasLetter(r[s:q]) {
			return -1, -1
		}
	case s > 0 && isKatakana(r[s-1]):
		for s > 0 && (isKatakana(r[s-1]) || r[s-1] == '・') {
			s--
		}
	}
	return a.checkName(s, q)
}

// checkName accepts [s, e) as a name: 2 to 30 runes, Latin with a letter,
// or katakana of 3 runes or more that is a proper name or an unknown word.
func (a *analysis) checkName(s, e int) (int, int) {
	if e-s < 2 || e-s > 30 {
		return -1, -1
	}
	if isKatakana(a.runes[s]) && (e-s < 3 || !a.properName(s, e)) {
		return -1, -1
	}
	if !a.nameLike(s, e) {
		return -1, -1
	}
	return s, e
}

// companyAround reports whether a legal form or an organisation suffix
// touches [s, e): 株式会社X, Xグループ各社 are companies, no attackers.
func (a *analysis) companyAround(s, e int) bool {
	if a.looksOrg(s, min(len(a.runes), e+6)) {
		for k := e; k < min(len(a.runes), e+6); k++ {
			for _, m := range a.matchesAt(k) {
				if m.pay.kind == payCue && m.pay.id == dict.CueLegal && k == e {
					return true
				}
			}
		}
	}
	for k := max(0, s-6); k < s; k++ {
		for _, m := range a.matchesAt(k) {
			if m.pay.kind == payCue && m.pay.id == dict.CueLegal && m.end == s {
				return true
			}
		}
	}
	return false
}

// attackerOverlaps reports whether a dictionary attacker alias overlaps
// [s, e).
func (a *analysis) attackerOverlaps(s, e int) bool {
	for _, m := range a.matches {
		if m.pay.kind == payAttacker && m.start < e && m.end > s {
			return true
		}
	}
	return false
}

func hasLetter(rs []rune) bool {
	for _, r := range rs {
		if asciiLetter(r) {
			return true
		}
	}
	return false
}
