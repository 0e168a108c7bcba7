package crawler

import (
	"context"
	"testing"
	"time"

	"github.com/kohyo-dev/kohyo/crawler/page"

	"github.com/gocolly/colly/v2"
)

// benchPages is the size of the generated loopback site: announcements of
// about 1,000 Japanese characters, ten to a listing page.
const benchPages = 2000

// BenchmarkBareColly is the baseline: Colly alone, following every link of
// the site, delays off, one request at a time (Colly's default).
func BenchmarkBareColly(b *testing.B) {
	srv := crawlBigSite(b, benchPages)
	b.ResetTimer()
	var pages int
	start := time.Now()
	for i := 0; i < b.N; i++ {
		col := &colly.Collector{}
		col.Init()
		col.OnHTML("a[href]", func(e *colly.HTMLElement) {
			_ = e.Request.Visit(e.Attr("href"))
		})
		col.OnResponse(func(*colly.Response) { pages++ })
		if err := col.Visit(srv.URL + "/information/"); err != nil {
			b.Fatal(err)
		}
		col.Wait()
	}
	b.ReportMetric(float64(pages)/time.Since(start).Seconds(), "pages/s")
	b.ReportMetric(float64(pages)/float64(b.N), "pages/op")
}

// BenchmarkCrawl is the crawler on the same site with a sink that keeps
// nothing: scope, canonical URLs, robots.txt, frontier, parsing into a
// Document (charset, main text, date) and link roles, delays off.
func BenchmarkCrawl(b *testing.B) {
	srv := crawlBigSite(b, benchPages)
	b.ResetTimer()
	var pages int
	start := time.Now()
	for i := 0; i < b.N; i++ {
		c, err := New(nopSink{}, WithDelay(0), WithParallel(DefaultParallel))
		if err != nil {
			b.Fatal(err)
		}
		st, err := c.Run(context.Background(), []string{srv.URL + "/information/"})
		if err != nil {
			b.Fatal(err)
		}
		if st.Fetched != benchPages {
			b.Fatalf("fetched %d pages, want %d: %+v", st.Fetched, benchPages, st)
		}
		pages += st.Done()
	}
	b.ReportMetric(float64(pages)/time.Since(start).Seconds(), "pages/s")
	b.ReportMetric(float64(pages)/float64(b.N), "pages/op")
}

type nopSink struct{}

func (nopSink) Known(context.Context, string) (Known, error) { return Known{}, nil }
func (nopSink) Page(context.Context, *page.Document) error   { return nil }
func (nopSink) Failed(context.Context, string, error) error  { return nil }
