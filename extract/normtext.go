package extract

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normText is the document text after NFKC normalisation (全角 digits and
// letters to ASCII, half-width katakana to full width, ① to 1, ㈱ to (株))
// plus a few foldings NFKC leaves alone (wave dash and minus signs), with a
// map from every normalised rune back to the original code-point offsets.
//
// Numerals and dates are matched on this text; Span converts a match back to
// offsets into the original, so text == doc[start:end] always holds.
type normText struct {
	orig  []rune // the original text
	runes []rune // the normalised text
	start []int  // start[i]: original offset where the segment of runes[i] begins
	end   []int  // end[i]: original offset where the segment of runes[i] ends
}

// fold maps runes that NFKC keeps but that are written interchangeably in
// Japanese dates and ranges.
func fold(r rune) rune {
	switch r {
	case '〜', '∼', '～', '〰':
		return '~'
	case '‐', '‑', '‒', '–', '−':
		return '-'
	}
	return r
}

func newNormText(s string) *normText {
	if !utf8.ValidString(s) {
		s = toValidUTF8(s)
	}
	n := &normText{orig: []rune(s)}
	n.runes = make([]rune, 0, len(n.orig))
	n.start = make([]int, 0, len(n.orig))
	n.end = make([]int, 0, len(n.orig))
	var buf []byte
	pos := 0 // original rune offset
	for len(s) > 0 {
		// Most Japanese text is already in NFKC: copy that run rune by rune
		// with an identity map, and normalise only the segments that change.
		if q := norm.NFKC.QuickSpanString(s); q > 0 {
			for _, r := range s[:q] {
				n.runes = append(n.runes, fold(r))
				n.start = append(n.start, pos)
				n.end = append(n.end, pos+1)
				pos++
			}
			s = s[q:]
			continue
		}
		seg := norm.NFKC.NextBoundaryInString(s, true)
		if seg <= 0 {
			seg = len(s)
		}
		part := s[:seg]
		s = s[seg:]
		nr := utf8.RuneCountInString(part)
		buf = norm.NFKC.AppendString(buf[:0], part)
		for _, r := range string(buf) {
			n.runes = append(n.runes, fold(r))
			n.start = append(n.start, pos)
			n.end = append(n.end, pos+nr)
		}
		pos += nr
	}
	return n
}

// toValidUTF8 replaces invalid bytes with U+FFFD, one per bad byte, as
// Go's []rune conversion does, so offsets agree with []rune(doc).
func toValidUTF8(s string) string {
	return string([]rune(s))
}

// String returns the normalised text.
func (n *normText) String() string { return string(n.runes) }

// Span maps the normalised rune range [i, j) back to the original text.
func (n *normText) Span(i, j int) Span {
	if j <= i || i < 0 || j > len(n.runes) {
		return Span{}
	}
	s, e := n.start[i], n.end[j-1]
	return Span{Text: string(n.orig[s:e]), Start: s, End: e}
}
