package extract

import (
	"github.com/kohyo-dev/kohyo/dict"
)

// A document is about an incident when it says so where announcements say
// what they are about, not merely when an incident word occurs somewhere:
//
//   - its head (the lines above the first sentence: date, issuer, title)
//     holds an incident cue, a leak word or an attacker name;
//
// else, when neither the head nor the lead sentence names a business topic
// (決算短信, 業績, 新製品, 人事異動, 発売):
//
//   - its first paragraph (at most its first three sentences) does;
//   - it has a section or label on leaked data (2．漏えいした情報 / ・氏名)
//     that lists a category; or
//   - incident cues hold in two sentences or more, or in one under a title
//     that apologises (お詫び).
//
// An earnings report that books the cost of last month's ransomware attack,
// or a privacy policy that promises to prevent 不正アクセス and 漏えい, is
// not: it gets no incident types, no leaked categories and no victim (the
// dev set's 新製品発表, 決算, 代表取締役の異動). Cue words in sentences about
// prevention or hypotheticals (…を防止するため, 万一…場合) never count.

// maxFirstSentences bounds the first paragraph.
const maxFirstSentences = 3

func (a *analysis) about(w *wordIndex) bool {
	headEnd, paraStart, paraEnd := a.headAndFirstParagraph()
	if a.saysIncident(w, 0, headEnd) {
		return true
	}
	if _, _, ok := a.cueKindIn(0, headEnd, dict.CueTopic); ok {
		// 2025年3月期 決算短信: its first paragraph may book last year's
		// 不正アクセス, but the head names a business topic
		return false
	}
	if first := a.sentenceAt(paraStart); paraStart < len(a.runes) && first.has(dict.CueTopic) && !a.saysIncident(w, first.start, first.end) {
		// ミドリソフトは…ランサムウェア対策ソフトを売り出したと発表した: a
		// lead that names a business topic and no incident
		return false
	}
	if a.saysIncident(w, paraStart, paraEnd) {
		return true
	}
	if a.leakSection {
		return true
	}
	if _, _, ok := a.cueKindIn(0, headEnd, dict.CueApology); ok && len(a.rawCueStart) > 0 {
		return true
	}
	sents := 0
	last := -1
	for _, s := range a.rawCueStart {
		st := a.sentenceAt(s)
		if st.start != last {
			last = st.start
			sents++
		}
	}
	return sents >= 2
}

// saysIncident reports whether [s, e) holds an incident cue that holds, a
// leak word said of data (not negated, not a warning or prevention), or an
// attacker name.
func (a *analysis) saysIncident(w *wordIndex, s, e int) bool {
	for _, c := range a.rawCueStart {
		if c >= s && c < e {
			return true
		}
	}
	for i := s; i < e && i < len(a.first); i++ {
		if a.first[i] < 0 {
			continue
		}
		for _, m := range a.matchesAt(i) {
			switch {
			case m.pay.kind == payAttacker:
				if !m.pay.ambiguous || a.sentenceAt(i).has(dict.CueAttackCtx) {
					return true
				}
			case m.pay.kind == payCue && m.pay.id == dict.CueLeak:
				st := a.sentenceAt(i)
				if !st.has(dict.CueWarning) && !st.has(dict.CuePrevent) && !a.negated(m.end, 12, true) {
					return true
				}
			}
		}
	}
	return false
}
