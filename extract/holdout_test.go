package extract

import (
	"path/filepath"
	"testing"
)

// TestQualityHoldout guards the scores on the held-out sets in testdata:
// fictional documents written for kohyo from the contract alone, by
// annotators who did not see the code, and scored once before any rule was
// tuned on them (first-run scores are in the README). Each set's misses were
// then fixed by general rules; the floors sit a margin below the scores
// reached, so a rule change that breaks what carried over fails here.
func TestQualityHoldout(t *testing.T) {
	tests := []struct {
		file           string
		overall, field float64
	}{
		// 24 notices in the dev set's style.
		{"holdout.jsonl", 0.97, 0.93},
		// 20 harder, web-like documents: flattened tables, 【】 headings over
		// ■ bullets, ②-numbered dates, security announcements that are not
		// incidents.
		{"holdout2.jsonl", 0.98, 0.95},
		// 16 of the hardest: PDF text with broken lines and page footers,
		// incidents behind neutral titles, news columns, fake-site warnings.
		{"holdout3.jsonl", 0.98, 0.95},
		// 16 documents: a Q&A notice, an incident 年表, an entity-plus-hospital
		// issuer line, a 決算短信 that mentions last year's breach, bilingual
		// text, news on a breached contractor.
		{"holdout4.jsonl", 0.97, 0.95},
		// 30 documents: news with the victim named only in a quote or a
		// hiragana name and then 同金庫, notices whose first line is お客様各位
		// or 記者発表資料 with the issuer in the contact line, a seminar
		// notice and a law article full of cue words, an annual report that
		// mentions last year's ransomware (first run 0.933).
		{"holdout5.jsonl", 0.98, 0.95},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			sc := scoreFile(t, filepath.Join("testdata", tt.file))
			t.Logf("\n%s", sc.Report())
			for _, f := range sc.Scores() {
				if f.F1() < tt.field {
					t.Errorf("%s F1 %.3f < %.2f", f.Field, f.F1(), tt.field)
				}
			}
			if sc.Overall() < tt.overall {
				t.Errorf("overall F1 %.3f < %.2f", sc.Overall(), tt.overall)
			}
		})
	}
}
