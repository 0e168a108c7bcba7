package extract

import (
	"slices"
	"strings"

	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/kohyo-dev/kohyo/dict"
)

// The victim (contract §7) is the organisation whose data was affected,
// taken as written. In order:
//
//  1. the issuer in a release header: among the first lines, before the
//     body, a line that is neither a date, nor a signatory (代表取締役 …),
//     nor the title, and that carries a legal form (株式会社), ends like an
//     organisation (市, 病院, 大学, …会) or precedes the title;
//  2. the subject of a news report: 〇〇（本社・東京都…）は…と発表した, or
//     〇〇は…と発表した;
//  3. the organisation in the contact section, else the first organisation
//     written with a legal form.
//
// A text that is not about an incident (about.go: a new product, earnings,
// personnel, a privacy policy) has no victim. The victim is always an
// organisation's name: never a generic noun (個人情報, お客様, 当社); when
// in doubt, none.

// victim rules, in the order they are tried.
const (
	ruleHeaderIssuer    = "header-issuer" // an organisation line in the release header
	ruleBeforeTitle     = "header-before-title"
	ruleSelfDefined     = "self-defined"     // 〇〇病院（以下「当院」）
	ruleNewsSubject     = "news-subject"     // 〇〇は…と発表した
	ruleIncidentSubject = "incident-subject" // 〇〇が…攻撃を受け, 〇〇にランサムウェア攻撃
	ruleSignatory       = "signatory"        // 〇〇市長 氏名
	ruleImpersonated    = "impersonated"     // 〇〇市を装ったなりすましメール
	ruleOwnService      = "own-service"      // 弊社が運営する「〇〇」
	ruleReportedBy      = "reported-by"      // 〇〇教育委員会によると
	ruleLeadSubject     = "lead-subject"     // the subject of a news lead, named again
	ruleContact         = "contact-section"  // under お問い合わせ先
	ruleFirstLegalOrg   = "first-legal-form"
)

// findVictim is step 10 of the analysis.
func (a *analysis) findVictim() *VictimMention {
	if !a.aboutIncident {
		return nil
	}
	if len(a.attackers) == 0 && len(a.categories) == 0 && len(a.cues) == 0 {
		return nil
	}
	s, t, rule := a.headerIssuer()
	for _, r := range []struct {
		name string
		find func() (int, int, bool)
	}{
		{ruleSelfDefined, a.selfDefined},
		{ruleSignatory, a.signatory},
		{ruleNewsSubject, a.newsSubject},
		{ruleImpersonated, a.impersonated},
		{ruleOwnService, a.ownService},
		{ruleContact, a.contactOrg},
		{ruleIncidentSubject, a.incidentSubject},
		{ruleReportedBy, a.reportedBy},
		{ruleLeadSubject, a.leadSubject},
		{ruleFirstLegalOrg, func() (int, int, bool) { return a.firstLegalOrg(0, len(a.runes)) }},
	} {
		if rule != "" {
			break
		}
		if ps, pt, ok := r.find(); ok {
			s, t, rule = ps, pt, r.name
		}
	}
	if rule == "" {
		return nil
	}
	return &VictimMention{Span: a.d.norm.Span(s, t), Rule: rule, Sentence: a.sentenceSpan(s)}
}

func isDateRune(r rune) bool {
	switch r {
	case '年', '月', '日', '令', '和', '平', '成', '昭', '元', '(', ')', '曜', '火', '水', '木', '金', '土', '〇', '/', '.', '-', ' ', ',':
		return true
	}
	return isArabicDigit(r) || isKanjiNumeral(r)
}

func (a *analysis) isDateLine(s, e int) bool {
	if e-s > 24 {
		return false
	}
	for _, r := range a.runes[s:e] {
		if !isDateRune(r) {
			return false
		}
	}
	return true
}

