package web

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/crawler/page"
	"github.com/kohyo-dev/kohyo/extract"
)

// manyIncidents writes n one-document incidents of invented companies,
// one a day from 2023-01-01.
func manyIncidents(t testing.TB, n int) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "many.db")
	db, err := corpus.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	day := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	types := []string{"ransomware", "misdelivery", "loss", "phishing"}
	pages := make([]corpus.Page, 0, n)
	for i := range n {
		pub := day.AddDate(0, 0, i)
		victim := fmt.Sprintf("株式会社テスト%03d", i)
		text := pub.Format("2006年1月2日") + "\n" + victim + "\n\n不正アクセスにより約" + fmt.Sprint(100+i) + "件の氏名が漏えいしました。"
		url := fmt.Sprintf("https://many.example/info/%03d.html", i)
		doc := &page.Document{URL: url, FinalURL: url, Status: 200, ContentType: "text/html", Charset: "utf-8",
			Title: victim + "のお知らせ", Text: text, Published: pub, PublishedSource: "meta", SHA256: url, FetchedAt: pub}
		typ := types[i%len(types)]
		res := &extract.Result{Published: pub.Format(time.DateOnly), PublishedSource: extract.PublishedGiven,
			IncidentTypes: []string{typ},
			Counts:        []extract.Count{{Value: int64(100 + i), Counter: "件", Span: span(t, text, fmt.Sprint(100+i)+"件")}},
			Victim:        &victim, VictimSpan: func() *extract.Span { s := span(t, text, victim); return &s }()}
		pages = append(pages, corpus.Page{Doc: doc, Result: res})
	}
	if _, err := db.StoreBatch(ctx, pages); err != nil {
		t.Fatal(err)
	}
	consolidate(t, db)
	return path
}

func TestIncidentPages(t *testing.T) {
	_, ts := newTestServer(t, manyIncidents(t, 120))
	for _, c := range []struct {
		query      string
		rows       int
		prev, next bool
		first      string
	}{
		{"", 50, false, true, "株式会社テスト119"},
		{"page=2", 50, true, true, "株式会社テスト069"},
		{"page=3", 20, true, false, "株式会社テスト019"},
		{"page=4", 0, true, false, ""},
		{"type=loss", 30, false, false, "株式会社テスト118"},
		{"type=loss&year=2023", 30, false, false, "株式会社テスト118"},
		{"since=2023-04-01&until=2023-04-30", 30, false, false, "株式会社テスト119"},
	} {
		var l IncidentList
		getJSON(t, ts, "/api/incidents?"+c.query, &l)
		if len(l.Incidents) != c.rows || (c.first != "" && l.Incidents[0].Victim != c.first) {
			t.Errorf("%s: %d rows, want %d (first %+v)", c.query, len(l.Incidents), c.rows, l.Incidents)
		}
		_, body := get(t, ts, "/?"+c.query)
		if got := strings.Count(body, `<tr data-id=`); got != c.rows {
			t.Errorf("/?%s: %d table rows, want %d", c.query, got, c.rows)
		}
		if strings.Contains(body, `rel="prev"`) != c.prev || strings.Contains(body, `rel="next"`) != c.next {
			t.Errorf("/?%s: prev/next links wrong", c.query)
		}
	}
	// The pager keeps the filter.
	_, body := get(t, ts, "/?year=2023")
	if !strings.Contains(body, `href="/?page=2&amp;year=2023"`) {
		t.Errorf("next link lost the filter")
	}
}

// BenchmarkIncidentList measures /api/incidents and / (every incident
// read, then filtered, paged and rendered in Go) against their baseline:
// the bare SQL query that reads the incidents, over the same corpus.
func BenchmarkIncidentList(b *testing.B) {
	path := manyIncidents(b, 2000)
	s, ts := newTestServer(b, path)
	ctx := context.Background()
	b.Run("sql-scan", func(b *testing.B) {
		for b.Loop() {
			rows, err := s.store.db.Query(ctx, incidentsQuery(LayoutDocuments, "incidents"))
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for rows.Next() {
				n++
			}
			rows.Close()
			if n != 2000 {
				b.Fatal(n)
			}
		}
	})
	b.Run("api-incidents", func(b *testing.B) {
		for b.Loop() {
			if code, _ := get(b, ts, "/api/incidents?type=loss&page=2"); code != 200 {
				b.Fatal(code)
			}
		}
	})
	b.Run("html-index", func(b *testing.B) {
		for b.Loop() {
			if code, _ := get(b, ts, "/?type=loss&page=2"); code != 200 {
				b.Fatal(code)
			}
		}
	})
}

// TestServeWhileWriting: the server reads a corpus that another
// connection keeps writing (as during a crawl) without an error, and sees
// the new incidents.
func TestServeWhileWriting(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "live.db")
	w, err := corpus.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	_, ts := newTestServer(t, path)
	const n = 40
	done := make(chan error, 1)
	go func() {
		for i := range n {
			url := fmt.Sprintf("https://live.example/%d.html", i)
			victim := fmt.Sprintf("株式会社ライブ%02d", i) // one incident each
			text := victim + "\n\n誤送信が発生しました。"
			doc := &page.Document{URL: url, FinalURL: url, Status: 200, ContentType: "text/html", Charset: "utf-8",
				Title: "お詫び", Text: text, SHA256: url, FetchedAt: time.Now()}
			res := &extract.Result{Published: "2024-01-01", PublishedSource: extract.PublishedGiven,
				IncidentTypes: []string{"misdelivery"}, Victim: &victim}
			if _, err := w.StoreDocument(ctx, doc, res); err != nil {
				done <- err
				return
			}
			if _, err := w.Consolidate(ctx); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	writing := true
	for writing {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			writing = false
		default:
		}
		var l IncidentList
		getJSON(t, ts, "/api/incidents", &l)
		if code, body := get(t, ts, "/stats"); code != 200 {
			t.Fatalf("/stats while writing: %d %.200s", code, body)
		}
	}
	var l IncidentList
	getJSON(t, ts, "/api/incidents", &l)
	if l.Total != n {
		t.Errorf("%d incidents after the writes, want %d", l.Total, n)
	}
}
