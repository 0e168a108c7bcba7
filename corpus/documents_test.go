package corpus

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kohyo-dev/kohyo/extract"
)

func TestStoreDocumentKeepsHistory(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	const u = "https://www.example.co.jp/info/2024/0315.html"

	enqueue(t, db, "https://www.example.co.jp/info/", 1, u)
	st, err := db.StoreDocument(ctx, testDoc(u, breachTitle, breachText), breachResult(t))
	if err != nil {
		t.Fatal(err)
	}
	if st.Change != New || st.ID == 0 {
		t.Fatalf("first store: %+v", st)
	}
	for table, want := range map[string]int{"dates": 2, "counts": 1, "attackers": 2, "categories": 4, "incident_types": 2, "document_versions": 0} {
		if n := count(t, db, `SELECT count(*) FROM `+table); n != want {
			t.Errorf("%s: %d rows, want %d", table, n, want)
		}
	}
	// Offsets index the stored text in code points.
	rows, err := db.read.Query(`SELECT c.text, c.start, c."end", d.text FROM categories c JOIN documents d ON d.id = c.doc_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s, text string
		var a, b int
		if err := rows.Scan(&s, &a, &b, &text); err != nil {
			t.Fatal(err)
		}
		if got := string([]rune(text)[a:b]); got != s {
			t.Errorf("text[%d:%d] = %q, want %q", a, b, got, s)
		}
	}
	rows.Close()
	if got := str(t, db, `SELECT site || ' ' || published || ' ' || published_source || ' ' || victim || ' ' || victim_start FROM documents`); got != "www.example.co.jp 2024-03-15 document 株式会社みなと精機 11" {
		t.Errorf("document row: %q", got)
	}
	if it, err := db.LookupFrontier(ctx, u); err != nil || it.State != StateDone {
		t.Errorf("frontier after store: %+v %v", it, err)
	}

	// Same hash: unchanged, no version, extraction kept when res is nil.
	again := testDoc(u, breachTitle, breachText)
	again.ETag = `"v1b"`
	st2, err := db.StoreDocument(ctx, again, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st2.Change != Unchanged || st2.ID != st.ID {
		t.Fatalf("re-store same hash: %+v", st2)
	}
	if n := count(t, db, `SELECT count(*) FROM document_versions`); n != 0 {
		t.Errorf("versions after unchanged store: %d", n)
	}
	if n := count(t, db, `SELECT count(*) FROM categories`); n != 4 {
		t.Errorf("categories after store without result: %d", n)
	}
	if got := str(t, db, `SELECT etag FROM documents`); got != `"v1b"` {
		t.Errorf("etag not refreshed: %s", got)
	}

	// Changed hash: the earlier content goes to document_versions and the
	// extraction is replaced.
	changed := testDoc(u, breachTitle+"（第2報）", newsText)
	changed.ETag = `"v2"`
	st3, err := db.StoreDocument(ctx, changed, newsResult())
	if err != nil {
		t.Fatal(err)
	}
	if st3.Change != Changed || st3.ID != st.ID {
		t.Fatalf("re-store changed: %+v", st3)
	}
	if got := str(t, db, `SELECT text FROM document_versions WHERE doc_id = ?`, st.ID); got != breachText {
		t.Errorf("version text = %q", got)
	}
	if got := str(t, db, `SELECT etag FROM document_versions`); got != `"v1b"` {
		t.Errorf("version etag = %q", got)
	}
	if got := str(t, db, `SELECT text FROM documents`); got != newsText {
		t.Errorf("current text = %q", got)
	}
	for _, table := range []string{"dates", "counts", "attackers", "categories", "incident_types"} {
		if n := count(t, db, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("%s after re-extract: %d rows, want 0", table, n)
		}
	}
	if got := str(t, db, `SELECT victim FROM documents`); got != "<nil>" {
		t.Errorf("victim after re-extract = %q", got)
	}
	// A third version keeps both earlier ones.
	third := testDoc(u, breachTitle, breachText+"\n追記")
	if _, err := db.StoreDocument(ctx, third, nil); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM document_versions WHERE doc_id = ?`, st.ID); n != 2 {
		t.Errorf("versions: %d, want 2", n)
	}
}

