package extract

import (
	"sort"
	"strings"

	"github.com/kohyo-dev/kohyo/dict"
)

// The word-level fields (attackers, categories, incident types, victim)
// share one dictionary scan. Every dictionary surface is a key of a rune
// trie; the normalised text is scanned once, at every position, for every
// key that starts there (so phrases such as 閲覧可能な状態 that kagome cuts
// into several tokens match as well). Keys are compared in AliasKey form:
// ASCII lower case, with white space, '-', '.', '_' and '・' skipped, so
// "LockBit 3.0", "Lockbit3.0" and "LOCKBIT-3.0" are one key. A key with
// ASCII letters or digits at an edge must not touch further ASCII letters
// or digits (Play never matches inside Display).
//
// Tokens serve what needs morphology: negation (ない, ず, ません by their
// base forms) and organisation names.

// payload kinds.
const (
	payCategory = iota
	payIncident
	payAttacker
	payCue
)

type payload struct {
	kind      int
	id        string // category id, incident type or cue kind
	cond      string // incident condition
	attacker  int    // index into wordIndex.attackers
	ambiguous bool   // an attacker alias that needs context
	bit       uint32 // the sentence cue bits this payload sets
}

// trieNode keeps its children in a sorted slice (most nodes have one or
// two); the root's children are in wordIndex.root, indexed by rune.
type trieNode struct {
	keys []rune
	next []int32
	pays []int32
}

func (n *trieNode) child(r rune) int32 {
	for i, k := range n.keys {
		if k == r {
			return n.next[i]
		}
		if k > r {
			break
		}
	}
	return 0
}

// wordIndex holds the dictionaries in the shapes the word-level extractors
// look them up in. It is read-only after newWordIndex and so safe to share.
type wordIndex struct {
	root      []int32 // root[r]: the root's child for rune r < 0x10000, 0 if none
	nodes     []trieNode
	pays      []payload
	attackers []dict.Attacker
}

func newWordIndex(d *dict.Dict) *wordIndex {
	w := &wordIndex{root: make([]int32, 0x10000), nodes: []trieNode{{}}, attackers: d.Attackers}
	for i, a := range d.Attackers {
		for _, al := range a.Aliases {
			w.add(al, payload{kind: payAttacker, attacker: i, id: a.Kind, ambiguous: strings.HasPrefix(al, "~")})
		}
	}
	for _, t := range d.Categories {
		w.add(t.Surface, payload{kind: payCategory, id: t.ID})
	}
	for _, t := range d.Incidents {
		w.add(t.Surface, payload{kind: payIncident, id: t.ID, cond: t.Cond})
	}
	for _, t := range d.Cues {
		w.add(t.Surface, payload{kind: payCue, id: t.ID})
	}
	return w
}

func (w *wordIndex) add(surface string, p payload) {
	switch p.kind {
	case payCue:
		p.bit = cueBit[p.id]
	case payIncident:
		if p.cond == "" {
			switch p.id {
			case "ransomware", "unauthorized_access", "malware":
				p.bit = cueBit[dict.CueCyber]
			case "theft":
				p.bit = cueBit[condTheft]
			}
		}
	}
	key := dict.AliasKey(surface)
	if key == "" {
		return
	}
	n := int32(0)
	for _, r := range key {
		nx := w.nodes[n].child(r)
		if nx == 0 {
			nx = int32(len(w.nodes))
			w.nodes = append(w.nodes, trieNode{})
			nd := &w.nodes[n]
			i := 0
			for i < len(nd.keys) && nd.keys[i] < r {
				i++
			}
			nd.keys = append(nd.keys[:i], append([]rune{r}, nd.keys[i:]...)...)
			nd.next = append(nd.next[:i], append([]int32{nx}, nd.next[i:]...)...)
			if n == 0 && r < rune(len(w.root)) {
				w.root[r] = nx
			}
		}
		n = nx
	}
	w.pays = append(w.pays, p)
	w.nodes[n].pays = append(w.nodes[n].pays, int32(len(w.pays)-1))
}

