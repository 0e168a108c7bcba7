package corpus

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kohyo-dev/kohyo/extract"
)

// benchPage is a page of about 1,000 Japanese characters with a breach
// notice's worth of mentions.
func benchPage(b *testing.B) (string, *extract.Result) {
	text := breachText + "\n" + repeatText(1000-len([]rune(breachText)))
	res := breachResult(b)
	// Ten times the mentions of the short notice, spread over the text.
	base := *res
	for range 9 {
		res.Dates = append(res.Dates, base.Dates...)
		res.Counts = append(res.Counts, base.Counts...)
		res.Categories = append(res.Categories, base.Categories...)
	}
	return text, res
}

func benchStore(b *testing.B, seg Segmenter) {
	ctx := context.Background()
	db, _ := openTest(b, WithSegmenter(seg))
	text, res := benchPage(b)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := range b.N {
		d := testDoc(fmt.Sprintf("https://www.example.co.jp/info/%d.html", i), breachTitle, text)
		if _, err := db.StoreDocument(ctx, d, res); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time, which other work on the machine does not inflate.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
}

// cpuTime is the user and system CPU time this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkStoreDocument stores a new page with its extraction (document
// row, 85 mention rows, search index with kagome words) in one transaction.
func BenchmarkStoreDocument(b *testing.B) { benchStore(b, kagomeSegmenter(b)) }

// BenchmarkStoreDocumentScriptSegmenter is the same with the default
// segmenter: the difference is the cost of kagome segmentation.
func BenchmarkStoreDocumentScriptSegmenter(b *testing.B) { benchStore(b, ScriptSegmenter) }

// BenchmarkStoreBaseline is the floor: one INSERT of url and text per
// transaction into a plain table of the same database.
func BenchmarkStoreBaseline(b *testing.B) {
	ctx := context.Background()
	db, _ := openTest(b)
	if _, err := db.write.Exec(`CREATE TABLE plain (url TEXT PRIMARY KEY, text TEXT)`); err != nil {
		b.Fatal(err)
	}
	text, _ := benchPage(b)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := range b.N {
		err := db.update(ctx, func(tx *sql.Tx) error {
			_, err := tx.Exec(`INSERT INTO plain (url, text) VALUES (?, ?)`, fmt.Sprintf("https://www.example.co.jp/info/%d.html", i), text)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch runs queries over 2,000 stored pages (one in ten holds
// 学歴, the others 経歴), with the default (script) segmenter, in one run:
//
//	go test -tags sqlite_fts5 -run XXX -bench Search ./corpus
//
// Every query matches the same 200 pages. word: a two-character word
// (the words column); substring: four characters that are no word (the
// trigram table; before schema 6 a phrase of single characters);
// two-terms: two terms ANDed; short-substring: two characters as a
// substring (the single-character column).
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	db, _ := openTest(b)
	text, res := benchPage(b)
	var pages []Page
	for i := range 2000 {
		t := text
		if i%10 != 0 {
			t = strings.ReplaceAll(text, "学歴", "経歴")
		}
		pages = append(pages, Page{Doc: testDoc(fmt.Sprintf("https://www.example.co.jp/info/%d.html", i), breachTitle, t), Result: res})
		if len(pages) == 100 {
			if _, err := db.StoreBatch(ctx, pages); err != nil {
				b.Fatal(err)
			}
			pages = pages[:0]
		}
	}
	if err := db.Optimize(ctx); err != nil {
		b.Fatal(err)
	}
	for _, q := range []struct {
		name, query string
		mode        SearchMode
	}{
		{"word", "学歴", SearchAuto},
		{"substring", "学歴、生", SearchAuto},
		{"two-terms", "ランサムウェア 学歴", SearchAuto},
		{"short-substring", "学歴", SearchSubstring},
	} {
		b.Run(q.name, func(b *testing.B) {
			for range b.N {
				hits, err := db.Search(ctx, q.query, SearchOptions{Mode: q.mode})
				if err != nil || len(hits) != 20 {
					b.Fatalf("%q: %d hits, %v", q.query, len(hits), err)
				}
			}
		})
	}
}

// BenchmarkStoreBatch stores the same pages 16 to a transaction, with the
// words segmented here or handed in (as a crawler that reuses the
// extraction's tokens would).
func BenchmarkStoreBatch(b *testing.B) {
	for _, given := range []bool{false, true} {
		b.Run(fmt.Sprintf("words_given=%v", given), func(b *testing.B) {
			ctx := context.Background()
			seg := kagomeSegmenter(b)
			db, _ := openTest(b, WithSegmenter(seg))
			text, res := benchPage(b)
			var words []string
			if given {
				words = seg(text)
			}
			b.SetBytes(int64(len(text)))
			b.ResetTimer()
			const batch = 16
			pages := make([]Page, 0, batch)
			for i := range b.N {
				d := testDoc(fmt.Sprintf("https://www.example.co.jp/info/%d.html", i), breachTitle, text)
				pages = append(pages, Page{Doc: d, Result: res, Words: words})
				if len(pages) == batch || i == b.N-1 {
					if _, err := db.StoreBatch(ctx, pages); err != nil {
						b.Fatal(err)
					}
					pages = pages[:0]
				}
			}
		})
	}
}