func TestFetchErrorsAreData(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	const (
		missing = "https://www.example.co.jp/info/gone.html"
		flaky   = "https://www.example.co.jp/info/flaky.html"
	)
	enqueue(t, db, "", 0, missing, flaky)
	at := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	if err := db.RecordFetchError(ctx, missing, 404, at, errors.New("not found")); err != nil {
		t.Fatal(err)
	}
	if got := str(t, db, `SELECT error FROM documents WHERE url = ?`, missing); got != "status 404: not found" {
		t.Errorf("error column = %q", got)
	}
	if got := count(t, db, `SELECT status FROM documents WHERE url = ?`, missing); got != 404 {
		t.Errorf("status = %d", got)
	}
	if it, _ := db.LookupFrontier(ctx, missing); it.State != StateFailed || it.Error == "" {
		t.Errorf("frontier: %+v", it)
	}

	// Stored content survives a later failure; a good fetch clears the error.
	if _, err := db.StoreDocument(ctx, testDoc(flaky, newsTitle, newsText), newsResult()); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordFetchError(ctx, flaky, 0, at, errors.New("connection reset by peer")); err != nil {
		t.Fatal(err)
	}
	if got := str(t, db, `SELECT text FROM documents WHERE url = ?`, flaky); got != newsText {
		t.Errorf("text lost after error: %q", got)
	}
	if got := count(t, db, `SELECT status FROM documents WHERE url = ?`, flaky); got != 200 {
		t.Errorf("status of stored content changed to %d", got)
	}
	withText, withErr, err := db.CountDocuments(ctx)
	if err != nil || withText != 1 || withErr != 2 {
		t.Errorf("CountDocuments = %d, %d, %v", withText, withErr, err)
	}
	st, err := db.StoreDocument(ctx, testDoc(missing, newsTitle, newsText), nil)
	if err != nil || st.Change != New {
		t.Fatalf("store after error: %+v %v", st, err)
	}
	if got := str(t, db, `SELECT error FROM documents WHERE url = ?`, missing); got != "<nil>" {
		t.Errorf("error not cleared: %q", got)
	}
	if err := db.RecordFetchError(ctx, "not a url", 0, at, errors.New("x")); err == nil {
		t.Error("RecordFetchError accepted a bad url")
	}
}

