package extract

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var (
	dateValueRE = regexp.MustCompile(`^(\d{4}(-\d{2}(-\d{2})?)?|FY\d{4})$`)
	categoryIDs = map[string]bool{"name": true, "address": true, "phone": true, "email": true, "birthdate": true,
		"age": true, "gender": true, "organization": true, "job_title": true, "education": true, "hr": true,
		"credit_card": true, "bank_account": true, "credentials": true, "member_id": true, "purchase_history": true,
		"health": true, "government_id": true, "photo": true, "family": true, "financial": true, "vehicle": true}
	incidentIDs = map[string]bool{"ransomware": true, "unauthorized_access": true, "malware": true, "phishing": true,
		"misdelivery": true, "misconfiguration": true, "loss": true, "theft": true, "insider": true}
)

// checkResult asserts every invariant of the contract that holds whatever
// the text: valid spans, normalised values, known ids.
func checkResult(t testing.TB, text string, res *Result) {
	t.Helper()
	checkSpans(t, text, res)
	for _, d := range res.Dates {
		if !dateValueRE.MatchString(d.Value) {
			t.Errorf("date value %q is not normalised", d.Value)
			continue
		}
		switch len(d.Value) {
		case 10:
			if _, err := time.Parse("2006-01-02", d.Value); err != nil {
				t.Errorf("date %q is not a calendar day", d.Value)
			}
		case 7:
			if _, err := time.Parse("2006-01", d.Value); err != nil {
				t.Errorf("date %q is not a calendar month", d.Value)
			}
		}
	}
	for _, c := range res.Counts {
		if c.Value < 0 {
			t.Errorf("negative count %d", c.Value)
		}
		switch c.Qualifier {
		case "", QualApprox, QualMax, QualMin, QualTotal:
		default:
			t.Errorf("unknown qualifier %q", c.Qualifier)
		}
	}
	for _, c := range res.Categories {
		if !categoryIDs[c.Category] {
			t.Errorf("unknown category id %q", c.Category)
		}
	}
	for _, it := range res.IncidentTypes {
		if !incidentIDs[it] {
			t.Errorf("unknown incident type %q", it)
		}
	}
	for _, a := range res.Attackers {
		if strings.TrimSpace(a.Name) == "" {
			t.Error("attacker with an empty name")
		}
	}
	if res.Victim != nil && (*res.Victim == "" || !utf8.ValidString(*res.Victim)) {
		t.Errorf("victim %q is empty or invalid UTF-8", *res.Victim)
	}
	if _, err := json.Marshal(res); err != nil {
		t.Errorf("result does not marshal: %v", err)
	}
}

func TestBadInput(t *testing.T) {
	ex := testExtractor(t)
	big := strings.Repeat("本日、当社は不正アクセスを確認しました。2024年1月5日に約1万件の氏名が漏えいしました。\n", 50<<20/120)
	tests := []struct {
		name string
		text string
	}{
		{"empty", ""},
		{"spaces", " \n\t\u3000"},
		{"binary", "\x00\x01\x02\xff\xfe\x7f\x1b[0m"},
		{"invalid utf8", "2024年\xff1月\xfe5日 不正アクセス"},
		{"english only", "Notice of unauthorized access. On January 5, 2024 we detected ransomware."},
		{"only numbers", "2024 1 5 100 12,345"},
		{"combining marks", "カ\u3099ガ\u0301"},
		{"50 MB", big},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ex.Extract(Input{Text: tt.text, Published: time.Date(2024, 1, 10, 0, 0, 0, 0, time.UTC)})
			checkResult(t, string([]rune(tt.text)), res)
			if tt.name == "50 MB" && !res.Truncated {
				t.Error("a 50 MB document should be truncated")
			}
		})
	}
}

