package extract

import "testing"

func TestNormTextSpans(t *testing.T) {
	tests := []struct {
		in       string
		wantNorm string
	}{
		{"２０２３年１０月２５日", "2023年10月25日"},
		{"ｶﾞｲﾄﾞ①", "ガイド1"},
		{"㈱ミナト", "(株)ミナト"},
		{"12月29日～1月3日", "12月29日~1月3日"},
		{"plain ascii", "plain ascii"},
		{"", ""},
	}
	for _, tt := range tests {
		n := newNormText(tt.in)
		if got := n.String(); got != tt.wantNorm {
			t.Errorf("norm(%q) = %q, want %q", tt.in, got, tt.wantNorm)
		}
		orig := []rune(tt.in)
		for i := range n.runes {
			for j := i + 1; j <= len(n.runes); j++ {
				sp := n.Span(i, j)
				if sp.Text != string(orig[sp.Start:sp.End]) {
					t.Fatalf("span(%d,%d) of %q: %+v does not match original", i, j, tt.in, sp)
				}
			}
		}
	}
}

func TestNormTextInvalidUTF8(t *testing.T) {
	in := "ab\xff\xfe日"
	n := newNormText(in)
	if len(n.orig) != len([]rune(in)) {
		t.Fatalf("orig len %d, want %d", len(n.orig), len([]rune(in)))
	}
}
