package web

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHighlight(t *testing.T) {
	m := func(field string, seq, start, end int) Mention {
		return Mention{Field: field, Seq: seq, Value: "v", Start: start, End: end}
	}
	for _, c := range []struct {
		name    string
		text    string
		ms      []Mention
		want    string
		skipped int
	}{
		{"none", "abc", nil, "abc", 0},
		{"one", "約6万件の氏名", []Mention{m("counts", 0, 0, 4)},
			`<mark data-field="counts" data-m="counts-0" title="v">約6万件</mark>の氏名`, 0},
		{"code points, not bytes", "氏名と住所", []Mention{m("categories", 0, 0, 2), m("categories", 1, 3, 5)},
			`<mark data-field="categories" data-m="categories-0" title="v">氏名</mark>と<mark data-field="categories" data-m="categories-1" title="v">住所</mark>`, 0},
		{"nested", "ABCD", []Mention{m("dates", 0, 1, 3), m("victim", 0, 0, 4)},
			`<mark data-field="victim" data-m="victim-0" title="v">A<mark data-field="dates" data-m="dates-0" title="v">BC</mark>D</mark>`, 0},
		{"same span", "AB", []Mention{m("counts", 0, 0, 2), m("dates", 1, 0, 2)},
			`<mark data-field="dates" data-m="dates-1" title="v"><mark data-field="counts" data-m="counts-0" title="v">AB</mark></mark>`, 0},
		{"crossing: the inner one is split", "ABCD", []Mention{m("dates", 0, 0, 3), m("counts", 0, 1, 4)},
			`<mark data-field="dates" data-m="dates-0" title="v">A<mark data-field="counts" data-m="counts-0" title="v">BC</mark></mark>` +
				`<mark data-field="counts" data-m="counts-0" title="v">D</mark>`, 0},
		{"adjacent", "ABCD", []Mention{m("dates", 0, 0, 2), m("counts", 0, 2, 4)},
			`<mark data-field="dates" data-m="dates-0" title="v">AB</mark><mark data-field="counts" data-m="counts-0" title="v">CD</mark>`, 0},
		{"bad offsets are skipped", "AB", []Mention{m("dates", 0, 1, 5), m("dates", 1, -1, 1), m("dates", 2, 1, 1)}, "AB", 3},
		{"escaped", `<i>&"`, []Mention{{Field: "victim", Value: `"><script>`, Start: 0, End: 3}},
			`<mark data-field="victim" data-m="victim-0" title="&#34;&gt;&lt;script&gt;">&lt;i&gt;</mark>&amp;&#34;`, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, skipped := highlight(c.text, c.ms)
			if string(got) != c.want || skipped != c.skipped {
				t.Errorf("got  %s (skipped %d)\nwant %s (skipped %d)", got, skipped, c.want, c.skipped)
			}
		})
	}
}

var (
	markOpen  = regexp.MustCompile(`<mark data-field="[a-z_]+" data-m="([a-z_]+-\d+)" title="[^"]*">`)
	anyMark   = regexp.MustCompile(`</?mark[^>]*>`)
	tagSplits = regexp.MustCompile(`(<mark [^>]*>|</mark>)`)
)

// checkHighlight verifies the invariants: without the marks the output is
// the escaped text; marks balance; each valid mention's marks, joined, hold
// exactly its text.
func checkHighlight(t *testing.T, text string, ms []Mention) {
	out, skipped := highlight(text, ms)
	s := string(out)
	// HTML cannot carry NUL: the escaper writes U+FFFD instead.
	nul := func(s string) string { return strings.ReplaceAll(s, "\x00", "\uFFFD") }
	if got := html.UnescapeString(anyMark.ReplaceAllString(s, "")); got != nul(text) {
		t.Fatalf("text changed: %q → %q", text, got)
	}
	// Walk the marks, collecting the text inside each data-m.
	var stack []string
	inside := map[string]*strings.Builder{}
	pos := 0
	for _, loc := range tagSplits.FindAllStringIndex(s, -1) {
		seg := html.UnescapeString(s[pos:loc[0]])
		for _, id := range stack {
			inside[id].WriteString(seg)
		}
		tag := s[loc[0]:loc[1]]
		if tag == "</mark>" {
			if len(stack) == 0 {
				t.Fatalf("unbalanced </mark> in %s", s)
			}
			stack = stack[:len(stack)-1]
		} else {
			id := markOpen.FindStringSubmatch(tag)[1]
			stack = append(stack, id)
			if inside[id] == nil {
				inside[id] = &strings.Builder{}
			}
		}
		pos = loc[1]
	}
	if len(stack) != 0 {
		t.Fatalf("unclosed marks in %s", s)
	}
	runes := []rune(text)
	valid := 0
	for _, m := range ms {
		if m.Start < 0 || m.End > len(runes) || m.Start >= m.End {
			continue
		}
		valid++
		id := m.Field + "-" + itoa(int64(m.Seq))
		if b := inside[id]; b == nil || b.String() != nul(string(runes[m.Start:m.End])) {
			t.Fatalf("mention %s %d-%d: marked %v, want %q", id, m.Start, m.End, b, string(runes[m.Start:m.End]))
		}
	}
	if valid+skipped != len(ms) {
		t.Fatalf("%d valid + %d skipped != %d mentions", valid, skipped, len(ms))
	}
}

// FuzzHighlight: any text and offsets give balanced marks around exactly
// the mentioned code points, and the text itself unchanged.
func FuzzHighlight(f *testing.F) {
	f.Add("2024年3月1日、約6万件の氏名が漏えい", 0, 9, 10, 14, 3, 12)
	f.Add("<script>alert(1)</script>", 0, 8, 2, 20, 5, 6)
	f.Add("ABCD", 0, 3, 1, 4, 2, 2)
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2, s3, e3 int) {
		if !utf8.ValidString(text) {
			return
		}
		ms := []Mention{
			{Field: "dates", Seq: 0, Start: s1, End: e1},
			{Field: "counts", Seq: 0, Start: s2, End: e2},
			{Field: "categories", Seq: 1, Start: s3, End: e3},
		}
		checkHighlight(t, text, ms)
	})
}
