package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/kohyo-dev/kohyo/corpus"
)

func TestServeAndReportUsage(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	for _, c := range []struct {
		name    string
		args    []string
		want    int
		wantErr string
	}{
		{"serve bad addr", []string{"serve", "--db", missing, "--addr", "8080"}, exitUsage, "host:port"},
		{"serve missing db", []string{"serve", "--db", missing, "--addr", "127.0.0.1:0"}, exitFailure, "run kohyo crawl or kohyo demo first"},
		{"serve args", []string{"serve", "x"}, exitUsage, "accepts 0 arg"},
		{"report no out", []string{"report", "--db", missing}, exitUsage, "--out is required"},
		{"report bad since", []string{"report", "--db", missing, "--out", "r.html", "--since", "2024/01/01"}, exitUsage, "--since"},
		{"report until before since", []string{"report", "--db", missing, "--out", "r.html", "--since", "2024-02-01", "--until", "2024-01-01"}, exitUsage, "before since"},
		{"report missing db", []string{"report", "--db", missing, "--out", filepath.Join(dir, "r.html")}, exitFailure, "no such file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := kohyo(t, "", c.args...)
			if code != c.want || !strings.Contains(stderr, c.wantErr) {
				t.Errorf("exit %d, want %d; stderr %q should mention %q", code, c.want, stderr, c.wantErr)
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs `kohyo serve` on a free loopback port until the test ends.
func startServe(t *testing.T, db string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errb := &syncBuffer{}
	ready := make(chan string, 1)
	o := &serveOptions{io: &iostreams{In: strings.NewReader(""), Out: io.Discard, Err: errb},
		global: &globalOptions{logFormat: "text"}, db: db, addr: "127.0.0.1:0",
		ready: func(base string) { ready <- base }}
	done := make(chan error, 1)
	go func() { done <- o.run(ctx) }()
	var base string
	select {
	case base = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("kohyo serve: %v\n%s", err, errb.String())
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("kohyo serve: %v", err)
		}
	})
	if !strings.Contains(errb.String(), "loopback only") {
		t.Errorf("serve does not say it listens on loopback only: %q", errb.String())
	}
	return base
}

// chromiumPath finds the browser: $KOHYO_CHROMIUM, else chromium on $PATH.
func chromiumPath() string {
	if p := os.Getenv("KOHYO_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// tab is one headless Chromium tab that records console errors and
// the URLs the page requests.
type tab struct {
	ctx      context.Context
	mu       sync.Mutex
	errors   []string
	requests []string
}

func newBrowser(t *testing.T) *tab {
	t.Helper()
	exe := chromiumPath()
	if exe == "" {
		t.Skip("browser tests skipped: chromium not found (apt-get install chromium, or set KOHYO_CHROMIUM to a Chromium binary); .ci/run installs it")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); acancel() })
	// A hung browser fails the test instead of blocking it forever.
	watchdog := time.AfterFunc(3*time.Minute, func() { cancel() })
	t.Cleanup(func() { watchdog.Stop() })
	b := &tab{ctx: ctx}
	if err := chromedp.Listen(ctx, b.record); err != nil {
		t.Fatalf("start chromium %s: %v", exe, err)
	}
	return b
}

func (b *tab) record(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			b.errors = append(b.errors, fmt.Sprintf("console.%s", e.Type))
		}
	case *runtime.EventExceptionThrown:
		b.errors = append(b.errors, "exception: "+e.ExceptionDetails.Text)
	case *log.EventEntryAdded:
		if e.Entry.Level == log.EntryLevelError {
			b.errors = append(b.errors, fmt.Sprintf("%s: %s (%s)", e.Entry.Source, e.Entry.Text, e.Entry.URL))
		}
	case *network.EventRequestWillBeSent:
		b.requests = append(b.requests, e.Request.URL)
	}
}

// takeErrors returns and clears the console errors seen so far.
func (b *tab) takeErrors() []string {
	// Log entries arrive asynchronously after the load event: let them land.
	chromedp.Do(b.ctx, chromedp.Sleep(100*time.Millisecond))
	b.mu.Lock()
	defer b.mu.Unlock()
	e := b.errors
	b.errors = nil
	return e
}

func (b *tab) takeRequests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.requests
	b.requests = nil
	return r
}

// open loads a page, fails on a non-200 status, and checks that the page
// wrote no console error.
func (b *tab) open(t *testing.T, url string) {
	t.Helper()
	resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	if resp.Status != 200 {
		t.Fatalf("open %s: status %d", url, resp.Status)
	}
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("%s: console errors: %q", url, errs)
	}
}

