package extract

import (
	"fmt"
	"slices"

	"github.com/kohyo-dev/kohyo/dict"
)

// wordLists are the word lists of dict/lists.tsv (counters, qualifiers,
// relative date words, date rejects, cyber types, not-data words). They are
// embedded data validated by the dict tests, so a failure to read them is a
// build defect, not bad input.
var wordLists = func() *dict.WordLists {
	w, err := dict.Words()
	if err != nil {
		panic(fmt.Sprintf("extract: embedded word lists: %v", err))
	}
	return w
}()

// cyberTypes are the incident types whose plain cue words are cyber
// context for the conditional cues (侵入, 改ざん).
var cyberTypes = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range wordLists.Words(dict.ListCyberType) {
		m[t] = true
	}
	return m
}()

// legalForms are the legal forms of organisations, longest first: the cue
// words of kind legal, the one list the project keeps.
var legalForms = func() []string {
	d, err := dict.Default()
	if err != nil {
		panic(fmt.Sprintf("extract: embedded dictionaries: %v", err))
	}
	f := d.LegalForms()
	slices.SortStableFunc(f, func(a, b string) int { return len([]rune(b)) - len([]rune(a)) })
	return f
}()
