package extract

import (
	"strings"

	"github.com/ikawaha/kagome/v2/tokenizer"
)

// token is a kagome token over the normalised text. Start and End are rune
// offsets into normText.runes (map them with normText.Span). Parts of speech
// are read from the dictionary only when asked for: most tokens never are.
type token struct {
	Surface string
	User    bool // from the kohyo user dictionary
	Start   int
	End     int
	kt      *tokenizer.Token // in the slice kagome returned for the chunk
}

func (t token) feature(i int) string {
	if f := t.kt.Features(); i < len(f) {
		return f[i]
	}
	return ""
}

// POS is the 品詞 (名詞, 助詞, ...; the user dictionary's own tag for domain terms).
func (t token) POS() string { return t.feature(0) }

// POS1 is the 品詞細分類1 (固有名詞, 数, 組織, ...); empty for user terms.
func (t token) POS1() string {
	if t.User {
		return ""
	}
	return t.feature(1)
}

// Base is the 基本形 ("*" when unknown; the surface for user terms).
func (t token) Base() string {
	if t.User {
		return t.Surface
	}
	return t.feature(6)
}

// maxChunk bounds how many runes kagome sees at once: its lattice grows with
// the input, so long texts are cut at line or sentence ends.
const maxChunk = 4096

// tokenize runs kagome over the whole normalised text, chunk by chunk.
func (e *Extractor) tokenize(n *normText) ([]token, error) {
	return e.tokenizeRange(n.runes, 0, len(n.runes), make([]token, 0, len(n.runes)/2))
}

// tokenizeRange appends the tokens of runes[lo:hi] to out, with offsets
// into runes. The first call builds the tokenizer (see Extractor); when it
// cannot be built, out comes back unchanged with the error.
func (e *Extractor) tokenizeRange(runes []rune, lo, hi int, out []token) ([]token, error) {
	if lo >= hi {
		return out, nil
	}
	tok, err := e.tok()
	if err != nil {
		return out, err
	}
	for lo < hi {
		end := lo + chunkEnd(runes[lo:hi], 0)
		toks := tok.Tokenize(string(runes[lo:end]))
		for i := range toks {
			t := &toks[i]
			out = append(out, token{Surface: t.Surface, User: t.Class == tokenizer.USER, Start: lo + t.Start, End: lo + t.End, kt: t})
		}
		lo = end
	}
	return out, nil
}

// tokenize returns the tokens of the normalised runes[lo:hi]. A tokenizer
// that cannot be built gives no tokens; its error is kept for Result.Err.
func (a *analysis) tokenize(lo, hi int) []token {
	toks, err := a.e.tokenizeRange(a.runes, lo, hi, nil)
	if err != nil && a.d.err == nil {
		a.d.err = err
	}
	return toks
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
// Japanese text for full-text search. It returns nil when the tokenizer
// cannot be built: call Ready before handing Wakati to the corpus.
func (e *Extractor) Wakati(text string) []string {
	toks, err := e.tokenize(newNormText(text))
	if err != nil {
		return nil
	}
	return tokenWords(toks)
}

// tokenWords lists the surfaces of the tokens, without white space.
func tokenWords(toks []token) []string {
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if strings.TrimSpace(t.Surface) != "" {
			out = append(out, t.Surface)
		}
	}
	return out
}
