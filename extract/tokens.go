package extract

import (
	"github.com/ikawaha/kagome/v2/tokenizer"
)

// token is a kagome token over the normalised text. Start and End are rune
// offsets into normText.runes (map them with normText.Span).
type token struct {
	Surface string
	POS     string // 品詞 (名詞, 助詞, ...; the user dictionary's own tags for domain terms)
	POS1    string // 品詞細分類1 (固有名詞, 数, 組織, ...)
	Base    string // 基本形 ("*" when unknown)
	User    bool   // from the kohyo user dictionary
	Start   int
	End     int
}

// maxChunk bounds how many runes kagome sees at once: its lattice grows with
// the input, so long texts are cut at line or sentence ends.
const maxChunk = 4096

// tokenize runs kagome over the normalised text, chunk by chunk.
func (e *Extractor) tokenize(n *normText) []token {
	out := make([]token, 0, len(n.runes)/2)
	for lo := 0; lo < len(n.runes); {
		hi := chunkEnd(n.runes, lo)
		for _, t := range e.tok.Tokenize(string(n.runes[lo:hi])) {
			tk := token{Surface: t.Surface, Start: lo + t.Start, End: lo + t.End}
			f := t.Features()
			switch t.Class {
			case tokenizer.USER:
				tk.User = true
				if len(f) > 0 {
					tk.POS = f[0]
				}
				tk.Base = t.Surface
			default:
				if len(f) > 0 {
					tk.POS = f[0]
				}
				if len(f) > 1 {
					tk.POS1 = f[1]
				}
				if len(f) > 6 {
					tk.Base = f[6]
				}
			}
			out = append(out, tk)
		}
		lo = hi
	}
	return out
}

// chunkEnd picks the end of the chunk starting at lo: the last line break
// (else sentence end, else any position) before lo+maxChunk.
func chunkEnd(r []rune, lo int) int {
	hi := lo + maxChunk
	if hi >= len(r) {
		return len(r)
	}
	for i := hi; i > lo+maxChunk/2; i-- {
		if r[i-1] == '\n' {
			return i
		}
	}
	for i := hi; i > lo+maxChunk/2; i-- {
		if r[i-1] == '。' {
			return i
		}
	}
	return hi
}

// Wakati splits text into words with the same tokenizer and dictionaries
// as extraction (after NFKC normalisation). The corpus uses it to index
// Japanese text for full-text search.
func (e *Extractor) Wakati(text string) []string {
	n := newNormText(text)
	out := make([]string, 0, len(n.runes)/2)
	for _, t := range e.tokenize(n) {
		if t.POS == "記号" && t.Surface == " " {
			continue
		}
		out = append(out, t.Surface)
	}
	return out
}
