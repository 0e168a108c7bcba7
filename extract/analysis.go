package extract

// analysis is one document's word-level analysis. analyse computes it in
// one pass, in the order below; each step reads only what the steps before
// it computed, and nothing is computed lazily except kagome tokens: those
// of a sentence that a negation scope needs (negation.go), of a name found
// by context (attackers.go: does the name end a noun?) and of a victim
// candidate (victim.go: is it a proper name?), each tokenised when a rule
// asks (analysis.tokenize). A document that asks for none never builds
// the tokenizer (see Extractor).
//
//  1. normalised text: document.norm, built by Extract (normtext.go);
//  2. dictionary matches: every key of the word index found in the text,
//     ambiguous attacker aliases inside longer names dropped (trie.go);
//  3. layout: sentences with the cue kinds each holds, then lines with
//     their list markers and the section or label scope they are in
//     (layout.go);
//  4. cues and negation scopes: the incident evidence that holds and the
//     category words under a leak scope, whatever the document is about
//     (incidents.go, categories.go; negation.go reads the scopes);
//  5. about an incident: whether the document reports one (about.go);
//  6. counts and dates, which need the normalised text only (counts.go,
//     dates.go; run by Extract);
//  7. categories: those of step 4 when the document is about an incident;
//  8. attackers: dictionary names and names found by context
//     (attackers.go);
//  9. incident types: the evidence of step 4 when the document is about an
//     incident;
//  10. victim: the organisation, read last since it looks at 7–9
//     (victim.go).
type analysis struct {
	d       *document
	e       *Extractor
	runes   []rune
	matches []match
	first   []int32 // first[i]: index of the first match starting at i, or -1
	sents   []sentence
	lines   []line
	toks    map[int]clauseTokens // kagome tokens of sentence k from a clause on, tokenised when a negation scope needs them
	wrap    int                  // width of wrapped lines (PDF text), -1 none, 0 not yet known

	// step 4, whatever the document is about
	rawCues     []Evidence
	rawCueStart []int      // normalised starts of rawCues
	rawCats     []Category // categories under a leak scope
	leakSection bool       // a category listed under a leak heading or label
	// step 5
	aboutIncident bool
	// steps 7–10
	categories []Category
	attackers  []Attacker
	cues       []Evidence
	victim     *VictimMention
}

// analyse runs steps 2–5 and 7–10 of the analysis (see analysis).
func (e *Extractor) analyse(d *document) *analysis {
	a := &analysis{d: d, e: e, runes: d.norm.runes, toks: map[int]clauseTokens{}}
	// 2. dictionary matches
	a.matches = dropEmbeddedNames(a.runes, e.words.scan(a.runes))
	a.indexMatches()
	// 3. layout
	a.splitSentences()
	a.splitLines()
	// 4. cues and negation scopes
	a.rawCues, a.rawCueStart = a.incidentEvidence(e.words)
	a.rawCats, a.leakSection = a.leakedCategories()
	// 5. about an incident
	a.aboutIncident = a.about(e.words)
	// 7. categories, 9. incident types
	if a.aboutIncident {
		a.categories, a.cues = a.rawCats, a.rawCues
	}
	// 8. attackers
	a.attackers = a.findAttackers(e.words)
	// 10. victim
	a.victim = a.findVictim()
	return a
}

// clauseTokens are the kagome tokens of a sentence from offset lo to its end.
type clauseTokens struct {
	lo   int
	toks []token
}

// indexMatches fills first, the index of the matches by start offset.
func (a *analysis) indexMatches() {
	a.first = make([]int32, len(a.runes)+1)
	for i := range a.first {
		a.first[i] = -1
	}
	for i := len(a.matches) - 1; i >= 0; i-- {
		a.first[a.matches[i].start] = int32(i)
	}
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

func (a *analysis) cueKindIn(s, e int, kind string) (int, int, bool) {
	for i := s; i < e; i++ {
		for _, m := range a.matchesAt(i) {
			if m.pay.kind == payCue && m.pay.id == kind && m.end <= e {
				return i, m.end, true
			}
		}
	}
	return 0, 0, false
}
