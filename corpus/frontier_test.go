package corpus

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/gocolly/colly/v2/queue"

	"github.com/kohyo-dev/kohyo/crawler"
)

func TestFrontierSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	db, path := openTest(t)
	const seed = "https://www.example.co.jp/info/"
	n, err := db.Enqueue(ctx,
		FrontierEntry{URL: seed, Seed: seed},
		FrontierEntry{URL: seed + "1.html", Seed: seed, Depth: 1},
		FrontierEntry{URL: seed + "2.html", Seed: seed, Depth: 1},
		FrontierEntry{URL: "https://other.example.jp/a", Seed: "https://other.example.jp/", Depth: 1},
		FrontierEntry{URL: seed, Seed: seed}, // duplicate
	)
	if err != nil || n != 4 {
		t.Fatalf("Enqueue = %d, %v; want 4 new", n, err)
	}
	if n, err := db.Enqueue(ctx, FrontierEntry{URL: "mailto:info@example.co.jp"}, FrontierEntry{URL: "/relative"}, FrontierEntry{URL: seed + "3.html"}); n != 1 || err == nil {
		t.Fatalf("Enqueue with bad urls = %d, %v; want 1 and an error", n, err)
	}

	items, err := db.Next(ctx, 2, "other.example.jp")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].URL != seed || items[1].URL != seed+"1.html" || items[0].State != StateInFlight || items[0].Attempts != 1 {
		t.Fatalf("Next = %+v", items)
	}
	if _, err := db.StoreDocument(ctx, testDoc(seed, "一覧", "お知らせ一覧"), nil); err != nil {
		t.Fatal(err)
	}
	// items[1] stays in flight: the process "dies" here.
	c, _ := db.CountFrontier(ctx)
	if c != (FrontierCounts{Pending: 3, InFlight: 1, Done: 1}) || c.Total() != 5 {
		t.Fatalf("counts before close: %+v", c)
	}
	db.Close()

	db2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if c2, _ := db2.CountFrontier(ctx); c2 != c {
		t.Fatalf("counts after reopen %+v, want %+v", c2, c)
	}
	n, err = db2.RecoverFrontier(ctx)
	if err != nil || n != 1 {
		t.Fatalf("RecoverFrontier = %d, %v", n, err)
	}
	var got []string
	for {
		items, err := db2.Next(ctx, 10)
		if errors.Is(err, ErrFrontierEmpty) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			got = append(got, it.URL)
			if it.URL == seed+"2.html" {
				if err := db2.MarkFailed(ctx, it.URL, errors.New("out of scope")); err != nil {
					t.Fatal(err)
				}
			} else if err := db2.MarkDone(ctx, it.URL); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := []string{seed + "1.html", seed + "2.html", "https://other.example.jp/a", seed + "3.html"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("resumed order %v, want %v", got, want)
	}
	if it, _ := db2.LookupFrontier(ctx, seed+"1.html"); it.Attempts != 2 {
		t.Errorf("attempts after recovery: %+v", it)
	}
	c, _ = db2.CountFrontier(ctx)
	if c != (FrontierCounts{Done: 4, Failed: 1}) {
		t.Errorf("final counts %+v", c)
	}
	// Counts kept by triggers agree with the table.
	if n := count(t, db2, `SELECT count(*) FROM frontier WHERE state = 'done'`); n != c.Done {
		t.Errorf("trigger count %d, table %d", c.Done, n)
	}
	n, err = db2.RequeueFrontier(ctx)
	if err != nil || n != 5 {
		t.Fatalf("RequeueFrontier = %d, %v", n, err)
	}
	if c, _ := db2.CountFrontier(ctx); c.Pending != 5 {
		t.Errorf("after requeue %+v", c)
	}
}

// CollyRequestID must be the key Colly itself uses, or recovery would not
// un-visit the right requests.
func TestCollyRequestIDMatchesColly(t *testing.T) {
	db, _ := openTest(t)
	c := colly.NewCollector()
	if err := c.SetStorage(db.CollyStorage()); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{
		"https://www.example.co.jp/info/",
		"https://www.example.co.jp/info/news.html?id=3&lang=ja",
		"http://EXAMPLE.co.jp:80/お知らせ/2024",
		"https://www.example.co.jp/a%20b/%E3%81%82",
	} {
		if err := db.CollyStorage().Visited(CollyRequestID(u)); err != nil {
			t.Fatal(err)
		}
		ok, err := c.HasVisited(u)
		if err != nil || !ok {
			t.Errorf("colly does not see %s as visited (%v)", u, err)
		}
	}
	if ok, _ := c.HasVisited("https://www.example.co.jp/never"); ok {
		t.Error("unvisited URL reported visited")
	}
}

