package corpus

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/kohyo-dev/kohyo/crawler"
	"github.com/kohyo-dev/kohyo/crawler/page"
)

// The frontier leases requests: what a process had in flight when it died
// is pending again for the next one, in order, and what it finished stays
// done.
func TestFrontierSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	db, path := openTest(t)
	const seed = "https://www.example.co.jp/info/"
	f, _, err := OpenFrontier(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.AddRequests([][]byte{
		request(t, seed, seed, 0),
		request(t, seed+"1.html", seed, 1),
		request(t, seed+"2.html", seed, 1),
		request(t, "https://other.example.jp/a", "https://other.example.jp/", 1),
		request(t, seed, seed, 0), // duplicate
	}); err != nil {
		t.Fatal(err)
	}
	if err := f.AddRequest([]byte("{not json")); err == nil {
		t.Error("AddRequest accepted junk")
	}
	if err := f.AddRequest([]byte(`{"URL":"mailto:info@example.co.jp"}`)); err == nil {
		t.Error("AddRequest accepted a mailto: URL")
	}
	if n, _ := f.QueueSize(); n != 4 {
		t.Fatalf("queue size %d, want 4", n)
	}
	first, err := f.GetRequest()
	if err != nil || !strings.Contains(string(first), `"URL":"`+seed+`"`) {
		t.Fatalf("GetRequest = %s, %v", first, err)
	}
	if err := f.Visited(42); err != nil {
		t.Fatal(err)
	}
	if err := f.Finish(seed); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	// The others were claimed with the first (one claim per batch): in
	// flight when the process "dies" here.
	c, _ := db.CountFrontier(ctx)
	if c != (FrontierCounts{InFlight: 3, Done: 1}) || c.Total() != 4 {
		t.Fatalf("counts before close: %+v", c)
	}
	db.Close()

	db2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	f2, recovered, err := OpenFrontier(ctx, db2)
	if err != nil || recovered != 3 {
		t.Fatalf("OpenFrontier recovered %d, %v; want 3", recovered, err)
	}
	if ok, _ := f2.IsVisited(42); !ok {
		t.Error("visited mark lost")
	}
	var got []string
	for {
		b, err := f2.GetRequest()
		if err != nil {
			t.Fatal(err)
		}
		if b == nil {
			break
		}
		var r collyRequest
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		got = append(got, r.URL)
		if err := f2.Finish(r.URL); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{seed + "1.html", seed + "2.html", "https://other.example.jp/a"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("resumed order %v, want %v", got, want)
	}
	if err := f2.Close(); err != nil {
		t.Fatal(err)
	}
	if it, _ := db2.LookupFrontier(ctx, seed+"1.html"); it.Attempts != 2 || it.Seed != seed || it.Depth != 1 {
		t.Errorf("entry after recovery: %+v", it)
	}
	c, _ = db2.CountFrontier(ctx)
	if c != (FrontierCounts{Done: 4}) {
		t.Errorf("final counts %+v", c)
	}
	// Counts kept by triggers agree with the table.
	if n := count(t, db2, `SELECT count(*) FROM frontier WHERE state = 'done'`); n != c.Done {
		t.Errorf("trigger count %d, table %d", c.Done, n)
	}
	if seeds, _ := db2.FrontierSeeds(ctx); len(seeds) != 0 {
		t.Errorf("seeds of a finished frontier: %v", seeds)
	}
}

func TestFrontierCookies(t *testing.T) {
	db, _ := openTest(t)
	s, _, err := OpenFrontier(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
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

// dbSink stores a crawl's pages in the corpus.
type dbSink struct {
	db      *DB
	mu      sync.Mutex
	stored  int
	onStore func(n int)
}

func (s *dbSink) Known(ctx context.Context, url string) (crawler.Known, error) {
	return crawler.Known{}, nil
}

func (s *dbSink) Page(ctx context.Context, doc *page.Document) error {
	if _, err := s.db.StoreDocument(ctx, doc, nil); err != nil {
		return err
	}
	s.mu.Lock()
	s.stored++
	n := s.stored
	s.mu.Unlock()
	if s.onStore != nil {
		s.onStore(n)
	}
	return nil
}

func (s *dbSink) Failed(ctx context.Context, url string, err error) error {
	return s.db.RecordFetchError(ctx, url, 0, time.Now(), err)
}

// A crawl over the corpus frontier, stopped after a few pages and resumed
// by another process (the database closed and opened again) stores every
// page once and fetches none twice.
func TestFrontierResumesCrawl(t *testing.T) {
	const n = 12
	var mu sync.Mutex
	hits := map[string]int{}
	mux := http.NewServeMux()
	mux.HandleFunc("/info/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/info/" {
			fmt.Fprint(w, "<html><body><h1>お知らせ一覧</h1><ul>")
			for i := range n {
				fmt.Fprintf(w, `<li><a href="/info/%d.html">お知らせ%d</a></li>`, i, i)
			}
			fmt.Fprint(w, "</ul></body></html>")
			return
		}
		fmt.Fprintf(w, "<html><body><main><h1>お知らせ</h1><p>%sの本文です。システムの保守を行います。</p></main></body></html>", r.URL.Path)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	seed := srv.URL + "/info/"

	ctx := context.Background()
	db, path := openTest(t)
	run := func(db *DB, stopAfter int) crawler.Stats {
		t.Helper()
		f, _, err := OpenFrontier(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		rctx, cancel := context.WithCancel(ctx)
		defer cancel()
		sink := &dbSink{db: db, onStore: func(k int) {
			if k == stopAfter {
				cancel()
			}
		}}
		c, err := crawler.New(sink, crawler.WithFrontier(f), crawler.WithAllowPrivate(), crawler.WithIgnoreRobots(),
			crawler.WithDelay(time.Millisecond), crawler.WithParallel(2))
		if err != nil {
			t.Fatal(err)
		}
		st, err := c.Run(rctx, []string{seed})
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		return st
	}
	st1 := run(db, 3)
	db.Close()
	db2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	st2 := run(db2, -1)
	t.Logf("first %+v; second %+v", st1, st2)
	if got := count(t, db2, `SELECT count(*) FROM documents`); got != n {
		t.Errorf("%d documents, want %d", got, n)
	}
	mu.Lock()
	defer mu.Unlock()
	for i := range n {
		if h := hits[fmt.Sprintf("/info/%d.html", i)]; h != 1 {
			t.Errorf("/info/%d.html fetched %d times", i, h)
		}
	}
	if c, _ := db2.CountFrontier(ctx); c.Pending+c.InFlight != 0 {
		t.Errorf("frontier not finished: %+v", c)
	}
}

// One crawl per database, across processes: while a helper process holds
// the frontier, OpenFrontier refuses with the helper's pid; once the
// helper is gone (killed: the kernel drops its lock), it succeeds.
func TestFrontierOneCrawlPerDatabase(t *testing.T) {
	if path := os.Getenv("KOHYO_FRONTIER_HOLDER"); path != "" {
		db, err := Open(context.Background(), path)
		if err != nil {
			fmt.Println("open:", err)
			os.Exit(1)
		}
		if _, _, err := OpenFrontier(context.Background(), db); err != nil {
			fmt.Println("lock:", err)
			os.Exit(1)
		}
		fmt.Println("holding")
		io.Copy(io.Discard, os.Stdin) // until the test kills it
		os.Exit(0)
	}
	ctx := context.Background()
	db, path := openTest(t)
	holder := exec.Command(os.Args[0], "-test.run=^TestFrontierOneCrawlPerDatabase$")
	holder.Env = append(os.Environ(), "KOHYO_FRONTIER_HOLDER="+path)
	stdin, _ := holder.StdinPipe()
	defer stdin.Close()
	stdout, _ := holder.StdoutPipe()
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "holding\n" {
		holder.Process.Kill()
		holder.Wait()
		t.Fatalf("helper: %q", line)
	}
	_, _, err := OpenFrontier(ctx, db)
	var cre *CrawlRunningError
	if !errors.Is(err, ErrCrawlRunning) || !errors.As(err, &cre) || cre.PID != holder.Process.Pid {
		t.Errorf("OpenFrontier while another process crawls: %v, want ErrCrawlRunning naming pid %d", err, holder.Process.Pid)
	}
	holder.Process.Kill() // SIGKILL: no chance to unlock
	holder.Wait()
	f, _, err := OpenFrontier(ctx, db)
	if err != nil {
		t.Fatalf("OpenFrontier after the other crawl died: %v", err)
	}
	// In one process too: a second frontier on the same file is refused.
	if _, _, err := OpenFrontier(ctx, db); !errors.Is(err, ErrCrawlRunning) {
		t.Errorf("second OpenFrontier in one process: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// A request of the crawl generation that finished a URL leaves it
// finished (a resumed crawl meeting a link to a page it stored); one of a
// new generation queues it again (a later crawl).
func TestFrontierKeepsDoneWithinGeneration(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	const u = "https://www.example.co.jp/info/1.html"
	req := func(gen string) []byte {
		pu, _ := url.Parse(u)
		c := colly.NewContext()
		c.Put(crawler.GenerationContextKey, gen)
		b, _ := (&colly.Request{URL: pu, Method: "GET", Depth: 2, Ctx: c}).Marshal()
		return b
	}
	f, _, err := OpenFrontier(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.AddRequest(req("g1")); err != nil {
		t.Fatal(err)
	}
	if b, _ := f.GetRequest(); b == nil {
		t.Fatal("nothing to get")
	}
	if err := f.Finish(u); err != nil {
		t.Fatal(err)
	}
	if err := f.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.AddRequest(req("g1")); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.CountFrontier(ctx); c != (FrontierCounts{Done: 1}) {
		t.Errorf("after a request of the same generation: %+v, want the URL still done", c)
	}
	if err := f.AddRequest(req("g2")); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.CountFrontier(ctx); c != (FrontierCounts{Pending: 1}) {
		t.Errorf("after a request of a new generation: %+v, want it pending", c)
	}
}
