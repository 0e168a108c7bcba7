package corpus

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/kohyo-dev/kohyo/crawler/page"
)

func exportDB(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	db, _ := openTest(t)
	if _, err := db.StoreDocument(ctx, testDoc(breachURL, breachTitle, breachText), breachResult(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.StoreDocument(ctx, testDoc(newsURL, newsTitle, newsText), newsResult()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.StoreDocument(ctx, testDoc(newsURL, newsTitle, newsText+"（更新）"), nil); err != nil {
		t.Fatal(err)
	}
	enqueue(t, db, "", 1, "https://www.example.co.jp/info/next.html")
	if _, err := db.Consolidate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestExportEveryTableAndFormat(t *testing.T) {
	ctx := context.Background()
	db := exportDB(t)
	for _, table := range ExportTables() {
		want := count(t, db, `SELECT count(*) FROM `+table)
		for _, f := range []Format{CSV, JSONL, Parquet} {
			var buf bytes.Buffer
			n, err := db.Export(ctx, &buf, table, f)
			if err != nil {
				t.Fatalf("%s %s: %v", table, f, err)
			}
			if int(n) != want {
				t.Errorf("%s %s: wrote %d rows, want %d", table, f, n, want)
			}
			cols := exportable[table].cols
			switch f {
			case CSV:
				recs, err := csv.NewReader(&buf).ReadAll()
				if err != nil {
					t.Fatalf("%s csv: %v", table, err)
				}
				if len(recs) != want+1 || len(recs[0]) != len(cols) || recs[0][0] != cols[0].name {
					t.Errorf("%s csv: %d records, header %v", table, len(recs), recs[0])
				}
			case JSONL:
				sc := bufio.NewScanner(&buf)
				sc.Buffer(nil, 1<<20)
				lines := 0
				for sc.Scan() {
					var m map[string]any
					if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
						t.Fatalf("%s jsonl line %d: %v", table, lines, err)
					}
					if len(m) != len(cols) {
						t.Errorf("%s jsonl: %d keys, want %d", table, len(m), len(cols))
					}
					lines++
				}
				if lines != want {
					t.Errorf("%s jsonl: %d lines", table, lines)
				}
			case Parquet:
				pf, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
				if err != nil {
					t.Fatalf("%s parquet: %v", table, err)
				}
				if pf.NumRows() != int64(want) {
					t.Errorf("%s parquet: %d rows, want %d", table, pf.NumRows(), want)
				}
				fields := pf.Schema().Fields()
				for i, c := range cols {
					if fields[i].Name() != c.name {
						t.Errorf("%s parquet column %d = %s, want %s", table, i, fields[i].Name(), c.name)
					}
				}
				// Compressed with zstd, which pyarrow and DuckDB read.
				for _, rg := range pf.Metadata().RowGroups {
					for _, cc := range rg.Columns {
						if c := cc.MetaData.Codec; c != format.Zstd {
							t.Errorf("%s parquet column %v codec %v, want ZSTD", table, cc.MetaData.PathInSchema, c)
						}
					}
				}
			}
		}
	}
}

// Values survive the round trip through Parquet, NULLs included.
func TestExportParquetValues(t *testing.T) {
	ctx := context.Background()
	db := exportDB(t)
	path := filepath.Join(t.TempDir(), "incidents.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Export(ctx, f, "incident_documents_view", Parquet); err != nil {
		t.Fatal(err)
	}
	f.Close()

	type incident struct {
		DocID      *int64  `parquet:"doc_id,optional"`
		URL        *string `parquet:"url,optional"`
		Published  *string `parquet:"published,optional"`
		Victim     *string `parquet:"victim,optional"`
		Types      *string `parquet:"types,optional"`
		MaxCount   *int64  `parquet:"max_count,optional"`
		Attackers  *string `parquet:"attackers,optional"`
		Categories *string `parquet:"categories,optional"`
		FirstDate  *string `parquet:"first_date,optional"`
	}
	rows, err := parquet.ReadFile[incident](path)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("%d rows", len(rows))
	}
	r := rows[0]
	if *r.URL != breachURL || *r.Published != "2024-03-15" || *r.Victim != "株式会社みなと精機" ||
		*r.Types != "unauthorized_access,ransomware" || *r.MaxCount != 60000 || *r.Attackers != "LockBit" ||
		*r.Categories != "name,address,education,birthdate" || *r.FirstDate != "2024-03-15" {
		t.Errorf("round trip: %+v", r)
	}

	var buf bytes.Buffer
	if _, err := db.Export(ctx, &buf, "documents", Parquet); err != nil {
		t.Fatal(err)
	}
	type document struct {
		URL       string  `parquet:"url,optional"`
		Victim    *string `parquet:"victim,optional"`
		Truncated *bool   `parquet:"truncated,optional"`
		Status    *int64  `parquet:"status,optional"`
	}
	docs, err := parquet.Read[document](bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[1].Victim != nil || docs[0].Truncated == nil || *docs[0].Truncated || *docs[1].Status != 200 {
		t.Errorf("documents round trip: %+v", docs)
	}
}

func TestExportErrors(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	if _, err := db.Export(ctx, io.Discard, "sqlite_schema", CSV); err == nil {
		t.Error("exported an unknown table")
	}
	if _, err := db.Export(ctx, io.Discard, "documents", "xlsx"); err == nil {
		t.Error("exported an unknown format")
	}
	if _, err := ParseFormat("Parquet"); err != nil {
		t.Error(err)
	}
	// An empty table still gives a CSV header.
	var buf bytes.Buffer
	if n, err := db.Export(ctx, &buf, "incident_documents_view", CSV); err != nil || n != 0 || buf.Len() == 0 {
		t.Errorf("empty export: %d %v %q", n, err, buf.String())
	}
	// A failing writer's error comes back.
	boom := errors.New("disk full")
	db2 := exportDB(t)
	if _, err := db2.Export(ctx, failWriter{boom}, "documents", JSONL); !errors.Is(err, boom) {
		t.Errorf("writer error: %v", err)
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

// The documents export has every column of the table but the ones kept
// for kohyo's own bookkeeping, so a column added by a migration is not
// forgotten by the export.
func TestExportDocumentsHasEveryColumn(t *testing.T) {
	db, _ := openTest(t)
	internal := map[string]bool{"extraction_hash": true}
	rows, err := db.read.Query(`SELECT name FROM pragma_table_info('documents')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	exported := map[string]bool{}
	for _, c := range exportable["documents"].cols {
		exported[c.name] = true
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if !exported[name] && !internal[name] {
			t.Errorf("documents.%s is not exported", name)
		}
	}
}

// A page in another language keeps its language and the Japanese version
// it names in every export format; a Japanese page has language ja and no
// japanese_url.
func TestExportDocumentsLanguage(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	ja := testDoc(breachURL, breachTitle, breachText)
	ja.Language = "ja"
	en := testDoc("https://www.example.co.jp/en/info/0315.html", "Notice of unauthorized access", "We found that our server was accessed without authorization.")
	en.Language, en.JapaneseURL = "en", breachURL
	old := testDoc("https://www.example.co.jp/info/old.html", "古いお知らせ", "スキーマ5より前に保存されたお知らせです。")
	for _, d := range []*page.Document{ja, en, old} {
		if _, err := db.StoreDocument(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
	}
	type lang struct{ language, japaneseURL *string }
	str := func(s string) *string { return &s }
	want := map[string]lang{
		ja.URL:  {str("ja"), nil},
		en.URL:  {str("en"), str(breachURL)},
		old.URL: {nil, nil},
	}
	show := func(p *string) string {
		if p == nil {
			return "NULL"
		}
		return *p
	}
	tests := []struct {
		format Format
		read   func(t *testing.T, b []byte) map[string]lang
	}{
		{CSV, func(t *testing.T, b []byte) map[string]lang {
			recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			idx := map[string]int{}
			for i, h := range recs[0] {
				idx[h] = i
			}
			if _, ok := idx["japanese_url"]; !ok {
				t.Fatalf("csv header %v", recs[0])
			}
			out := map[string]lang{}
			for _, r := range recs[1:] {
				var l lang
				if v := r[idx["language"]]; v != "" {
					l.language = &v
				}
				if v := r[idx["japanese_url"]]; v != "" {
					l.japaneseURL = &v
				}
				out[r[idx["url"]]] = l
			}
			return out
		}},
		{JSONL, func(t *testing.T, b []byte) map[string]lang {
			out := map[string]lang{}
			for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
				var r struct {
					URL         string  `json:"url"`
					Language    *string `json:"language"`
					JapaneseURL *string `json:"japanese_url"`
				}
				if err := json.Unmarshal(line, &r); err != nil {
					t.Fatal(err)
				}
				out[r.URL] = lang{r.Language, r.JapaneseURL}
			}
			return out
		}},
		{Parquet, func(t *testing.T, b []byte) map[string]lang {
			type row struct {
				URL         string  `parquet:"url,optional"`
				Language    *string `parquet:"language,optional"`
				JapaneseURL *string `parquet:"japanese_url,optional"`
			}
			rows, err := parquet.Read[row](bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]lang{}
			for _, r := range rows {
				out[r.URL] = lang{r.Language, r.JapaneseURL}
			}
			return out
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := db.Export(ctx, &buf, "documents", tt.format); err != nil {
				t.Fatal(err)
			}
			got := tt.read(t, buf.Bytes())
			for u, w := range want {
				g, ok := got[u]
				if !ok || show(g.language) != show(w.language) || show(g.japaneseURL) != show(w.japaneseURL) {
					t.Errorf("%s: language %s japanese_url %s, want %s %s", u, show(g.language), show(g.japaneseURL), show(w.language), show(w.japaneseURL))
				}
			}
		})
	}
}