// headerIssuer looks for the issuer line of a release header: the first
// short line that looks like an organisation, or the first candidate line
// above the title.
func (a *analysis) headerIssuer() (int, int, string) {
	type cand struct {
		s, e        int
		beforeTitle bool
	}
	var cands []cand
	title := false
	seen := 0
	for _, l := range a.lines {
		s, e := trimSpace(a.runes, l.start, l.end)
		if s == e {
			continue
		}
		seen++
		if seen > 8 || a.runes[e-1] == '。' || e-s > 60 {
			break
		}
		if a.isDateLine(s, e) {
			continue
		}
		if _, _, ok := a.cueKindIn(s, e, dict.CueTitle); ok {
			// 〇〇医療センター 個人情報の紛失に関するお詫び: a title that
			// opens with its issuer
			if sp := indexRune(a.runes, s, e, ' '); sp > s+1 && a.looksOrg(s, sp) && !a.genericName(s, sp) {
				cands = append(cands, cand{s, sp, !title})
			}
			title = true
			continue
		}
		if rs, _, ok := a.cueKindIn(s, e, dict.CueRep); ok {
			if rs == s {
				continue // 代表取締役 山田太郎
			}
			if a.runes[rs-1] == ' ' {
				_, e = trimSpace(a.runes, s, rs) // 株式会社X 代表取締役 山田太郎
			}
		}
		if e-s > 40 || hasRune(a.runes[s:e], '、') || hasRune(a.runes[s:e], '。') || hasDateUnit(a.runes[s:e]) || a.saysWhatHappened(s, e) {
			continue // 更新日付:2025年3月5日, ランサムウェア攻撃でデータ流出か 大阪の病院: no issuer
		}
		s = afterNameLabel(a.runes, s, e)
		cands = append(cands, cand{s, e, !title})
	}
	k := 0
	for _, c := range cands {
		if !a.genericName(c.s, c.e) {
			cands[k] = c
			k++
		}
	}
	cands = cands[:k]
	for _, c := range cands {
		// 真砂川市 財務部 市民税課: the organisation is the first part
		for k := c.s; k < c.e; k++ {
			if a.runes[k] == ' ' {
				ls, le, legal := a.cueKindIn(c.s, k, dict.CueLegal)
				if legal && ls == c.s && le == k {
					break // 社会福祉法人 こだま会: the legal form alone is no name
				}
				if legal && a.looksOrg(k+1, c.e) {
					// 医療法人社団〇〇会 〇〇病院: the legal entity and its
					// facility, both kept, so that either name matches
					return c.s, c.e, ruleHeaderIssuer
				}
				if a.looksOrg(c.s, k) {
					return c.s, k, ruleHeaderIssuer
				}
				break
			}
		}
		if a.looksOrg(c.s, c.e) {
			return c.s, c.e, ruleHeaderIssuer
		}
	}
	for _, c := range cands {
		if title && c.beforeTitle && !a.divisionOnly(c.s, c.e) {
			return c.s, c.e, ruleBeforeTitle
		}
	}
	return 0, 0, ""
}

// divisionOnly reports whether [s, e) names only a division of an
// organisation (健康福祉部 国民健康保険課, 広報室): a sender line, not the
// organisation itself.
func (a *analysis) divisionOnly(s, e int) bool {
	if a.looksOrg(s, e) {
		return false
	}
	return strings.ContainsRune("部課係室班", a.runes[e-1])
}

// saysWhatHappened reports whether [s, e) holds an incident cue or a leak
// word: a headline, not an organisation's name.
func (a *analysis) saysWhatHappened(s, e int) bool {
	for k := s; k < e; k++ {
		for _, m := range a.matchesAt(k) {
			if m.end <= e && (m.pay.kind == payIncident || m.pay.kind == payCue && m.pay.id == dict.CueLeak) {
				return true
			}
		}
	}
	return false
}

// hasDateUnit reports whether a digit is followed by 年, 月 or 日: a date,
// no organisation's name.
func hasDateUnit(rs []rune) bool {
	for k := 1; k < len(rs); k++ {
		if isArabicDigit(rs[k-1]) && (rs[k] == '年' || rs[k] == '月' || rs[k] == '日') {
			return true
		}
	}
	return false
}

// afterNameLabel skips a field label that names the line (上場会社名
// 株式会社〇〇, 法人名：〇〇): a run of kanji ending in 名, then a space or a
// colon.
func afterNameLabel(rs []rune, s, e int) int {
	k := s
	for k < e && k-s < 8 && isHan(rs[k]) {
		k++
	}
	if k-s < 2 || rs[k-1] != '名' || k >= e || rs[k] != ' ' && rs[k] != ':' {
		return s
	}
	for k < e && (rs[k] == ' ' || rs[k] == ':') {
		k++
	}
	if k == e {
		return s
	}
	return k
}

