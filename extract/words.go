package extract

import "github.com/kohyo-dev/kohyo/dict"

// wordIndex holds the dictionaries in the shapes the word-level extractors
// look them up in. Stub.
type wordIndex struct{}

func newWordIndex(d *dict.Dict) *wordIndex { return &wordIndex{} }

func (e *Extractor) extractAttackers(d *document) []Attacker    { return nil }
func (e *Extractor) extractCategories(d *document) []Category   { return nil }
func (e *Extractor) extractIncidentCues(d *document) []Evidence { return nil }
func (e *Extractor) extractVictim(d *document) (string, *Span)  { return "", nil }
