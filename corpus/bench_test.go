package corpus

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

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
	for i := range b.N {
		d := testDoc(fmt.Sprintf("https://www.example.co.jp/info/%d.html", i), breachTitle, text)
		if _, err := db.StoreDocument(ctx, d, res); err != nil {
			b.Fatal(err)
		}
	}
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

// BenchmarkSearch runs a two-character query over 500 stored pages.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	db, _ := openTest(b, WithSegmenter(kagomeSegmenter(b)))
	text, res := benchPage(b)
	for i := range 500 {
		t := text
		if i%10 != 0 {
			t = strings.ReplaceAll(text, "学歴", "経歴")
		}
		if _, err := db.StoreDocument(ctx, testDoc(fmt.Sprintf("https://www.example.co.jp/info/%d.html", i), breachTitle, t), res); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		hits, err := db.Search(ctx, "学歴", SearchOptions{})
		if err != nil || len(hits) != 20 {
			b.Fatalf("%d hits, %v", len(hits), err)
		}
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