// looksOrg: a legal form anywhere, or an organisation suffix at the end.
func (a *analysis) looksOrg(s, e int) bool {
	if _, _, ok := a.cueKindIn(s, e, dict.CueLegal); ok {
		return true
	}
	for i := s; i < e; i++ {
		for _, m := range a.matchesAt(i) {
			if m.pay.kind == payCue && m.pay.id == dict.CueOrgSuffix && m.end == e && i > s {
				return true
			}
		}
	}
	return false
}

// isNameRune may be part of an organisation's name (hiragana aside).
func isNameRune(r rune) bool {
	return isHan(r) || r == 'ヶ' || isKatakana(r) || asciiAlnum(r) || r == '・' || r == '&' || r == '＆'
}

// newsSubject finds the subject of a sentence that announces (発表,
// 公表, 明らかにした): the first 〇〇は / 〇〇が / 〇〇（…）は of the sentence,
// at its start or after a descriptor that ends in hiragana (東証プライムに
// 上場する〇〇株式会社が, 物流業務の代行などを営む〇〇が, コンビニ大手の〇〇が).
func (a *analysis) newsSubject() (int, int, bool) {
	for _, st := range a.sents {
		if !st.has(dict.CueAnnounce) {
			continue
		}
		s, e := trimSpace(a.runes, st.start, st.end)
		if ns, ne, ok := a.firstSubject(s, e); ok {
			return ns, ne, true
		}
	}
	return 0, 0, false
}

// firstSubject finds the first topic or subject (〇〇は, 〇〇が, 〇〇（…）は)
// in [s, e) and returns the name when it is one.
func (a *analysis) firstSubject(s, e int) (int, int, bool) {
	for k := s; k+1 < e; k++ {
		switch a.runes[k] {
		case '(':
			c := k + 1
			for c < e && a.runes[c] != ')' && c-k < 30 {
				c++
			}
			if c+1 < e && a.runes[c] == ')' && (a.runes[c+1] == 'は' || a.runes[c+1] == 'が') {
				if os, oe, ok := a.legalOrgEndingAt(s, k); ok {
					return os, oe, true // 有限会社あおばデータプロセス（本社…）は
				}
				if ns, ok := a.subjectName(k, s); ok {
					return ns, k, true
				}
			}
			k = c
		case '、', '「', '」':
			if a.runes[k] == '、' && k > s && a.runes[k-1] == 'は' {
				return 0, 0, false
			}
		case 'は', 'が':
			if k+1 < e && isHiragana(a.runes[k+1]) && a.runes[k+1] != 'は' {
				continue // inside a word (ではない, ながら)
			}
			if os, oe, ok := a.legalOrgEndingAt(s, k); ok {
				return os, oe, true // 医療法人社団みどり会は
			}
			if ns, ok := a.subjectName(k, s); ok {
				return ns, k, true
			}
			return 0, 0, false // only the first topic of the sentence
		}
	}
	return 0, 0, false
}

// subjectName reads the name that ends at i (before は or が): a run of
// name runes of at least two, at the start of the sentence or after a
// descriptor (hiragana, 大手), that is no generic noun, no date and no
// attacker.
func (a *analysis) subjectName(i, lo int) (int, bool) {
	ns, ok := a.nameBefore(i, lo)
	if !ok {
		return 0, false
	}
	if ns > lo && !isHiragana(a.runes[ns-1]) && a.runes[ns-1] != ' ' && a.runes[ns-1] != '、' {
		return 0, false
	}
	if a.bareSuffix(ns, i) {
		// しらかば信用金庫は: a name written in hiragana before its suffix,
		// when the hiragana open the sentence (no descriptor before it)
		h := ns
		for h > lo && isHiragana(a.runes[h-1]) {
			h--
		}
		if ns-h >= 2 && (h == lo || strings.ContainsRune(" 、「", a.runes[h-1])) {
			ns = h
		}
	}
	ns = a.afterDescriptor(ns, i)
	if i-ns < 2 || isArabicDigit(a.runes[ns]) || a.attackerIn(ns, i) || a.bareSuffix(ns, i) || a.endsWithTitle(ns, i) {
		return 0, false
	}
	return ns, true
}

// descriptorHeads end a descriptor written before a name in news
// (光学機器大手HOYA, 電子部品メーカー〇〇).
var descriptorHeads = [][]rune{[]rune("大手"), []rune("メーカー")}