func eval[T any](t *testing.T, b *tab, js string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// TestServeInBrowser builds the demo corpus with `kohyo demo`, serves it
// with `kohyo serve` and drives headless Chromium through every page.
func TestServeInBrowser(t *testing.T) {
	b := newBrowser(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "kohyo-demo.db")
	code, out, stderr := kohyo(t, "", "demo", "--db", dbPath, "--delay", "0s")
	if code != 0 {
		t.Fatalf("kohyo demo: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(out, "kohyo serve --db "+dbPath) {
		t.Errorf("kohyo demo does not say how to open the dashboard:\n%s", out)
	}
	base := startServe(t, dbPath)
	db := openTestDB(t, dbPath)
	lay := demoLayout(t, db)

	// The console capture works: a 404 page logs an error.
	if _, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(base+"documents/999999")); err != nil {
		t.Fatal(err)
	}
	if errs := b.takeErrors(); len(errs) == 0 {
		t.Error("no console error recorded for a 404 page: the console check would not see errors")
	}

	t.Run("incidents", func(t *testing.T) {
		b.open(t, base)
		want := queryInt(t, db, `SELECT count(*) FROM incidents`)
		if got := eval[int](t, b, `document.querySelectorAll('#incidents tbody tr[data-id]').length`); got != want || want == 0 {
			t.Errorf("%d incident rows, the corpus has %d", got, want)
		}
		// Filter by type with the form.
		_, err := chromedp.RunResponse(b.ctx,
			chromedp.SetValue(chromedp.CSS(`#filters select[name=type]`), "ransomware"),
			chromedp.Click(chromedp.CSS(`#filters button[type=submit]`)))
		if err != nil {
			t.Fatal(err)
		}
		if errs := b.takeErrors(); len(errs) > 0 {
			t.Errorf("filtered page: console errors %q", errs)
		}
		want = queryInt(t, db, `SELECT count(*) FROM incidents WHERE ','||types||',' LIKE '%,ransomware,%'`)
		rows := eval[[]string](t, b, `Array.from(document.querySelectorAll('#incidents tbody tr[data-id]')).map(r => r.textContent)`)
		if len(rows) != want || want == 0 {
			t.Errorf("type=ransomware: %d rows, want %d", len(rows), want)
		}
		for _, r := range rows {
			if !strings.Contains(r, "ランサムウェア") {
				t.Errorf("row without ransomware after filtering: %q", r)
			}
		}
		if loc := eval[string](t, b, `location.search`); !strings.Contains(loc, "type=ransomware") {
			t.Errorf("filter not in the URL: %q", loc)
		}
		// Filter by victim substring and year: those of the first incident.
		var victim, year string
		if err := db.QueryRow(`SELECT victim, substr(`+lay.published+`, 1, 4) FROM incidents
			WHERE coalesce(victim, '') <> '' AND `+lay.published+` IS NOT NULL ORDER BY `+lay.id+` LIMIT 1`).Scan(&victim, &year); err != nil {
			t.Fatal(err)
		}
		sub := string([]rune(victim)[len([]rune(victim))/2:]) // the second half: a substring
		b.open(t, base+"?victim="+url.QueryEscape(sub)+"&year="+year)
		want = queryInt(t, db, `SELECT count(*) FROM incidents WHERE instr(victim, ?) > 0 AND `+lay.published+` LIKE ? || '%'`, sub, year)
		if got := eval[int](t, b, `document.querySelectorAll('#incidents tbody tr[data-id]').length`); got != want || want == 0 {
			t.Errorf("victim=%s&year=%s: %d rows, want %d", sub, year, got, want)
		}
	})

	ids := queryInts(t, db, `SELECT `+lay.id+` FROM incidents ORDER BY `+lay.id)
	t.Run("incident timelines", func(t *testing.T) {
		for _, id := range ids {
			b.open(t, fmt.Sprintf("%sincidents/%d", base, id))
			links := eval[[]string](t, b, `Array.from(document.querySelectorAll('#timeline a[href^="/documents/"]')).map(a => a.getAttribute('href'))`)
			var want []string
			for _, d := range queryInts(t, db, lay.docsOf, id) {
				want = append(want, fmt.Sprintf("/documents/%d", d))
			}
			slices.Sort(links)
			if len(want) == 0 || !slices.Equal(links, want) {
				t.Errorf("incident %d: timeline links %q, want %q", id, links, want)
			}
		}
	})

	docs := queryInts(t, db, lay.allDocs)
	// The document with the most mentions, for the phone width and the screenshot.
	richest := queryInts(t, db, `SELECT doc_id FROM categories GROUP BY doc_id ORDER BY count(*) DESC, doc_id LIMIT 1`)[0]
	t.Run("documents highlight every mention", func(t *testing.T) {
		all := append(docs, queryInts(t, db, `SELECT id FROM documents WHERE text IS NOT NULL AND id NOT IN (`+lay.allDocs+`) LIMIT 3`)...)
		for _, id := range all {
			b.open(t, fmt.Sprintf("%sdocuments/%d", base, id))
			want := storedMentions(t, db, id)
			got := eval[map[string]string](t, b, `(() => {
				const out = {};
				for (const m of document.querySelectorAll('#text mark')) {
					out[m.dataset.m] = (out[m.dataset.m] || '') + m.textContent;
				}
				return out;
			})()`)
			if len(got) != len(want) {
				t.Errorf("document %d: %d highlighted mentions, %d stored", id, len(got), len(want))
			}
			for k, w := range want {
				if got[k] != w {
					t.Errorf("document %d: mention %s highlighted as %q, stored %q", id, k, got[k], w)
				}
			}
			fieldsOK := eval[bool](t, b, `Array.from(document.querySelectorAll('#text mark')).every(m =>
				['dates','counts','attackers','categories','incident_types','victim'].includes(m.dataset.field) && m.title.length > 0)`)
			if !fieldsOK {
				t.Errorf("document %d: a mark has an unknown data-field or no title", id)
			}
			if n := eval[int](t, b, `document.querySelectorAll('#facts tbody tr[data-field]').length`); n != len(want) {
				t.Errorf("document %d: facts table has %d rows, want %d", id, n, len(want))
			}
		}
	})

	t.Run("search", func(t *testing.T) {
		b.open(t, base)
		_, err := chromedp.RunResponse(b.ctx,
			chromedp.SetValue(chromedp.CSS(`header input[name=q]`), "学歴"),
			chromedp.Click(chromedp.CSS(`header .search-box button`)))
		if err != nil {
			t.Fatal(err)
		}
		if errs := b.takeErrors(); len(errs) > 0 {
			t.Errorf("search page: console errors %q", errs)
		}
		want := searchCount(t, dbPath, "学歴")
		hits := eval[[]string](t, b, `Array.from(document.querySelectorAll('#hits li')).map(li => li.querySelector('mark.hit') ? li.querySelector('mark.hit').textContent : '')`)
		if len(hits) != want || want == 0 {
			t.Errorf("search 学歴: %d hits, kohyo search finds %d", len(hits), want)
		}
		for _, h := range hits {
			if h != "学歴" {
				t.Errorf("hit marks %q, want 学歴", h)
			}
		}
		if n := eval[int](t, b, `document.querySelectorAll('#hits li a[href^="/documents/"]').length`); n != len(hits) {
			t.Errorf("%d of %d hits link to a document", n, len(hits))
		}
	})

	t.Run("stats charts", func(t *testing.T) {
		b.open(t, base+"stats")
		checkCharts(t, b, 5)
	})

	t.Run("phone width", func(t *testing.T) {
		if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(390, 844)); err != nil {
			t.Fatal(err)
		}
		defer chromedp.Do(b.ctx, chromedp.EmulateViewport(1280, 900))
		for _, p := range []string{"", fmt.Sprintf("incidents/%d", ids[0]), fmt.Sprintf("documents/%d", richest), "search?q=学歴", "stats"} {
			b.open(t, base+p)
			if w := eval[int](t, b, `document.documentElement.scrollWidth`); w > 390 {
				t.Errorf("/%s at 390px: the page is %dpx wide (scrolls sideways)", p, w)
			}
			if v := eval[bool](t, b, `Array.from(document.querySelectorAll('main, header, footer')).every(e => e.getBoundingClientRect().width <= 390)`); !v {
				t.Errorf("/%s at 390px: a block is wider than the screen", p)
			}
		}
		b.open(t, base+"stats")
		checkCharts(t, b, 5)
	})

	if dir := os.Getenv("KOHYO_SCREENSHOTS"); dir != "" {
		for name, p := range map[string]string{"document": fmt.Sprintf("documents/%d", richest), "stats": "stats"} {
			b.open(t, base+p)
			png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
			if err == nil {
				err = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
			}
			if err != nil {
				t.Error(err)
			}
		}
	}

	t.Run("report opens offline", func(t *testing.T) {
		out := filepath.Join(dir, "report.html")
		if code, _, stderr := kohyo(t, "", "report", "--db", dbPath, "--out", out); code != 0 {
			t.Fatalf("kohyo report: exit %d\n%s", code, stderr)
		}
		b.takeRequests()
		b.open(t, "file://"+out)
		checkCharts(t, b, 5)
		want := queryInt(t, db, `SELECT count(*) FROM incidents`)
		if n := eval[int](t, b, `document.querySelectorAll('#incidents tbody tr').length`); n != want {
			t.Errorf("report: %d incident rows, want %d", n, want)
		}
		for _, u := range b.takeRequests() {
			if !strings.HasPrefix(u, "file://") {
				t.Errorf("the report requested %s: it is not self-contained", u)
			}
		}
	})
}

