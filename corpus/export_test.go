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
