package extract

// Span locates a mention in the document text. Start and End are offsets in
// Unicode code points (not bytes) into the text as given, so that
// Text == string([]rune(doc)[Start:End]) always holds.
type Span struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Precision says how much of a calendar date the text gives.
type Precision string

// Date precisions.
const (
	Day        Precision = "day"
	Month      Precision = "month"
	Year       Precision = "year"
	FiscalYear Precision = "fiscal_year"
)

// Date is one calendar date mentioned in the text, normalised per the
// contract: YYYY-MM-DD, YYYY-MM, YYYY or FYYYYY.
type Date struct {
	Value     string    `json:"value"`
	Precision Precision `json:"precision"`
	Span
	Rule string `json:"rule"` // how the value was read (see Rules)
}

// Count qualifiers (contract §3).
const (
	QualApprox = "approx"
	QualMax    = "max"
	QualMin    = "min"
	QualTotal  = "total"
)

// Count is one number written before a counter word (件, 名, 社, ...).
type Count struct {
	Value     int64  `json:"value"`
	Counter   string `json:"counter"`
	Qualifier string `json:"qualifier"`
	Span
	Rule string `json:"rule"`
}

// Attacker is a named perpetrator: a ransomware group, a malware family or
// a threat actor. Name is the dictionary's canonical name, or the surface
// form when Known is false.
type Attacker struct {
	Name  string `json:"name"`
	Known bool   `json:"known"`
	Kind  string `json:"kind,omitempty"`
	Span
	Rule string `json:"rule"`
}

// Category is one mention of a kind of personal data said to be leaked.
type Category struct {
	Category string `json:"category"`
	Span
	Rule string `json:"rule"`
}

// Evidence is a cue-word mention that supports an incident type.
type Evidence struct {
	Type string `json:"type"`
	Span
	Rule string `json:"rule"`
	// Sentence is the sentence that holds the cue.
	Sentence *Span `json:"sentence,omitempty"`
}

// VictimMention says where the victim was read and by which rule.
type VictimMention struct {
	Span
	Rule string `json:"rule"`
	// Sentence is the line or sentence the name was read from.
	Sentence *Span `json:"sentence,omitempty"`
}

// Published-date sources.
const (
	PublishedGiven    = "given"    // passed in by the caller (--published, JSONL field, page metadata)
	PublishedDocument = "document" // a date line in the document itself
	PublishedToday    = "today"    // nothing better was known
)

// Result is what kohyo extracts from one document. Its JSON shape is the
// contract of ../shared/spec/extraction.md §1 plus provenance fields.
type Result struct {
	ID              string         `json:"id,omitempty"`
	Published       string         `json:"published"`
	PublishedSource string         `json:"published_source"`
	Dates           []Date         `json:"dates"`
	Counts          []Count        `json:"counts"`
	Attackers       []Attacker     `json:"attackers"`
	Categories      []Category     `json:"categories"`
	IncidentTypes   []string       `json:"incident_types"`
	IncidentCues    []Evidence     `json:"incident_evidence"`
	Victim          *string        `json:"victim"`
	VictimSpan      *Span          `json:"-"` // where the victim is written; VictimMention with the rule
	VictimMention   *VictimMention `json:"victim_mention,omitempty"`
	// SelfReference is the first place where the text names its issuer
	// with a first-person word (当社, 弊社, 本市, 本学, 当院); with a null
	// victim it says the issuer is the page's publisher, not named.
	SelfReference *Span `json:"self_reference,omitempty"`
	// Truncated is set when the document was longer than the extractor
	// reads (see WithMaxRunes); only its beginning was extracted from.
	Truncated bool `json:"truncated,omitempty"`
	// Words is the normalised text split into words, when Input.Words
	// asked for it; it is not part of the JSON.
	Words []string `json:"-"`
	// Err is set when the document needed kagome's tokens and the
	// tokenizer could not be built (it wraps ErrTokenizer): the other
	// fields are then incomplete. It is never set after Extractor.Ready
	// returned nil.
	Err error `json:"-"`
}