// afterDescriptor returns where the name in [s, e) starts once a
// descriptor before it is dropped (業界大手〇〇 → 〇〇), when a name of two
// or more runes follows the descriptor.
func (a *analysis) afterDescriptor(s, e int) int {
	ns := s
	for k := s; k < e; k++ {
		for _, head := range descriptorHeads {
			if k+len(head)+2 <= e && slices.Equal(a.runes[k:k+len(head)], head) {
				ns = k + len(head)
			}
		}
	}
	return ns
}

// endsWithTitle reports whether [s, e) ends with a person's title (山田社長,
// 鈴木市長): a person, no organisation.
func (a *analysis) endsWithTitle(s, e int) bool {
	for k := s + 1; k < e; k++ {
		for _, m := range a.matchesAt(k) {
			if m.end == e && m.pay.kind == payCue && m.pay.id == dict.CueRep {
				return true
			}
		}
	}
	return false
}

// bareSuffix reports whether [s, e) is an organisation suffix alone
// (学校, 病院, 同市): a common noun, no name.
func (a *analysis) bareSuffix(s, e int) bool {
	for _, m := range a.matchesAt(s) {
		if m.end == e && m.pay.kind == payCue && m.pay.id == dict.CueOrgSuffix {
			return true
		}
	}
	return false
}

// attackerIn reports whether an attacker alias starts in [s, e), or
// [s, e) is the name of an attacker found by context.
func (a *analysis) attackerIn(s, e int) bool {
	key := dict.AliasKey(string(a.runes[s:e]))
	for _, at := range a.attackers {
		if dict.AliasKey(at.Name) == key {
			return true
		}
	}
	for k := s; k < e; k++ {
		for _, m := range a.matchesAt(k) {
			if m.pay.kind == payAttacker {
				return true
			}
		}
	}
	return false
}

// reportedBy finds the organisation news cites as its source on the
// incident: 〇〇教育委員会によると, 〇〇市によると. Only names that look like
// an organisation count (同社によると is a self-reference).
func (a *analysis) reportedBy() (int, int, bool) {
	for k := 2; k+4 <= len(a.runes); k++ {
		if !textHas(a.runes, k, "によると") && !textHas(a.runes, k, "によれば") {
			continue
		}
		if ns, ok := a.nameBefore(k, max(0, k-30)); ok && a.looksOrg(ns, k) {
			return ns, k, true
		}
	}
	return 0, 0, false
}

// selfDefined finds the organisation a notice defines as itself:
// 〇〇病院（以下「当院」）, 株式会社〇〇（以下、当社）.
func (a *analysis) selfDefined() (int, int, bool) {
	for k := 2; k+3 < len(a.runes); k++ {
		if a.runes[k] != '(' || !textHas(a.runes, k+1, "以下") {
			continue
		}
		j := k + 3
		for j < len(a.runes) && j-k < 8 && (a.runes[j] == '、' || a.runes[j] == '「' || a.runes[j] == ' ' || a.runes[j] == '“') {
			j++
		}
		self := false
		for _, m := range a.matchesAt(j) {
			if m.pay.kind == payCue && m.pay.id == dict.CueSelf && strings.ContainsRune("当弊本", a.runes[j]) {
				self = true
			}
		}
		if !self {
			continue
		}
		if os, oe, ok := a.legalOrgEndingAt(max(0, k-40), k); ok {
			return os, oe, true
		}
		if ns, ok := a.nameBefore(k, max(0, k-40)); ok {
			return ns, k, true
		}
	}
	return 0, 0, false
}