// match is one dictionary key found in the normalised text.
type match struct {
	start, end int // normalised rune offsets
	pay        *payload
}

func wIsSep(r rune) bool {
	return r == ' ' || r == '-' || r == '.' || r == '_' || r == '・' || r == '\t'
}

func wIsLatinAlnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

func wLowerASCII(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// scan finds every key occurrence. Matches inside a stop word (役職員,
// 暗号化機能) are dropped; the rest are sorted by start.
func (w *wordIndex) scan(runes []rune) []match {
	var out []match
	stopEnd := -1
	for i := 0; i < len(runes); i++ {
		if wIsSep(runes[i]) {
			continue
		}
		if wIsLatinAlnum(runes[i]) && i > 0 && wIsLatinAlnum(runes[i-1]) {
			continue // inside an ASCII word
		}
		n := int32(0)
		first := len(out)
		for j := i; j < len(runes); j++ {
			r := wLowerASCII(runes[j])
			if j > i && wIsSep(r) {
				continue
			}
			var nx int32
			if n == 0 && r < rune(len(w.root)) {
				nx = w.root[r]
			} else {
				nx = w.nodes[n].child(r)
			}
			if nx == 0 {
				break
			}
			n = nx
			if len(w.nodes[n].pays) == 0 {
				continue
			}
			if wIsLatinAlnum(r) && j+1 < len(runes) && wIsLatinAlnum(runes[j+1]) {
				continue // the key ends inside an ASCII word
			}
			for _, p := range w.nodes[n].pays {
				out = append(out, match{start: i, end: j + 1, pay: &w.pays[p]})
			}
		}
		for _, m := range out[first:] {
			if isStop(m) && m.end > stopEnd {
				stopEnd = m.end
			}
		}
		if stopEnd > i {
			// inside a stop word: drop what it covers
			k := first
			for _, m := range out[first:] {
				if isStop(m) || m.end > stopEnd {
					out[k] = m
					k++
				}
			}
			out = out[:k]
		}
	}
	return out
}

func isStop(m match) bool { return m.pay.kind == payCue && m.pay.id == dict.CueStop }

// analysis is the per-document state of the word-level extractors: the
// dictionary matches and the document's sentences and lines.
type analysis struct {
	d       *document
	e       *Extractor
	runes   []rune
	matches []match
	first   []int32 // first[i]: index of the first match starting at i, or -1
	sents   []sentence
	lines   []line
	toks    map[int][]token // kagome tokens of sentence k, tokenised when first needed
	wrap    int             // width of wrapped lines (PDF text), -1 none, 0 not yet known

	// field results, computed once (the victim looks at the others)
	attackersOut  []Attacker
	categoriesOut []Category
	cuesOut       []Evidence
	done          [3]bool

	// raw results, before the document is judged to be about an incident
	cueStarts   []int // normalised starts of cuesOut
	rawCuesDone bool
	rawCatsDone bool
	leakSection bool // a category listed under a leak heading or label
	aboutOut    bool
	aboutDone   bool
}

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

// analyse returns the document's analysis, computing it once: the four
// word-level extractors share it.
func (e *Extractor) analyse(d *document) *analysis {
	if d.words == nil {
		d.words = e.newAnalysis(d)
	}
	return d.words
}

func (e *Extractor) newAnalysis(d *document) *analysis {
	a := &analysis{d: d, e: e, runes: d.norm.runes, toks: map[int][]token{}}
	a.matches = dropEmbeddedNames(a.runes, e.words.scan(a.runes))
	a.first = make([]int32, len(a.runes)+1)
	for i := range a.first {
		a.first[i] = -1
	}
	for i := len(a.matches) - 1; i >= 0; i-- {
		a.first[a.matches[i].start] = int32(i)
	}
	a.splitSentences()
	a.splitLines()
	return a
}

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

// matchesAt returns the matches that start at normalised offset i.
func (a *analysis) matchesAt(i int) []match {
	if i < 0 || i >= len(a.first) || a.first[i] < 0 {
		return nil
	}
	k := int(a.first[i])
	j := k
	for j < len(a.matches) && a.matches[j].start == i {
		j++
	}
	return a.matches[k:j]
}

func (a *analysis) cueAt(i int, kind string) bool {
	for _, m := range a.matchesAt(i) {
		if m.pay.kind == payCue && m.pay.id == kind {
			return true
		}
	}
	return false
}

// cueIn reports whether a cue of the kind starts in [i, j).
func (a *analysis) cueIn(i, j int, kind string) bool {
	for k := i; k < j && k < len(a.first); k++ {
		if a.first[k] >= 0 && a.cueAt(k, kind) {
			return true
		}
	}
	return false
}

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
	toks, ok := a.toks[k]
	if !ok {
		s := a.sents[k]
		if all := a.d.tokens; all != nil {
			lo := sort.Search(len(all), func(j int) bool { return all[j].End > s.start })
			hi := sort.Search(len(all), func(j int) bool { return all[j].Start >= s.end })
			toks = all[lo:hi]
		} else {
			toks = a.e.tokenizeRange(a.runes, s.start, s.end, nil)
		}
		a.toks[k] = toks
	}
	return toks, sort.Search(len(toks), func(j int) bool { return toks[j].End > i })
}

