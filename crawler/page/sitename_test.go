package page

import (
	"slices"
	"testing"
)

// TestLegalFormsFromDict: the legal forms come from the dictionary's legal
// cues, not from a list of the crawler's own.
func TestLegalFormsFromDict(t *testing.T) {
	got := legalForms()
	for _, want := range []string{"株式会社", "(株)", "有限会社", "合同会社", "一般社団法人", "学校法人", "医療法人", "社会福祉法人"} {
		if !slices.Contains(got, want) {
			t.Errorf("legalForms() lacks %q (got %q)", want, got)
		}
	}
}

func TestIsSiteName(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"株式会社サンプル電機", true},
		{"サンプル電機株式会社", true},
		{"サンプル電機（株）", true},
		{"サンプル電機(株)", true},
		{"(株)サンプル電機", true},
		{"一般社団法人架空協議会", true},
		{"学校法人架空学園", true},
		{"架空合資会社", true},
		{"医療法人社団架空会", true},
		{"架空市", true},
		{"架空ホールディングス", true},
		{"お知らせ", true},
		{"News", true},
		{"不正アクセスによる個人情報漏えいについて", false},
		{"株式会社サンプル電機のお知らせ", false},
		{"株式会社サンプル電機、サーバー停止", false},
		{"サーバー障害の経過報告", false},
	} {
		if got := isSiteName(tc.s); got != tc.want {
			t.Errorf("isSiteName(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}