// incidentSubject finds the organisation an incident sentence says was hit:
// the last name before the first incident cue of the sentence that is a
// subject (〇〇が…攻撃され, 〇〇(略称)がランサムウェアグループ「X」に攻撃され),
// or the parent of a subsidiary that was (〇〇の米国子会社がサイバー攻撃を
// 受けていた). Only names that look like an organisation or a brand count:
// a legal form or an organisation suffix, or katakana or Latin letters.
func (a *analysis) incidentSubject() (int, int, bool) {
	if a.selfReference() != nil {
		return 0, 0, false // a notice (本市, 当社): the issuer is its victim
	}
	for ci, st := range a.rawCueStart {
		if a.rawCues[ci].Type == "malware" && a.attackerIn(st, st+1) {
			continue
		}
		sent := a.sentenceAt(st)
		best, bestEnd := -1, -1
		for k := sent.start + 2; k < st; k++ {
			if a.runes[k] != 'が' && a.runes[k] != 'は' && (a.runes[k] != 'で' || a.runes[k-1] != '」') {
				continue // 「〇〇病院」で、システムがサイバー攻撃を受け: the place hit
			}
			e := k
			if a.runes[k-1] == '」' { // 「〇〇病院」がランサムウェアの被害を受け
				p := k - 2
				for p > sent.start && a.runes[p] != '「' && k-p < 30 {
					p--
				}
				if a.runes[p] == '「' && k-1-p > 2 && !a.attackerIn(p+1, k-1) && a.brandLike(p+1, k-1) {
					best, bestEnd = p+1, k-1
				}
				continue
			}
			if a.runes[k-1] == ')' { // 〇〇(SIE)が
				p := k - 1
				for p > sent.start && a.runes[p] != '(' && k-p < 20 {
					p--
				}
				if a.runes[p] != '(' {
					continue
				}
				e = p
			}
			ns, ok := a.nameBefore(e, sent.start)
			if !ok || a.attackerIn(ns, e) {
				continue
			}
			if ps, pe, ok := a.parentOf(ns, e); ok {
				ns, e = ps, pe
			}
			if a.brandLike(ns, e) {
				best, bestEnd = ns, e
			}
		}
		if best < 0 {
			// 〇〇にランサムウェア攻撃, 〇〇に犯罪組織の大規模攻撃
			for k := max(sent.start+2, st-12); k < st; k++ {
				if a.runes[k] != 'に' || a.runes[k+1] == 'よ' {
					continue // 〇〇による is the attacker
				}
				if ns, ok := a.nameBefore(k, sent.start); ok && !a.attackerIn(ns, k) && a.brandLike(ns, k) {
					best, bestEnd = ns, k
					break
				}
			}
		}
		if best >= 0 {
			return best, bestEnd, true
		}
	}
	return 0, 0, false
}

// signatory finds a signature line: an organisation and its head's title,
// then the head's name (〇〇市長 氏名, 〇〇県知事 氏名, 〇〇大学長 氏名).
func (a *analysis) signatory() (int, int, bool) {
	for _, l := range a.lines {
		s, e := trimSpace(a.runes, l.start, l.end)
		if e-s > 30 || e-s < 4 || hasRune(a.runes[s:e], '。') || hasRune(a.runes[s:e], '、') {
			continue
		}
		for k := s + 2; k < e; k++ {
			for _, m := range a.matchesAt(k) {
				if m.pay.kind != payCue || m.pay.id != dict.CueRep || m.end >= e || a.runes[m.end] != ' ' {
					continue
				}
				if ns, ok := a.nameBefore(k, s); !ok || ns != s {
					continue
				}
				if a.runes[m.end-1] == '長' && a.looksOrg(s, m.end-1) {
					return s, m.end - 1, true // 〇〇市長 → 〇〇市
				}
				if a.looksOrg(s, k) {
					return s, k, true // 〇〇県知事 → 〇〇県
				}
			}
		}
	}
	return 0, 0, false
}

// impersonated finds the organisation a spoofed mail or site pretends to
// be (〇〇市を装ったメール, 〇〇銀行をかたる, 〇〇になりすました): the
// issuer of a phishing notice.
func (a *analysis) impersonated() (int, int, bool) {
	for _, ev := range a.cues {
		if ev.Type == "phishing" {
			goto found
		}
	}
	return 0, 0, false
found:
	for k := 2; k < len(a.runes); k++ {
		n := textHasAny(a.runes, k, "を装", "をかた", "を騙", "になりすま", "を名乗")
		if n == 0 {
			continue
		}
		ns, ok := a.nameBefore(k, max(0, k-30))
		if ok && !a.attackerIn(ns, k) && a.brandLike(ns, k) {
			return ns, k, true
		}
	}
	return 0, 0, false
}

// ownService finds a shop or service the issuer runs, when that brand is
// its only name: 弊社が運営する「〇〇」.
func (a *analysis) ownService() (int, int, bool) {
	for k := 0; k+4 < len(a.runes); k++ {
		n := textHasAny(a.runes, k, "が運営する", "の運営する", "が運営している")
		if n == 0 || !a.selfEndsAt(k) {
			continue
		}
		q := k + n
		if q >= len(a.runes) || a.runes[q] != '「' {
			continue
		}
		e := q + 1
		for e < len(a.runes) && e-q < 40 && !strings.ContainsRune("」(\n。", a.runes[e]) {
			e++
		}
		if s, t := trimSpace(a.runes, q+1, e); t-s >= 2 {
			return s, t, true
		}
	}
	return 0, 0, false
}

