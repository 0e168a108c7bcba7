// Package extract turns the text of one Japanese announcement into the
// structured facts of ../shared/spec/extraction.md: calendar dates, record
// counts, attackers, leaked data categories, incident types and the victim
// organisation, each mention with code-point offsets into the text.
package extract

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	kdict "github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/kohyo-dev/kohyo/dict"
)

// DefaultMaxRunes is how much of a document is read by default: about 3 MB
// of Japanese text, far beyond any announcement. The rest is not read and
// the result says Truncated.
const DefaultMaxRunes = 1 << 20

// ErrTokenizer is wrapped by the error of a kagome tokenizer that could not
// be built (the IPA dictionary did not load); see Extractor.Ready.
var ErrTokenizer = errors.New("extract: kagome tokenizer")

// Extractor extracts facts from documents. It is safe for concurrent use;
// build one per process.
//
// The kagome tokenizer (the IPA dictionary, about a second of CPU to
// load, and the user dictionary) is built on first use, once: most of the
// analysis is a dictionary scan, and a document without incident cues
// needs no tokens at all (analysis.go says which steps read tokens).
// Ready builds it at once and reports whether it could be built; a
// long-running caller that tokenises every document calls it up front.
type Extractor struct {
	tok      func() (*tokenizer.Tokenizer, error) // sync.OnceValues(buildTokenizer); called by tokenizeRange and Ready
	system   func() *kdict.Dict                   // the system dictionary, ipa.Dict; tests replace it
	udict    *kdict.UserDict
	dict     *dict.Dict
	now      func() time.Time
	maxRunes int
	words    *wordIndex
}

// Option configures an Extractor.
type Option func(*Extractor) error

// WithClock sets the clock used when a document has no publication date
// of its own ("today"). Tests use it to be reproducible.
func WithClock(now func() time.Time) Option {
	return func(e *Extractor) error {
		if now == nil {
			return fmt.Errorf("extract: nil clock")
		}
		e.now = now
		return nil
	}
}

// WithMaxRunes limits how many code points of a document are read.
func WithMaxRunes(n int) Option {
	return func(e *Extractor) error {
		if n <= 0 {
			return fmt.Errorf("extract: max runes must be positive, got %d", n)
		}
		e.maxRunes = n
		return nil
	}
}

// WithDict replaces the embedded dictionaries.
func WithDict(d *dict.Dict) Option {
	return func(e *Extractor) error {
		if d == nil {
			return fmt.Errorf("extract: nil dictionary")
		}
		e.dict = d
		return nil
	}
}

// New builds an Extractor: it reads the embedded domain dictionaries (or
// WithDict's) and builds the word index and the kagome user dictionary
// from them, so that every error of the options and dictionaries is
// New's. The IPA dictionary is not loaded yet (see Extractor and Ready).
func New(opts ...Option) (*Extractor, error) {
	e := &Extractor{now: time.Now, maxRunes: DefaultMaxRunes, system: ipa.Dict}
	for _, o := range opts {
		if err := o(e); err != nil {
			return nil, err
		}
	}
	if e.dict == nil {
		d, err := dict.Default()
		if err != nil {
			return nil, fmt.Errorf("extract: load dictionaries: %w", err)
		}
		e.dict = d
	}
	udict, err := e.dict.UserDict()
	if err != nil {
		return nil, fmt.Errorf("extract: build user dictionary: %w", err)
	}
	e.udict = udict
	e.tok = sync.OnceValues(e.buildTokenizer)
	e.words = newWordIndex(e.dict)
	return e, nil
}

// Ready builds the kagome tokenizer now, if no call has yet, and returns
// the error of building it (the same error on every call). After Ready
// returned nil, no Result has Err set. Callers that tokenise every
// document (a crawl, the search index) call it once up front; a caller
// that extracts from one document lets Extract build the tokenizer when,
// and only if, the document needs tokens.
func (e *Extractor) Ready() error {
	_, err := e.tok()
	return err
}

// buildTokenizer loads the IPA dictionary and builds the tokenizer with
// the user dictionary. kagome-dict panics on a dictionary it cannot read;
// that becomes an error here.
func (e *Extractor) buildTokenizer() (tok *tokenizer.Tokenizer, err error) {
	defer func() {
		if r := recover(); r != nil {
			tok, err = nil, fmt.Errorf("%w: load the IPA dictionary: %v", ErrTokenizer, r)
		}
	}()
	tok, err = tokenizer.New(e.system(), tokenizer.UserDict(e.udict), tokenizer.OmitBosEos())
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTokenizer, err)
	}
	return tok, nil
}

// Input is one document to extract from.
type Input struct {
	ID   string
	Text string
	// Published is the publication date that year-less and relative dates
	// resolve against. Zero means unknown: the document's own date line is
	// used if it has one, else today.
	Published time.Time
	// Words asks for Result.Words: the text split into words by the same
	// tokenisation (what the corpus indexes for full-text search).
	Words bool
}

// document is the per-call state shared by the field extractors.
type document struct {
	norm      *normText
	tokens    []token // the whole text's tokens, only when Input.Words asked for them
	published time.Time
	err       error // the tokenizer could not be built when the document needed tokens (Result.Err)
}

// Extract runs every field extractor over one document.
func (e *Extractor) Extract(in Input) *Result {
	text := in.Text
	res := &Result{ID: in.ID}
	if n := len(text); n > e.maxRunes { // cheap byte test first
		if r := []rune(text); len(r) > e.maxRunes {
			text = string(r[:e.maxRunes])
			res.Truncated = true
		}
	}
	d := &document{norm: newNormText(text)}
	switch {
	case !in.Published.IsZero():
		d.published, res.PublishedSource = in.Published, PublishedGiven
	default:
		if t, ok := documentDate(d.norm, e.now()); ok {
			d.published, res.PublishedSource = t, PublishedDocument
		} else {
			d.published, res.PublishedSource = e.now(), PublishedToday
		}
	}
	res.Published = d.published.Format("2006-01-02")
	if in.Words {
		d.tokens, d.err = e.tokenize(d.norm)
		res.Words = tokenWords(d.tokens)
	}

	// The order of extraction is written in analysis (analysis.go).
	a := e.analyse(d)
	res.Counts = nonNil(extractCounts(d))
	res.Dates = nonNil(extractDates(d))
	res.Categories = nonNil(a.categories)
	res.Attackers = nonNil(a.attackers)
	res.IncidentCues = nonNil(a.cues)
	res.IncidentTypes = incidentTypes(res.IncidentCues)
	if v := a.victim; v != nil {
		name := v.Text
		res.Victim, res.VictimSpan, res.VictimMention = &name, &v.Span, v
	}
	res.SelfReference = a.selfReference()
	res.Err = d.err
	return res
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// incidentTypes lists the distinct types of the evidence, in order of
// first mention.
func incidentTypes(ev []Evidence) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, e := range ev {
		if !seen[e.Type] {
			seen[e.Type] = true
			out = append(out, e.Type)
		}
	}
	return out
}

// ParseDate parses a YYYY-MM-DD publication date.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("published date %q is not YYYY-MM-DD", s)
	}
	return t, nil
}
