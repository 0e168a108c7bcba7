package extract

import (
	"math"
	"testing"
)

func strp(s string) *string { return &s }

func TestScorerFields(t *testing.T) {
	tests := []struct {
		name       string
		gold       Gold
		pred       Result
		field      string
		tp, fp, fn int
	}{
		{"dates set", Gold{Dates: []string{"2024-02-05", "2024-03"}}, Result{Dates: []Date{{Value: "2024-02-05"}, {Value: "2024-02-05"}, {Value: "2024"}}}, "dates", 1, 1, 1},
		{"counts", Gold{Counts: []int64{60000, 48}}, Result{Counts: []Count{{Value: 60000}}}, "counts", 1, 0, 1},
		{"alias match ignoring case and punctuation", Gold{Attackers: [][]string{{"ALPHV", "BlackCat"}}}, Result{Attackers: []Attacker{{Name: "black-cat"}}}, "attackers", 1, 0, 0},
		{"two names of one group: second is fp", Gold{Attackers: [][]string{{"ALPHV", "BlackCat"}}}, Result{Attackers: []Attacker{{Name: "ALPHV"}, {Name: "BlackCat"}}}, "attackers", 1, 1, 0},
		{"same canonical twice counts once", Gold{Attackers: [][]string{{"LockBit"}}}, Result{Attackers: []Attacker{{Name: "LockBit"}, {Name: "LockBit"}}}, "attackers", 1, 0, 0},
		{"victim legal form stripped", Gold{Victim: strp("株式会社ミナトテック")}, Result{Victim: strp("ミナトテック")}, "victim", 1, 0, 0},
		{"victim containment needs 3 chars", Gold{Victim: strp("北海道大学")}, Result{Victim: strp("北海道大学病院")}, "victim", 1, 0, 0},
		{"victim NFKC and ヶ", Gold{Victim: strp("霞ヶ関テック(株)")}, Result{Victim: strp("霞ケ関テック（株）")}, "victim", 1, 0, 0},
		{"victim wrong", Gold{Victim: strp("A社データ")}, Result{Victim: strp("B社データ")}, "victim", 0, 1, 1},
		{"victim null both", Gold{}, Result{}, "victim", 0, 0, 0},
		{"victim predicted for null gold", Gold{}, Result{Victim: strp("テスト商事")}, "victim", 0, 1, 0},
		{"types", Gold{IncidentTypes: []string{"ransomware", "unauthorized_access"}}, Result{IncidentTypes: []string{"ransomware", "phishing"}}, "incident_types", 1, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, fp, fn, _ := scoreField(tt.field, &tt.gold, &tt.pred)
			if tp != tt.tp || fp != tt.fp || fn != tt.fn {
				t.Errorf("tp/fp/fn = %d/%d/%d, want %d/%d/%d", tp, fp, fn, tt.tp, tt.fp, tt.fn)
			}
		})
	}
}

func TestScorerSkipsAbsentFields(t *testing.T) {
	s := NewScorer()
	g := &Gold{Dates: []string{"2021-07-18"}}
	g.MarkPresent([]string{"dates"})
	s.Add("x", g, &Result{Dates: []Date{{Value: "2021-07-18"}}, Victim: strp("何か")})
	sc := s.Scores()
	if len(sc) != 1 || sc[0].Field != "dates" || sc[0].TP != 1 {
		t.Fatalf("scores %+v, want dates only", sc)
	}
	if math.Abs(s.Overall()-1) > 1e-9 {
		t.Errorf("overall %v, want 1", s.Overall())
	}
}