// selfEndsAt reports whether a first-person self-reference (当社, 弊社)
// ends at i.
func (a *analysis) selfEndsAt(i int) bool {
	for k := max(0, i-4); k < i; k++ {
		for _, m := range a.matchesAt(k) {
			if m.end == i && m.pay.kind == payCue && m.pay.id == dict.CueSelf && strings.ContainsRune("当弊本", a.runes[k]) {
				return true
			}
		}
	}
	return false
}

// leadSubject takes the subject of the lead of a news article (its first
// prose sentences: コンビニ大手の〇〇が、…被害が続いているとして…) when it
// looks like an organisation or a brand and the article comes back to it:
// the name again, or an anaphor (同社, 同市) after the lead.
func (a *analysis) leadSubject() (int, int, bool) {
	if a.selfReference() != nil {
		return 0, 0, false // a notice (本市, 当社) has no news lead
	}
	n := 0
	for _, st := range a.sents {
		if !st.prose {
			continue
		}
		if n++; n > 3 {
			break
		}
		s, e := trimSpace(a.runes, st.start, st.end)
		ns, ne, ok := a.firstSubject(s, e)
		if !ok || !a.brandLike(ns, ne) && !a.looksOrg(ns, ne) {
			continue
		}
		if a.countText(a.runes[ns:ne]) >= 2 || a.anaphorAfter(st.end) {
			return ns, ne, true
		}
	}
	return 0, 0, false
}

// countText counts the occurrences of w in the text.
func (a *analysis) countText(w []rune) int {
	n := 0
	for k := 0; k+len(w) <= len(a.runes); k++ {
		if a.runes[k] == w[0] && textHas(a.runes, k, string(w)) {
			n++
		}
	}
	return n
}

// anaphorAfter reports whether a self cue written with 同 (同社, 同市,
// 同院) comes after offset i.
func (a *analysis) anaphorAfter(i int) bool {
	for _, m := range a.matches {
		if m.start >= i && m.pay.kind == payCue && m.pay.id == dict.CueSelf && a.runes[m.start] == '同' {
			return true
		}
	}
	return false
}

// parentOf: a subject [s, e) that is a subsidiary (米国子会社, 子会社)
// after 〇〇の names the parent 〇〇.
func (a *analysis) parentOf(s, e int) (int, int, bool) {
	if e-s < 3 || string(a.runes[e-3:e]) != "子会社" || s < 3 || a.runes[s-1] != 'の' {
		return 0, 0, false
	}
	ps, ok := a.nameBefore(s-1, max(0, s-30))
	if !ok {
		return 0, 0, false
	}
	ps = a.afterDescriptor(ps, s-1)
	return ps, s - 1, s-1-ps >= 2
}

// brandLike: a legal form or an organisation suffix, or a proper name
// written mostly in katakana or Latin letters (シマノ, HOYA, ソニー・…) that
// the IPA dictionary does not know as a common noun (パソコン, ファイル).
func (a *analysis) brandLike(s, e int) bool {
	if a.looksOrg(s, e) {
		return true
	}
	n := 0
	for _, r := range a.runes[s:e] {
		if isKatakana(r) || asciiAlnum(r) && !isArabicDigit(r) {
			n++
		}
	}
	return n >= 2 && n*2 >= e-s && !a.attackerWordIn(s, e) && a.properName(s, e)
}

// attackerWordIn reports whether [s, e) holds a word for attackers or
// malware (ランサムウェアグループ, ハッカー集団).
func (a *analysis) attackerWordIn(s, e int) bool {
	for k := s; k < e; k++ {
		for _, m := range a.matchesAt(k) {
			if m.pay.kind == payCue && (m.pay.id == dict.CueGroup || m.pay.id == dict.CueGeneric) || m.pay.kind == payIncident {
				return true
			}
		}
	}
	return false
}

// properName reports whether kagome reads [s, e) as a proper noun or as
// words it does not know, rather than as common nouns.
func (a *analysis) properName(s, e int) bool {
	for _, t := range a.tokenize(s, e) {
		if t.kt.Class == tokenizer.UNKNOWN || t.POS1() == "固有名詞" {
			return true
		}
	}
	return false
}

