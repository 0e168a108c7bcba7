package extract

import (
	"testing"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"
)

// benchTexts are the fictional documents of testdata/docs.
func benchTexts(b *testing.B) ([]string, int) {
	docs := loadTestDocs(b)
	texts := make([]string, len(docs))
	n := 0
	for i, d := range docs {
		texts[i] = d.text
		n += len(d.text)
	}
	return texts, n
}

// BenchmarkTokenize is the baseline: raw kagome with the IPA dictionary on
// the same texts as BenchmarkExtract. Compare the two as a ratio.
func BenchmarkTokenize(b *testing.B) {
	texts, n := benchTexts(b)
	tok, err := tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			tok.Tokenize(t)
		}
	}
}

// BenchmarkExtract is the whole extraction (normalisation, tokenisation with
// the user dictionary, every field) on the same texts.
func BenchmarkExtract(b *testing.B) {
	texts, n := benchTexts(b)
	ex := testExtractor(b)
	b.SetBytes(int64(n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			ex.Extract(Input{Text: t})
		}
	}
}

// BenchmarkExtractWords is BenchmarkExtract with Input.Words, as the crawl
// runs it: the whole text is tokenised for the search index, so this one
// pays for full kagome tokenisation, which plain extraction does only for
// the sentences whose negation scope it checks.
func BenchmarkExtractWords(b *testing.B) {
	texts, n := benchTexts(b)
	ex := testExtractor(b)
	b.SetBytes(int64(n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			ex.Extract(Input{Text: t, Words: true})
		}
	}
}