func TestPublishedSource(t *testing.T) {
	ex := testExtractor(t)
	res := ex.Extract(Input{Text: "不正アクセスに関するお知らせ"})
	if res.PublishedSource != PublishedToday || res.Published != "2024-06-01" {
		t.Errorf("no date anywhere: published %s (%s), want 2024-06-01 (today)", res.Published, res.PublishedSource)
	}
	res = ex.Extract(Input{Text: "x", Published: time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)})
	if res.PublishedSource != PublishedGiven || res.Published != "2023-04-01" {
		t.Errorf("given date: published %s (%s)", res.Published, res.PublishedSource)
	}
}

// sharedEval is the evaluation data beside the repository, when present.
func sharedEval(t testing.TB, name string) string {
	p := filepath.Join("..", "..", "shared", "eval", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not found (it sits beside the repository in development and CI)", p)
	}
	return p
}

// scoreFile extracts every document of a gold file and scores it.
func scoreFile(t testing.TB, path string) *Scorer {
	ex := testExtractor(t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := NewScorer()
	s := bufio.NewScanner(f)
	s.Buffer(nil, 16<<20)
	for s.Scan() {
		var doc struct {
			ID        string                     `json:"id"`
			Text      string                     `json:"text"`
			Published string                     `json:"published"`
			Gold      map[string]json.RawMessage `json:"gold"`
		}
		if err := json.Unmarshal(s.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		var g Gold
		raw, _ := json.Marshal(doc.Gold)
		if err := json.Unmarshal(raw, &g); err != nil {
			t.Fatal(err)
		}
		keys := make([]string, 0, len(doc.Gold))
		for k := range doc.Gold {
			keys = append(keys, k)
		}
		g.MarkPresent(keys)
		pub, err := ParseDate(doc.Published)
		if err != nil {
			t.Fatal(err)
		}
		res := ex.Extract(Input{ID: doc.ID, Text: doc.Text, Published: pub})
		checkResult(t, doc.Text, res)
		sc.Add(doc.ID, &g, res)
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestQualityDev guards the dev-set scores (../shared/eval/dev.jsonl) against
// regressions: overall F1 ≥ 0.90 and every field ≥ 0.85 (issue 2).
func TestQualityDev(t *testing.T) {
	sc := scoreFile(t, sharedEval(t, "dev.jsonl"))
	t.Logf("\n%s", sc.Report())
	for _, f := range sc.Scores() {
		if f.F1() < 0.85 {
			t.Errorf("%s F1 %.3f < 0.85", f.Field, f.F1())
		}
	}
	if sc.Overall() < 0.90 {
		t.Errorf("overall F1 %.3f < 0.90", sc.Overall())
	}
}

// TestQualityPeerDates guards dates F1 on ja-timex's own cases: ja-timex
// scores 0.949 on them, kohyo must beat it.
func TestQualityPeerDates(t *testing.T) {
	sc := scoreFile(t, sharedEval(t, filepath.Join("peer", "jatimex_dates.jsonl")))
	t.Logf("\n%s", sc.Report())
	for _, f := range sc.Scores() {
		if f.Field == "dates" && f.F1() < 0.95 {
			t.Errorf("dates F1 %.3f < 0.95", f.F1())
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"2024年2月9日\n株式会社テスト\nランサムウェア被害により約6万件の氏名、住所が漏えいした可能性があります。",
		"令和元年5月1日から同年12月28日まで。翌日、前日、同月。",
		"二〇二四年二月十六日、１万２千件、ＢｌａｃｋＣａｔ",
		"R5.10.25 H31.4.1 2024/3/8 2024-10-16 02:14",
		"ランサムウェアグループ「Kurogane」が犯行声明",
		"\xff\xfe\x00",
		"①氏名②住所（３）電話番号",
		"7月28日頃〜8月上旬",
	} {
		f.Add(s, int64(0))
	}
	ex := testExtractor(f)
	f.Fuzz(func(t *testing.T, text string, day int64) {
		pub := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(day%20000))
		res := ex.Extract(Input{Text: text, Published: pub})
		checkResult(t, string([]rune(text)), res)
	})
}
