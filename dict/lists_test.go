package dict

import (
	"strings"
	"testing"
)

func TestWordLists(t *testing.T) {
	w, err := Words()
	if err != nil {
		t.Fatal(err)
	}
	for list := range wordListArgs {
		if len(w.Lists[list]) == 0 {
			t.Errorf("list %s is empty", list)
		}
		seen := map[string]bool{}
		for _, e := range w.Lists[list] {
			if seen[e.Word] {
				t.Errorf("list %s: %q twice", list, e.Word)
			}
			seen[e.Word] = true
		}
	}
	// relative date words are searched in order: a word that begins a
	// longer one must come after it
	rd := w.RelDates()
	for i, a := range rd {
		for _, b := range rd[i+1:] {
			if strings.HasPrefix(b.Word, a.Word) && b.Word != a.Word {
				t.Errorf("reldate %q comes before the longer %q", a.Word, b.Word)
			}
		}
	}
	// counters too: 人分 before 人
	cs := w.Words(ListCounter)
	for i, a := range cs {
		for _, b := range cs[i+1:] {
			if strings.HasPrefix(b, a) {
				t.Errorf("counter %q comes before the longer %q", a, b)
			}
		}
	}
}

func TestParseWordsErrors(t *testing.T) {
	for _, in := range []string{
		"nolist\tx\n",
		"counter\n",
		"qualifier_before\t約\tabout\n",
		"reldate\t今年\ty\tpub\tzero\tguard\n",
		"reldate\t今年\tw\tpub\t0\tguard\n",
		"cyber_type\tcyberish\n",
	} {
		if _, err := parseWords(in); err == nil {
			t.Errorf("parseWords(%q) gave no error", in)
		}
	}
}

func TestLegalForms(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	lf := d.LegalForms()
	for _, want := range []string{"株式会社", "(株)", "医療法人社団", "NPO法人"} {
		found := false
		for _, f := range lf {
			found = found || f == want
		}
		if !found {
			t.Errorf("legal forms lack %q", want)
		}
	}
}
