package web

import (
	"context"
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestNiceMax(t *testing.T) {
	for _, c := range []struct{ v, top, step int64 }{
		{0, 1, 1}, {1, 1, 1}, {2, 2, 1}, {7, 8, 2}, {9, 10, 5}, {10, 10, 5}, {60000, 60000, 20000},
		{120321, 150000, 50000}, {3400, 4000, 1000},
	} {
		if top, step := niceMax(c.v); top != c.top || step != c.step {
			t.Errorf("niceMax(%d) = %d, %d; want %d, %d", c.v, top, step, c.top, c.step)
		}
	}
}

func TestFormatInt(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 60000: "60,000", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := formatInt(n); got != want {
			t.Errorf("formatInt(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestChartsGolden renders the fixture's charts and compares them with
// testdata/charts.golden.html (go test ./web -run ChartsGolden -update).
func TestChartsGolden(t *testing.T) {
	path, _ := buildCorpus(t)
	toPerDocument(t, path) // the same charts before and after consolidation
	s, _ := newTestServer(t, path)
	layout, all, err := s.store.incidents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, c := range computeStats(layout, all, Filter{}).Charts() {
		if err := s.pages["stats"].ExecuteTemplate(&b, "chart", c); err != nil {
			t.Fatal(err)
		}
		b.WriteString("\n")
	}
	const golden = "testdata/charts.golden.html"
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("charts differ from %s (run with -update after a deliberate change)", golden)
	}
}