func wIsNegToken(t token) bool {
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

// wEndsClause reports whether a comma after t ends a clause rather than a
// list item: t is a conjunctive particle (て, し), an auxiliary (…で、), or a
// verb or adjective in its continuative form (あり、, しており、).
func wEndsClause(t token) bool {
	switch t.POS() {
	case "助動詞", "動詞", "形容詞":
		return true
	case "助詞":
		return t.POS1() == "接続助詞"
	}
	return false
}

// categoryIn reports whether a category word starts in [i, j).
func (a *analysis) categoryIn(i, j int) bool {
	for k := i; k < j && k < len(a.first); k++ {
		if a.first[k] < 0 {
			continue
		}
		for _, m := range a.matchesAt(k) {
			if m.pay.kind == payCategory {
				return true
			}
		}
	}
	return false
}

func wIsPossibility(s string) bool {
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
	toks, i := a.tokensFrom(from)
	newClause := false // past a comma that ends a clause (…で、 …しており、)
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
		case s == "、":
			if stopAtComma {
				return false
			}
			if i > 0 {
				p := toks[i-1]
				if p.Surface == "が" && p.POS1() == "接続助詞" || p.Surface == "ものの" || p.Surface == "けれど" || p.Surface == "けれども" {
					return false
				}
				if wEndsClause(p) {
					newClause = true
				}
			}
		}
		if dataStops && newClause && a.categoryIn(t.Start, t.End) {
			// …のメールアドレスで、氏名やご住所は含まれておりません: the
			// next clause has data of its own, and the negation is theirs
			return false
		}
		if a.cueAt(t.Start, dict.CuePositive) {
			return false
		}
		if a.cueAt(t.Start, dict.CueNegation) {
			return true
		}
		if (wIsPossibility(s) || s == "性" && i > 0 && toks[i-1].Surface == "可能") && i+2 < len(toks) {
			p1, p2 := toks[i+1].Surface, toks[i+2].Surface
			if (p1 == "が" || p1 == "も") && strings.HasPrefix(p2, "あ") {
				for k := i + 3; k < len(toks) && k < i+6; k++ {
					if toks[k].Surface == "、" || toks[k].Surface == "。" {
						break
					}
					if wIsNegToken(toks[k]) {
						return true
					}
				}
				return false
			}
		}
		if wIsNegToken(t) {
			if i+1 < len(toks) && strings.HasPrefix(toks[i+1].Surface, "よう") {
				continue // 〜ないよう: a purpose, not a negation
			}
			return true
		}
	}
	return false
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
	_, e := wTrimSpace(r, ls, nl)
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
	s, e := wTrimSpace(r, ls, nl)
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
			_, e := wTrimSpace(a.runes, ls, i)
			widths[e-ls]++
			if n := widths[e-ls]; n >= 6 && n > best {
				best, a.wrap = n, e-ls
			}
		}
		ls = i + 1
	}
	return a.wrap
}
