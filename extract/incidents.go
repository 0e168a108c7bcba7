package extract

import (
	"github.com/kohyo-dev/kohyo/dict"
)

// Incident types (contract §6) come from cue words, each a piece of
// evidence. A cue adds nothing when
//
//   - its sentence warns readers (不審なメールにご注意ください, 便乗), or
//     speaks of prevention or a hypothetical (不正アクセスや漏えいを防止する
//     ため, 万一…発生した場合),
//   - it is negated right after (暗号化されていない, 不正アクセスは確認されて
//     おりません),
//   - its condition fails: 侵入 and 改ざん need a cyber word in the sentence
//     (空き巣 breaks in too), 不正に取得 needs an insider (従業員, 委託先),
//     不審なメール needs the mail to have been sent,
//   - it sits inside a longer stop word (暗号化機能付き, ウイルス対策ソフト).
//
// A malware family from the attacker dictionary (Emotet, LODEINFO) is
// evidence of malware; a ransomware group or an actor is evidence of
// nothing, since types come from what the document says.
//
// A document that is not about an incident (about.go) has no evidence.

// ruleMalwareFamily marks evidence from a malware family's name (Emotet).
const ruleMalwareFamily = "malware-family"

// incidentEvidence finds the cues that hold, whatever the document is
// about, and the normalised offsets where they start.
func (a *analysis) incidentEvidence(w *wordIndex) ([]Evidence, []int) {
	var out []Evidence
	var starts []int
	var carry []bool // evidence from 持ち出し
	for _, m := range a.matches {
		switch m.pay.kind {
		case payIncident:
			if !a.cueHolds(m) {
				continue
			}
			rule := "cue"
			if m.pay.cond != "" {
				rule = "cue-if-" + m.pay.cond
			}
			out = append(out, Evidence{Type: m.pay.id, Span: a.d.norm.Span(m.start, m.end), Rule: rule, Sentence: a.sentenceSpan(m.start)})
			starts = append(starts, m.start)
			carry = append(carry, m.pay.cond == dict.CondCarry)
		case payAttacker:
			if w.attackers[m.pay.attacker].Kind != dict.KindMalware {
				continue
			}
			if m.pay.ambiguous && !a.sentenceAt(m.start).has(dict.CueAttackCtx) {
				continue
			}
			out = append(out, Evidence{Type: "malware", Span: a.d.norm.Span(m.start, m.end), Rule: ruleMalwareFamily, Sentence: a.sentenceSpan(m.start)})
			starts = append(starts, m.start)
			carry = append(carry, false)
		}
	}
	// 持ち出し then lost or stolen is loss or theft, not an insider case;
	// ransomware called ウイルス (身代金要求型ウイルス, ウイルス感染) is
	// ransomware only (spec §10): a named malware family stays malware
	lost, ransom := false, false
	for _, ev := range out {
		switch ev.Type {
		case "loss", "theft":
			lost = true
		case "ransomware":
			ransom = true
		}
	}
	k := 0
	for i, ev := range out {
		if lost && ev.Type == "insider" && carry[i] || ransom && ev.Type == "malware" && ev.Rule != ruleMalwareFamily {
			continue
		}
		if ev.Type == "misconfiguration" && a.sentenceHas(starts[i], "BCC") {
			// To/CC instead of BCC is misdelivery, even when described as
			// 閲覧できる状態 (spec §10)
			ev.Type = "misdelivery"
		}
		out[k], starts[k] = ev, starts[i]
		k++
	}
	return out[:k], starts[:k]
}

func (a *analysis) cueHolds(m match) bool {
	sent := a.sentenceAt(m.start)
	if sent.has(dict.CueWarning) || sent.has(dict.CuePrevent) {
		return false // a warning, a prevention or a hypothetical
	}
	if a.earlierCase(sent) {
		return false // 2024年にもフィッシングメールによる被害を受けており (spec §10)
	}
	switch m.pay.cond {
	case dict.CondCyber:
		if !sent.has(dict.CueCyber) || sent.has(condTheft) {
			return false
		}
	case dict.CondInsider, dict.CondCarry:
		if !sent.has(dict.CueInsider) {
			return false
		}
	case dict.CondSent:
		if !sent.has(dict.CueSent) {
			return false
		}
	}
	return !a.negated(m.end, 11, true)
}

// sentenceHas reports whether the sentence at offset i holds w.
func (a *analysis) sentenceHas(i int, w string) bool {
	sent := a.sentenceAt(i)
	return containsWord(a.runes[sent.start:sent.end], w)
}

// earlierCase reports whether the sentence is about an earlier event
// (2024年にも…被害を受けており, 過去にも, 以前にも): its cue words add
// nothing for this incident.
func (a *analysis) earlierCase(sent *sentence) bool {
	rs := a.runes[sent.start:sent.end]
	for k := 1; k+1 < len(rs); k++ {
		if rs[k] != 'に' || rs[k+1] != 'も' {
			continue
		}
		if rs[k-1] == '年' || k >= 2 && (string(rs[k-2:k]) == "過去" || string(rs[k-2:k]) == "以前") {
			return true
		}
	}
	return false
}