// nameBefore walks back from i over name runes, not past lo.
func (a *analysis) nameBefore(i, lo int) (int, bool) {
	k := i
	for k > lo && isNameRune(a.runes[k-1]) {
		k--
	}
	if i-k < 2 {
		return 0, false
	}
	if a.genericName(k, i) || i-k == 2 && strings.ContainsRune("同当本弊", a.runes[k]) {
		return 0, false // 同会, 当会: a self-reference or an anaphor
	}
	if strings.ContainsRune("ーァィゥェォッャュョヮンヵ", a.runes[k]) {
		return 0, false // ールアドレス: the tail of a word broken over a line
	}
	if k > lo && (a.runes[k-1] == 'お' || a.runes[k-1] == 'ご') {
		return 0, false // お客様: a common noun with an honorific
	}
	return k, true
}

// genericName reports whether [s, e) ends in a self-reference or a generic
// noun (当社, 個人情報, お客様) or is a category word: no organisation's
// name.
func (a *analysis) genericName(s, e int) bool {
	for i := s; i < e; i++ {
		for _, m := range a.matchesAt(i) {
			if m.end != e {
				continue
			}
			switch {
			case m.pay.kind == payCue && (m.pay.id == dict.CueSelf || m.pay.id == dict.CueNotOrg):
				return true
			case m.pay.kind == payCategory && i == s:
				return true
			}
		}
	}
	return false
}

// contactOrg takes the organisation named right under a contact heading
// (お問い合わせ先 / 問合せ先 / 窓口).
func (a *analysis) contactOrg() (int, int, bool) {
	for li, l := range a.lines {
		s, e := trimSpace(a.runes, l.start, l.end)
		if !containsWord(a.runes[s:e], "問い合わせ") && !containsWord(a.runes[s:e], "問合せ") && !containsWord(a.runes[s:e], "お問合わせ") {
			continue
		}
		for _, l2 := range a.lines[li:min(li+3, len(a.lines))] {
			s2, e2 := trimSpace(a.runes, l2.start, l2.end)
			if os, oe, ok := a.firstLegalOrg(s2, e2); ok {
				return os, oe, true
			}
			// 青葉台市 健康福祉部 国民健康保険課: the organisation is the
			// first part
			if sp := indexRune(a.runes, s2, e2, ' '); sp > s2+1 && a.looksOrg(s2, sp) && !a.genericName(s2, sp) {
				return s2, sp, true
			}
		}
	}
	return 0, 0, false
}

// firstLegalOrg finds the first organisation written with a legal form in
// [s, e): 株式会社〇〇 or 〇〇株式会社.
func (a *analysis) firstLegalOrg(s, e int) (int, int, bool) {
	for i := s; i < e; i++ {
		for _, m := range a.matchesAt(i) {
			if m.pay.kind != payCue || m.pay.id != dict.CueLegal || m.end > e {
				continue
			}
			// forward: 株式会社 ミナトテック
			k := m.end
			if k < e && a.runes[k] == ' ' {
				k++
			}
			f := k
			for f < e && (isNameRune(a.runes[f]) || isHiragana(a.runes[f]) && !(f-k >= 2 && isParticle(a.runes[f]))) {
				f++
			}
			if f-k >= 2 {
				return m.start, f, true
			}
			// backward: ミナトテック株式会社
			b := m.start
			for b > s && isNameRune(a.runes[b-1]) {
				b--
			}
			if m.start-b >= 2 {
				return b, m.end, true
			}
		}
	}
	return 0, 0, false
}

// legalOrgEndingAt finds an organisation written with a legal form in
// [s, end) that ends exactly at end.
func (a *analysis) legalOrgEndingAt(s, end int) (int, int, bool) {
	for i := s; i < end; i++ {
		os, oe, ok := a.firstLegalOrg(i, end)
		if !ok {
			return 0, 0, false
		}
		if oe == end {
			return os, oe, true
		}
		i = oe
	}
	return 0, 0, false
}

// selfReference finds the first first-person self-reference (当社, 弊社,
// 本市, 本学, 当院: a self cue written with 当, 弊 or 本); 同社 and 同市
// point back at a name and are none.
func (a *analysis) selfReference() *Span {
	for _, m := range a.matches {
		if m.pay.kind != payCue || m.pay.id != dict.CueSelf {
			continue
		}
		switch a.runes[m.start] {
		case '当', '弊', '本':
			sp := a.d.norm.Span(m.start, m.end)
			return &sp
		}
	}
	return nil
}
