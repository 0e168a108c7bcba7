package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/nlnwa/gowarc/v3"

	"github.com/kohyo-dev/kohyo/archive"
)

// hopStep is one answer of a redirect chain: the path asked and the
// status it answers (a redirect's Location is the next step's path).
type hopStep struct {
	path   string
	status int
}

// archivedResponse is a response record as the library's reader lists it.
type archivedResponse struct {
	uri, location string
	status        int
	hops          []string // Kohyo-Redirect-Hop fields
	id            string
}

// A crawl through redirect chains archives every hop as a request and a
// response record (with its Location), in the order followed; the stored
// document points at the final response record, which names the hops.
func TestCrawlArchivesRedirectHops(t *testing.T) {
	cases := []struct {
		name   string
		steps  []hopStep // first asked first; the last is the final answer
		stored bool      // the final answer is a stored document
	}{
		{"no redirect", []hopStep{{"/information/2024/0101.html", 200}}, true},
		{"one hop", []hopStep{{"/information/old/0102.html", 301}, {"/information/2024/0102.html", 200}}, true},
		{"two hops", []hopStep{{"/information/old/0103.html", 301}, {"/information/moved/0103.html", 302}, {"/information/2024/0103.html", 200}}, true},
		{"three hops, 308 307 303", []hopStep{{"/information/old/0104.html", 308}, {"/information/tmp/0104.html", 307}, {"/information/see/0104.html", 303}, {"/information/2024/0104.html", 200}}, true},
		{"hop to a missing page", []hopStep{{"/information/old/0105.html", 301}, {"/information/2024/0105.html", 404}}, false},
		{"loop", []hopStep{{"/information/loop/a", 302}, {"/information/loop/b", 302}}, false},
	}
	mux := http.NewServeMux()
	var links []string
	for i, tc := range cases {
		links = append(links, fmt.Sprintf(`<a href="%s">2024年1月%d日 お知らせ %d</a>`, tc.steps[0].path, i+1, i+1))
		for j, st := range tc.steps {
			switch {
			case tc.name == "loop" && j == len(tc.steps)-1:
				mux.Handle(st.path, http.RedirectHandler(tc.steps[0].path, st.status))
			case st.status >= 300 && st.status < 400:
				mux.Handle(st.path, http.RedirectHandler(tc.steps[j+1].path, st.status))
			case st.status == 200:
				body := crawlNotice(fmt.Sprintf("移転のお知らせ その%d", i+1), fmt.Sprintf("2024年1月%d日", i+1),
					fmt.Sprintf("株式会社みなと精機の第%d回目のお知らせです。ウェブサイトの移転に伴い、お知らせの掲載場所を変更いたしました。", i+1))
				mux.HandleFunc(st.path, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					fmt.Fprint(w, body)
				})
			default:
				mux.Handle(st.path, http.NotFoundHandler())
			}
		}
	}
	listing := crawlListing("お知らせ一覧", links...)
	mux.HandleFunc("/information/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/information/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, listing)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	dir := t.TempDir()
	w, err := archive.NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	sink := newCrawlMemSink()
	c, err := New(sink, crawlFastOptions(WithArchive(w))...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Run(context.Background(), []string{srv.URL + "/information/"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	// Every record, read back with the library, in file order.
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if len(files) != 1 {
		t.Fatalf("WARC files %v, want one", files)
	}
	var responses []archivedResponse
	requests := map[string]int{}
	byRef := map[string]archivedResponse{}
	r, err := gowarc.NewWarcFileReader(files[0], 0)
	if err != nil {
		t.Fatal(err)
	}
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatal(err)
		}
		wr := rec.WarcRecord
		uri := wr.WarcHeader().Get(gowarc.WarcTargetURI)
		switch wr.Type() {
		case gowarc.Request:
			requests[uri]++
		case gowarc.Response:
			hb, ok := wr.Block().(gowarc.HttpResponseBlock)
			if !ok {
				t.Fatalf("%s: response record without an HTTP block", uri)
			}
			ar := archivedResponse{uri: uri, status: hb.HttpStatusCode(), location: hb.HttpHeader().Get("Location"),
				hops: wr.WarcHeader().GetAll(archive.RedirectHopField), id: wr.WarcHeader().GetId(gowarc.WarcRecordID)}
			responses = append(responses, ar)
			byRef[archive.Ref{File: filepath.Base(files[0]), Offset: rec.Offset}.String()] = ar
		}
		rec.Close()
	}
	r.Close()

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inChain := map[string]int{}
			for i, st := range tc.steps {
				inChain[srv.URL+st.path] = i
			}
			var got []archivedResponse
			for _, ar := range responses {
				if _, ok := inChain[ar.uri]; ok {
					got = append(got, ar)
				}
			}
			if len(got) != len(tc.steps) {
				t.Fatalf("%d response records for the chain, want %d: %+v", len(got), len(tc.steps), got)
			}
			for i, st := range tc.steps {
				g := got[i]
				if g.uri != srv.URL+st.path || g.status != st.status {
					t.Errorf("record %d: %s %d, want %s %d", i, g.uri, g.status, srv.URL+st.path, st.status)
				}
				if requests[g.uri] != 1 {
					t.Errorf("%s: %d request records, want 1", g.uri, requests[g.uri])
				}
				if st.status >= 300 && st.status < 400 {
					next := tc.steps[(i+1)%len(tc.steps)].path
					if g.location != next {
						t.Errorf("record %d: Location %q, want %q", i, g.location, next)
					}
				}
			}
			// The last answer names the hops before it, first first.
			last := got[len(got)-1]
			if tc.name != "loop" {
				if len(last.hops) != len(tc.steps)-1 {
					t.Fatalf("final record names %d hops %v, want %d", len(last.hops), last.hops, len(tc.steps)-1)
				}
				for i, h := range last.hops {
					if hop, ok := byRef[h]; !ok || hop.id != got[i].id {
						t.Errorf("hop %d %s: not the record of %s", i, h, got[i].uri)
					}
				}
			}
			if !tc.stored {
				return
			}
			final := tc.steps[len(tc.steps)-1]
			doc := sink.docs[canonicalOrFatal(t, srv.URL+final.path)]
			if doc == nil {
				t.Fatalf("%s not stored: %v", final.path, sink.keys())
			}
			rec, err := archive.Read(dir, archive.Ref{File: doc.WARCFile, Offset: doc.WARCOffset})
			if err != nil {
				t.Fatal(err)
			}
			if rec.URL != srv.URL+final.path || rec.Status != 200 || len(rec.Redirects) != len(tc.steps)-1 {
				t.Errorf("document's record: %s %d with %d hops", rec.URL, rec.Status, len(rec.Redirects))
			}
			for i, ref := range rec.Redirects {
				hop, err := archive.Read(dir, ref)
				if err != nil {
					t.Fatal(err)
				}
				if hop.URL != srv.URL+tc.steps[i].path || hop.Status != tc.steps[i].status || hop.Header.Get("Location") != tc.steps[i+1].path {
					t.Errorf("hop %d read back: %s %d Location %q", i, hop.URL, hop.Status, hop.Header.Get("Location"))
				}
			}
		})
	}
}

func canonicalOrFatal(t *testing.T, u string) string {
	t.Helper()
	k, err := Canonical(u)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
