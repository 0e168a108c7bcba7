package extract

import (
	"path/filepath"
	"testing"
)

// TestQualityHoldout guards the scores on testdata/holdout.jsonl: fictional
// documents written for kohyo and kept out of rule development, so that
// they measure how the rules carry over to unseen text. Overall F1 must
// stay ≥ 0.97 and every field ≥ 0.93.
func TestQualityHoldout(t *testing.T) {
	sc := scoreFile(t, filepath.Join("testdata", "holdout.jsonl"))
	t.Logf("\n%s", sc.Report())
	for _, f := range sc.Scores() {
		if f.F1() < 0.93 {
			t.Errorf("%s F1 %.3f < 0.93", f.Field, f.F1())
		}
	}
	if sc.Overall() < 0.97 {
		t.Errorf("overall F1 %.3f < 0.97", sc.Overall())
	}
}
