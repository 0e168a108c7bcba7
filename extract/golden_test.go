package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden")

var (
	testExOnce sync.Once
	testEx     *Extractor
	testExErr  error
)

// testExtractor shares one Extractor (and one IPA dictionary load) between
// the tests of this package. Its clock is fixed; its tokenizer is built
// (Ready), so that benchmarks time no dictionary load.
func testExtractor(t testing.TB) *Extractor {
	t.Helper()
	testExOnce.Do(func() {
		testEx, testExErr = New(WithClock(testClock))
		if testExErr == nil {
			testExErr = testEx.Ready()
		}
	})
	if testExErr != nil {
		t.Fatal(testExErr)
	}
	return testEx
}

// testDoc is one fictional document of testdata/docs: a "published:" line,
// a blank line, then the text.
type testDoc struct {
	name      string
	published time.Time
	text      string
}

func testClock() time.Time { return time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC) }

func loadTestDocs(t testing.TB) []testDoc {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "docs", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var docs []testDoc
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		d := testDoc{name: strings.TrimSuffix(filepath.Base(p), ".txt"), text: string(b)}
		if head, rest, ok := strings.Cut(d.text, "\n"); ok && strings.HasPrefix(head, "published:") {
			pub, err := ParseDate(strings.TrimSpace(strings.TrimPrefix(head, "published:")))
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			d.published, d.text = pub, strings.TrimLeft(rest, "\n")
		}
		docs = append(docs, d)
	}
	if len(docs) == 0 {
		t.Skip("no documents in testdata/docs")
	}
	return docs
}

// TestGolden extracts every fictional document in testdata/docs and compares
// the whole result with testdata/golden/NAME.json (go test -update rewrites).
func TestGolden(t *testing.T) {
	ex := testExtractor(t)
	for _, d := range loadTestDocs(t) {
		t.Run(d.name, func(t *testing.T) {
			res := ex.Extract(Input{ID: d.name, Text: d.text, Published: d.published})
			checkSpans(t, d.text, res)
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(res); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", d.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("extraction of %s differs from %s (go test -update rewrites it):\n%s", d.name, path, lineDiff(string(want), buf.String()))
			}
		})
	}
}

// lineDiff shows the first lines where two texts differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d\n  want: %s\n  got:  %s\n", i+1, wl, gl)
			if shown++; shown == 8 {
				break
			}
		}
	}
	return b.String()
}

// checkSpans asserts the contract's offset rule for every mention.
func checkSpans(t testing.TB, text string, res *Result) {
	t.Helper()
	doc := []rune(text)
	if res.Truncated {
		doc = doc[:DefaultMaxRunes]
	}
	check := func(kind string, s Span) {
		if s.Start < 0 || s.End > len(doc) || s.Start >= s.End {
			t.Errorf("%s span [%d,%d) out of range (doc %d runes)", kind, s.Start, s.End, len(doc))
			return
		}
		if got := string(doc[s.Start:s.End]); got != s.Text {
			t.Errorf("%s span [%d,%d) is %q, text says %q", kind, s.Start, s.End, got, s.Text)
		}
	}
	for _, m := range res.Dates {
		check("date", m.Span)
	}
	for _, m := range res.Counts {
		check("count", m.Span)
	}
	for _, m := range res.Attackers {
		check("attacker", m.Span)
	}
	for _, m := range res.Categories {
		check("category", m.Span)
	}
	for _, m := range res.IncidentCues {
		check("incident cue", m.Span)
	}
	if res.VictimSpan != nil {
		check("victim", *res.VictimSpan)
	}
}
