// Package mainbench scores kohyo's main text against go-trafilatura's on
// pages modelled on the templates of Japanese site families (corporate
// CMSs, municipal CMSs, やさしい日本語 pages, universities, hospitals, news
// sites, PDF listings, IR pages). Each page in ../testdata/templates has
// expected snippets (the article as a reader sees it) and forbidden ones
// (navigation, breadcrumbs, help lines, feedback forms, related lists,
// ruby readings, footers), as in trafilatura's own evaluation: an expected
// snippet found is a true positive, one missing a false negative, a
// forbidden snippet found a false positive. Whitespace is ignored on both
// sides. go-trafilatura is only imported here, in a test file.
//
//	go test -tags sqlite_fts5 ./crawler/page/mainbench -run TestTemplates -v
package mainbench

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/kohyo-dev/kohyo/crawler/page"
	trafilatura "github.com/markusmobius/go-trafilatura"
)

const dir = "../testdata/templates"

type benchCase struct {
	File      string   `json:"file"`
	Family    string   `json:"family"`
	URL       string   `json:"url"`
	Expected  []string `json:"expected"`
	Forbidden []string `json:"forbidden"`
}

func loadCases(tb testing.TB) []benchCase {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "cases.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var cs []benchCase
	if err := json.Unmarshal(b, &cs); err != nil {
		tb.Fatal(err)
	}
	return cs
}

// score counts snippets the way trafilatura's evaluation does.
type score struct{ tp, fn, fp, tn int }

func (s *score) add(o score) { s.tp += o.tp; s.fn += o.fn; s.fp += o.fp; s.tn += o.tn }

func (s score) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s score) recall() float64    { return ratio(s.tp, s.tp+s.fn) }
func (s score) f1() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
func (s score) accuracy() float64 { return ratio(s.tp+s.tn, s.tp+s.tn+s.fp+s.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// judge scores one extracted text; it also returns the snippets missed
// and leaked, for the per-page log.
func judge(text string, c benchCase) (s score, missed, leaked []string) {
	t := squeeze(text)
	for _, e := range c.Expected {
		if strings.Contains(t, squeeze(e)) {
			s.tp++
		} else {
			s.fn++
			missed = append(missed, e)
		}
	}
	for _, f := range c.Forbidden {
		if strings.Contains(t, squeeze(f)) {
			s.fp++
			leaked = append(leaked, f)
		} else {
			s.tn++
		}
	}
	return s, missed, leaked
}

// kohyoText is what kohyo keeps of a page: its title and main text.
func kohyoText(tb testing.TB, c benchCase, body []byte) string {
	h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	doc, err := page.Parse(c.URL, "", 200, h, body)
	if doc == nil {
		tb.Fatalf("%s: nil document (%v)", c.File, err)
	}
	return doc.Title + "\n" + doc.Text
}

// trafilaturaText is go-trafilatura's title and main text, with its
// fallback extractors on (its best setting in its own evaluation).
func trafilaturaText(tb testing.TB, c benchCase, body []byte) string {
	u, _ := url.Parse(c.URL)
	res, err := trafilatura.Extract(strings.NewReader(string(body)), trafilatura.Options{
		OriginalURL: u, EnableFallback: true, ExcludeComments: true})
	if err != nil || res == nil {
		return ""
	}
	return res.Metadata.Title + "\n" + res.ContentText
}

type tool struct {
	name string
	text func(testing.TB, benchCase, []byte) string
}

var tools = []tool{{"kohyo", kohyoText}, {"go-trafilatura", trafilaturaText}}

// TestTemplates scores both tools on every template page, logs the table
// the README reports, and holds kohyo to at least go-trafilatura's F1.
func TestTemplates(t *testing.T) {
	cases := loadCases(t)
	if len(cases) < 40 {
		t.Fatalf("%d template pages, want at least 40", len(cases))
	}
	total := make([]score, len(tools))
	byFamily := map[string][]score{}
	var pages strings.Builder
	for _, c := range cases {
		body, err := os.ReadFile(filepath.Join(dir, c.File))
		if err != nil {
			t.Fatal(err)
		}
		if byFamily[c.Family] == nil {
			byFamily[c.Family] = make([]score, len(tools))
		}
		fmt.Fprintf(&pages, "%s:", c.File)
		for i, tl := range tools {
			s, missed, leaked := judge(tl.text(t, c, body), c)
			total[i].add(s)
			byFamily[c.Family][i].add(s)
			fmt.Fprintf(&pages, "  %s %d/%d", tl.name, s.tp, s.tp+s.fn)
			if len(missed) > 0 {
				fmt.Fprintf(&pages, " missed %q", missed)
			}
			if len(leaked) > 0 {
				fmt.Fprintf(&pages, " leaked %q", leaked)
			}
		}
		pages.WriteString("\n")
	}
	var tbl strings.Builder
	fmt.Fprintf(&tbl, "%d pages, %d expected and %d forbidden snippets\n\n", len(cases), total[0].tp+total[0].fn, total[0].fp+total[0].tn)
	tbl.WriteString("| tool | precision | recall | F1 | accuracy |\n|---|---|---|---|---|\n")
	for i, tl := range tools {
		s := total[i]
		fmt.Fprintf(&tbl, "| %s | %.3f | %.3f | %.3f | %.3f |\n", tl.name, s.precision(), s.recall(), s.f1(), s.accuracy())
	}
	tbl.WriteString("\n| family | pages | kohyo F1 | go-trafilatura F1 |\n|---|---|---|---|\n")
	fams := make([]string, 0, len(byFamily))
	for f := range byFamily {
		fams = append(fams, f)
	}
	slices.Sort(fams)
	for _, f := range fams {
		n := 0
		for _, c := range cases {
			if c.Family == f {
				n++
			}
		}
		fmt.Fprintf(&tbl, "| %s | %d | %.3f | %.3f |\n", f, n, byFamily[f][0].f1(), byFamily[f][1].f1())
	}
	t.Logf("main text on the template pages:\n%s\nper page:\n%s", tbl.String(), pages.String())
	if k, g := total[0].f1(), total[1].f1(); k < g {
		t.Errorf("kohyo F1 %.3f < go-trafilatura F1 %.3f", k, g)
	}
}

// BenchmarkKohyo and BenchmarkTrafilatura extract every template page once
// per iteration: the ratio of the two is the speed figure.
func BenchmarkKohyo(b *testing.B)       { benchTool(b, tools[0]) }
func BenchmarkTrafilatura(b *testing.B) { benchTool(b, tools[1]) }

func benchTool(b *testing.B, tl tool) {
	cases := loadCases(b)
	bodies := make([][]byte, len(cases))
	var n int64
	for i, c := range cases {
		body, err := os.ReadFile(filepath.Join(dir, c.File))
		if err != nil {
			b.Fatal(err)
		}
		bodies[i] = body
		n += int64(len(body))
	}
	b.SetBytes(n)
	for b.Loop() {
		for i, c := range cases {
			tl.text(b, c, bodies[i])
		}
	}
}
