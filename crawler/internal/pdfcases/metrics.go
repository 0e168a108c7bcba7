package pdfcases

import (
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// CJK returns the kana, kanji and hangul of s in order, after NFKC (so
// half-width katakana count as their full-width forms and vertical
// presentation forms as the characters they stand for).
func CJK(s string) []rune {
	var out []rune
	for _, r := range norm.NFKC.String(s) {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || r == 'ー' {
			out = append(out, r)
		}
	}
	return out
}

// Recall is the share of want's CJK characters, as a multiset, that got
// has: 1 when want has none.
func Recall(want, got string) float64 {
	w := CJK(want)
	if len(w) == 0 {
		return 1
	}
	have := map[rune]int{}
	for _, r := range CJK(got) {
		have[r]++
	}
	hit := 0
	for _, r := range w {
		if have[r] > 0 {
			have[r]--
			hit++
		}
	}
	return float64(hit) / float64(len(w))
}

// Order is the reading-order similarity of got to want: 2·LCS/(|a|+|b|)
// over their CJK characters, as difflib's ratio is for a sequence without
// junk. 1 when both have none.
func Order(want, got string) float64 {
	a, b := CJK(want), CJK(got)
	if len(a)+len(b) == 0 {
		return 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return 2 * float64(prev[len(b)]) / float64(len(a)+len(b))
}