// incidentSQL holds what differs between the two incident layouts.
type incidentSQL struct {
	id, published string // columns of incidents
	docsOf        string // the documents of incident ?, by id
	allDocs       string // every document of an incident
}

// demoLayout tells which incidents the corpus has: consolidated (a table
// incidents with incident_documents) or one per document (a view).
func demoLayout(t *testing.T, db *sql.DB) incidentSQL {
	if queryInt(t, db, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'incident_documents'`) == 1 {
		return incidentSQL{id: "id", published: "first_published",
			docsOf:  `SELECT doc_id FROM incident_documents WHERE incident_id = ? ORDER BY doc_id`,
			allDocs: `SELECT doc_id FROM incident_documents ORDER BY doc_id`}
	}
	return incidentSQL{id: "doc_id", published: "published",
		docsOf:  `SELECT ?`,
		allDocs: `SELECT doc_id FROM incidents ORDER BY doc_id`}
}

// checkCharts asserts n non-empty SVG charts with labelled axes.
func checkCharts(t *testing.T, b *tab, n int) {
	t.Helper()
	type chart struct {
		ID     string  `json:"id"`
		Bars   int     `json:"bars"`
		XLabel string  `json:"xLabel"`
		YLabel string  `json:"yLabel"`
		Ticks  int     `json:"ticks"`
		Width  float64 `json:"width"`
		Height float64 `json:"height"`
	}
	charts := eval[[]chart](t, b, `Array.from(document.querySelectorAll('figure.chart')).map(f => {
		const svg = f.querySelector('svg');
		const r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
		const txt = s => { const e = f.querySelector(s); return e ? e.textContent.trim() : ''; };
		return {id: f.id, bars: f.querySelectorAll('svg .bars rect').length,
			xLabel: txt('svg .x-label'), yLabel: txt('svg .y-label'),
			ticks: f.querySelectorAll('svg .ticks text').length, width: r.width, height: r.height};
	})`)
	if len(charts) != n {
		t.Errorf("%d charts, want %d", len(charts), n)
	}
	for _, c := range charts {
		if c.Bars == 0 || c.XLabel == "" || c.YLabel == "" || c.Ticks < 2 || c.Width < 200 || c.Height < 50 {
			t.Errorf("chart %s is empty, unlabelled or not drawn: %+v", c.ID, c)
		}
	}
}

func queryInts(t *testing.T, db *sql.DB, q string, args ...any) []int64 {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// storedMentions reads a document's mentions as "field-seq" → text.
func storedMentions(t *testing.T, db *sql.DB, id int64) map[string]string {
	t.Helper()
	rows, err := db.Query(`
		SELECT 'dates-' || seq, text FROM dates WHERE doc_id = ?1
		UNION ALL SELECT 'counts-' || seq, text FROM counts WHERE doc_id = ?1
		UNION ALL SELECT 'attackers-' || seq, text FROM attackers WHERE doc_id = ?1
		UNION ALL SELECT 'categories-' || seq, text FROM categories WHERE doc_id = ?1
		UNION ALL SELECT 'incident_types-' || seq, text FROM incident_types WHERE doc_id = ?1 AND start IS NOT NULL
		UNION ALL SELECT 'victim-0', victim FROM documents WHERE id = ?1 AND victim_start IS NOT NULL AND victim_end > victim_start`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		out[k] = v
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// searchCount is the number of hits `kohyo search` gives (at most 50).
func searchCount(t *testing.T, path, q string) int {
	t.Helper()
	db, err := corpus.Open(context.Background(), path, corpus.ReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hits, err := db.Search(context.Background(), q, corpus.SearchOptions{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	return len(hits)
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "127.1.2.3": true, "::1": true, "localhost": true,
		"": false, "0.0.0.0": false, "::": false, "192.168.1.10": false, "example.com": false,
	} {
		if got := isLoopback(host); got != want {
			t.Errorf("isLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}