func TestLookupAndNotModified(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	const u = "https://www.example.co.jp/info/a.html"
	if _, err := db.Lookup(ctx, u); !errors.Is(err, ErrNotFound) {
		t.Fatalf("lookup of unknown url: %v", err)
	}
	d := testDoc(u, newsTitle, newsText)
	d.LastModified = "Tue, 02 Apr 2024 00:00:00 GMT"
	if _, err := db.StoreDocument(ctx, d, nil); err != nil {
		t.Fatal(err)
	}
	v, err := db.Lookup(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if v.ETag != `"v1"` || v.LastModified != d.LastModified || v.SHA256 != d.SHA256 || !v.FetchedAt.Equal(d.FetchedAt) {
		t.Errorf("validators %+v", v)
	}
	at := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	if err := db.MarkNotModified(ctx, u, at); err != nil {
		t.Fatal(err)
	}
	if got := str(t, db, `SELECT checked_at FROM documents`); got != "2024-06-01T00:00:00Z" {
		t.Errorf("checked_at = %s", got)
	}
	if err := db.MarkNotModified(ctx, u+"x", at); !errors.Is(err, ErrNotFound) {
		t.Errorf("MarkNotModified unknown: %v", err)
	}
}

func TestIncidentsView(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	if _, err := db.StoreDocument(ctx, testDoc("https://www.example.co.jp/info/1.html", breachTitle, breachText), breachResult(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.StoreDocument(ctx, testDoc("https://www.example.co.jp/info/2.html", newsTitle, newsText), newsResult()); err != nil {
		t.Fatal(err)
	}
	var url, pub, victim, types, attackers, cats, first, earliest string
	var maxCount int64
	err := db.read.QueryRow(`SELECT url, published, victim, types, max_count, attackers, categories, first_date, earliest_date FROM incident_documents_view`).
		Scan(&url, &pub, &victim, &types, &maxCount, &attackers, &cats, &first, &earliest)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(url, "|", pub, "|", victim, "|", types, "|", maxCount, "|", attackers, "|", cats, "|", first, "|", earliest)
	want := "https://www.example.co.jp/info/1.html|2024-03-15|株式会社みなと精機|unauthorized_access,ransomware|60000|LockBit|name,address,education,birthdate|2024-03-15|2024-03-01"
	if got != want {
		t.Errorf("incidents row\n got %s\nwant %s", got, want)
	}
	if n := count(t, db, `SELECT count(*) FROM incident_documents_view`); n != 1 {
		t.Errorf("incidents: %d rows, want 1", n)
	}
}

func TestReextractHelpers(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	page := testDoc("https://www.example.co.jp/info/1.html", breachTitle, breachText)
	page.Published = time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC)
	page.PublishedSource = "meta"
	if _, err := db.StoreDocument(ctx, page, newsResult()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.StoreDocument(ctx, testDoc("https://www.example.co.jp/info/2.html", newsTitle, newsText), newsResult()); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordFetchError(ctx, "https://www.example.co.jp/info/3.html", 500, time.Now(), errors.New("server error")); err != nil {
		t.Fatal(err)
	}
	var seen []TextDocument
	err := db.EachDocument(ctx, func(d TextDocument) error {
		seen = append(seen, d)
		res := newsResult()
		if d.Text == breachText {
			res = breachResult(t)
			res.Published, res.PublishedSource = "2024-03-14", extract.PublishedGiven
		}
		return db.ReplaceExtraction(ctx, d.ID, res)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 {
		t.Fatalf("EachDocument visited %d documents, want 2 (errors-only rows skipped)", len(seen))
	}
	if !seen[0].Published.Equal(page.Published) || !seen[1].Published.IsZero() {
		t.Errorf("published given to reextract: %v, %v", seen[0].Published, seen[1].Published)
	}
	if n := count(t, db, `SELECT count(*) FROM incident_documents_view`); n != 1 {
		t.Errorf("incidents after reextract: %d", n)
	}
	if got := str(t, db, `SELECT published || ' ' || published_source FROM documents WHERE id = ?`, seen[0].ID); got != "2024-03-14 meta" {
		t.Errorf("page date overwritten: %s", got)
	}
	if err := db.ReplaceExtraction(ctx, 9999, newsResult()); !errors.Is(err, ErrNotFound) {
		t.Errorf("ReplaceExtraction of unknown id: %v", err)
	}
	stop := errors.New("stop")
	if err := db.EachDocument(ctx, func(TextDocument) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("EachDocument error: %v", err)
	}
}

func TestManyMentionsBatched(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	res := newsResult()
	for i := range 1000 {
		res.Counts = append(res.Counts, extract.Count{Value: int64(i), Counter: "件", Span: extract.Span{Text: "1件", Start: 0, End: 2}})
	}
	if _, err := db.StoreDocument(ctx, testDoc("https://www.example.co.jp/big", newsTitle, newsText), res); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM counts`); n != 1000 {
		t.Errorf("counts: %d", n)
	}
}

func TestStoreBatch(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t, WithSegmenter(kagomeSegmenter(t)))
	words := kagomeSegmenter(t)(breachText)
	pages := []Page{
		{Doc: testDoc(breachURL, breachTitle, breachText), Result: breachResult(t), Words: words},
		{Doc: testDoc(newsURL, newsTitle, newsText), Result: newsResult()},
		{Doc: testDoc(newsURL, newsTitle, newsText+"追記"), Result: newsResult()}, // same URL again
	}
	out, err := db.StoreBatch(ctx, pages)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Change != New || out[1].Change != New || out[2].Change != Changed || out[2].ID != out[1].ID {
		t.Errorf("batch result %+v", out)
	}
	if hits, err := db.Search(ctx, "学歴", SearchOptions{Mode: SearchWords}); err != nil || len(hits) != 1 {
		t.Errorf("search with handed-in words: %v %v", hits, err)
	}
	// A bad page fails the batch before anything is written.
	bad := append(pages[:1:1], Page{Doc: testDoc("no host", "", "")})
	if _, err := db.StoreBatch(ctx, bad); err == nil {
		t.Error("batch with a bad url stored")
	}
	if _, err := db.StoreDocument(ctx, nil, nil); err == nil {
		t.Error("nil document stored")
	}
}

// A full disk fails the page's transaction as a whole, with ErrDiskFull,
// and leaves what was stored intact. SQLite's max_page_count stands in
// for the disk.
func TestDiskFullIsReportedAndAtomic(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	if _, err := db.StoreDocument(ctx, testDoc(newsURL, newsTitle, newsText), newsResult()); err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := db.write.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}
	big := testDoc(breachURL, breachTitle, breachText+repeatText(200000))
	_, err := db.StoreDocument(ctx, big, breachResult(t))
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("store on a full disk: %v, want ErrDiskFull", err)
	}
	t.Log(err)
	if n := count(t, db, `SELECT count(*) FROM documents`); n != 1 {
		t.Errorf("documents after failed store: %d", n)
	}
	if n := count(t, db, `SELECT count(*) FROM dates`); n != 0 {
		t.Errorf("partial extraction rows: %d", n)
	}
	if _, err := db.write.Exec(`PRAGMA max_page_count = 1073741823`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.StoreDocument(ctx, big, breachResult(t)); err != nil {
		t.Fatalf("store after space freed: %v", err)
	}
}

// Each version remembers its WARC record; a page stored without one keeps
// the record it had.
func TestArchiveRecordsFollowVersions(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	if _, err := db.ArchiveRecords(ctx, breachURL); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown url: %v", err)
	}
	store := func(text, file string, off int64) {
		t.Helper()
		d := testDoc(breachURL, breachTitle, text)
		d.WARCFile, d.WARCOffset = file, off
		if _, err := db.StoreBatch(ctx, []Page{{Doc: d}}); err != nil {
			t.Fatal(err)
		}
	}
	store(breachText, "a.warc.gz", 0)
	store(breachText+"追記", "a.warc.gz", 1234)
	store(breachText+"追記", "", 0) // unchanged, no archive: keeps b's record
	store(newsText, "b.warc.gz", 99)
	recs, err := db.ArchiveRecords(ctx, breachURL)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, fmt.Sprintf("%s@%d/%v", r.File, r.Offset, r.Current))
	}
	if want := "[b.warc.gz@99/true a.warc.gz@1234/false a.warc.gz@0/false]"; fmt.Sprint(got) != want {
		t.Errorf("records %v, want %s", got, want)
	}
	var docs []TextDocument
	if err := db.EachDocument(ctx, func(d TextDocument) error { docs = append(docs, d); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].WARCFile != "b.warc.gz" || docs[0].WARCOffset != 99 {
		t.Errorf("EachDocument: %+v", docs)
	}
}

// TestReplaceExtractionsBatch: replacing several documents' extractions
// in one batch (mention rows written a statement per table for all of
// them) leaves exactly the rows that replacing them one by one leaves,
// skips a document that is gone and takes the last of a document given
// twice.
func TestReplaceExtractionsBatch(t *testing.T) {
	ctx := context.Background()
	dump := func(db *DB) string {
		var b strings.Builder
		for _, q := range []string{
			`SELECT doc_id, seq, value, precision, text, start, "end" FROM dates`,
			`SELECT doc_id, seq, value, counter, qualifier, text FROM counts`,
			`SELECT doc_id, seq, name, known, coalesce(kind, '') FROM attackers`,
			`SELECT doc_id, seq, category, start FROM categories`,
			`SELECT doc_id, seq, type, coalesce(text, '-'), coalesce(start, -1) FROM incident_types`,
			`SELECT id, 0, coalesce(victim, '-'), coalesce(victim_source, '-'), extraction_hash FROM documents`,
		} {
			// Each row as one line: the columns of q joined, in key order.
			cols := strings.TrimPrefix(q[:strings.Index(q, " FROM ")], "SELECT ")
			b.WriteString(str(t, db, `SELECT coalesce(group_concat(line, char(10)), '') FROM (SELECT concat_ws('|', `+cols+`) AS line`+
				q[strings.Index(q, " FROM "):]+` ORDER BY 1)`))
			b.WriteString("\n")
		}
		return b.String()
	}
	// Stored with a breach's mentions; replaced by a news item's (none)
	// for two documents and by the breach's again for the third.
	build := func() (*DB, []int64) {
		db, _ := openTest(t)
		var ids []int64
		for i, text := range []string{breachText, newsText, breachText + "\n追記。"} {
			st, err := db.StoreDocument(ctx, testDoc(fmt.Sprintf("https://www.example.co.jp/info/%d.html", i), breachTitle, text), breachResult(t))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, st.ID)
		}
		return db, ids
	}
	one, ids := build()
	for i, id := range ids {
		res := newsResult()
		if i == 2 {
			res = breachResult(t)
		}
		if err := one.ReplaceExtraction(ctx, id, res); err != nil {
			t.Fatal(err)
		}
	}
	batch, ids2 := build()
	var read []TextDocument // as reextract hands them over
	if err := batch.EachDocument(ctx, func(d TextDocument) error { read = append(read, d); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := batch.ReplaceExtractions(ctx, []Extraction{
		{ID: ids2[0], Result: breachResult(t)},
		{ID: ids2[0], Result: newsResult()}, // the last wins
		{ID: ids2[1], Result: newsResult(), Doc: &read[1]},
		{ID: 9999, Result: newsResult()},                               // gone
		{ID: 9998, Result: newsResult(), Doc: &TextDocument{ID: 9998}}, // gone since it was read
		{ID: ids2[2], Result: breachResult(t), Hash: ResultHash(breachResult(t)), Doc: &read[2]},
	}); err != nil {
		t.Fatal(err)
	}
	if a, b := dump(one), dump(batch); a != b {
		t.Errorf("batch differs from one by one:\n--- one by one\n%s--- batch\n%s", a, b)
	}
	if n := count(t, batch, `SELECT count(DISTINCT doc_id) FROM categories`); n != 1 {
		t.Errorf("category rows of %d documents, want 1", n)
	}
}