func TestCollyCookies(t *testing.T) {
	db, _ := openTest(t)
	s := db.CollyStorage()
	u, _ := url.Parse("https://www.example.co.jp/info/")
	s.SetCookies(u, "consent=yes\nsession=1")
	s.SetCookies(u, "session=2")
	got := s.Cookies(u)
	if !strings.Contains(got, "consent=yes") || !strings.Contains(got, "session=2") || strings.Contains(got, "session=1") {
		t.Errorf("cookies = %q", got)
	}
	other, _ := url.Parse("https://other.example.jp/")
	if got := s.Cookies(other); got != "" {
		t.Errorf("cookies of another host = %q", got)
	}
}

// A Colly crawl over the corpus queue and storage: killed after the first
// page (its in-flight requests never finish), then resumed to the end
// with nothing lost and nothing fetched twice after being stored.
func TestCollyQueueResumes(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	hits := map[string]int{}
	mux := http.NewServeMux()
	mux.HandleFunc("/info/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/info/" {
			for i := range 6 {
				fmt.Fprintf(w, `<a href="/info/%d.html">お知らせ%d</a>`, i, i)
			}
			return
		}
		fmt.Fprintf(w, "<p>%sの本文</p>", r.URL.Path)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	seed := srv.URL + "/info/"

	db, path := openTest(t)
	crawl := func(db *DB, limit int) int {
		t.Helper()
		n, err := db.RecoverFrontier(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("recovered %d in-flight requests", n)
		c := colly.NewCollector(colly.MaxDepth(2))
		if err := c.SetStorage(db.CollyStorage()); err != nil {
			t.Fatal(err)
		}
		q, err := queue.New(1, db.CollyQueue())
		if err != nil {
			t.Fatal(err)
		}
		stored := 0
		var killed atomic.Bool
		c.OnRequest(func(r *colly.Request) {
			if killed.Load() {
				r.Abort() // claimed but never fetched, like a request cut by SIGKILL
			}
		})
		c.OnHTML("a[href]", func(e *colly.HTMLElement) {
			r, err := e.Request.New("GET", e.Request.AbsoluteURL(e.Attr("href")), nil)
			if err != nil {
				t.Error(err)
				return
			}
			r.Ctx.Put(SeedContextKey, seed)
			r.Depth = e.Request.Depth + 1
			q.AddRequest(r)
		})
		c.OnScraped(func(r *colly.Response) {
			u := r.Request.URL.String()
			doc := &crawler.Document{URL: u, Status: r.StatusCode, Text: string(r.Body), SHA256: sum(string(r.Body)), FetchedAt: time.Now()}
			if _, err := db.StoreDocument(ctx, doc, nil); err != nil {
				t.Error(err)
			}
			stored++
			if stored == limit {
				killed.Store(true)
				q.Stop() // simulated kill: queued and claimed work stays in the DB
			}
		})
		if err := q.Run(c); err != nil {
			t.Fatal(err)
		}
		return stored
	}
	if _, err := db.Enqueue(ctx, FrontierEntry{URL: seed, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	if n := crawl(db, 2); n != 2 {
		t.Fatalf("first run stored %d", n)
	}
	db.Close()

	db2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	crawl(db2, -1)
	if n := count(t, db2, `SELECT count(*) FROM documents`); n != 7 {
		t.Errorf("documents after resume: %d, want 7", n)
	}
	c, _ := db2.CountFrontier(ctx)
	if c != (FrontierCounts{Done: 7}) {
		t.Errorf("frontier after resume: %+v", c)
	}
	mu.Lock()
	defer mu.Unlock()
	for p, n := range hits {
		if n != 1 {
			t.Errorf("%s fetched %d times", p, n)
		}
	}
	if len(hits) != 7 {
		t.Errorf("fetched %d pages, want 7", len(hits))
	}
	if n, _ := db2.CollyQueue().QueueSize(); n != 0 {
		t.Errorf("queue size %d", n)
	}
	if _, err := db2.CollyQueue().GetRequest(); !errors.Is(err, ErrFrontierEmpty) {
		t.Errorf("GetRequest on empty queue: %v", err)
	}
	if err := db2.CollyQueue().AddRequest([]byte("{not json")); err == nil {
		t.Error("AddRequest accepted junk")
	}
}
