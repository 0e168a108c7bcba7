package page

import (
	"net/http"
	"testing"
	"time"
)

// TestFeedDateRank: a feed item's date comes after the page's own full
// dates and before the URL, a year-less page date and Last-Modified.
func TestFeedDateRank(t *testing.T) {
	feed := time.Date(2019, 6, 23, 15, 30, 0, 0, time.UTC) // 2019-06-24 in Japan
	body := func(head, date string) []byte {
		return []byte(`<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>顧客名簿の紛失について</title>` + head +
			`</head><body><main><article><h1>顧客名簿の紛失について</h1><p class="date">` + date + `</p>
<p>温泉施設の顧客名簿約500人分を紛失しました。名簿には氏名と電話番号が記載されていました。お客様ならびに関係者の皆様には多大なるご迷惑とご心配をおかけしますことを、深くお詫び申し上げます。</p></article></main></body></html>`)
	}
	for _, tc := range []struct {
		name, url, head, date, lastMod string
		feed                           time.Time
		want, source                   string
	}{
		{"feed only", "https://www.example.jp/news/detail.php?id=1", "", "", "", feed, "2019-06-24", SourceFeed},
		{"meta first", "https://www.example.jp/news/detail.php?id=1", `<meta property="article:published_time" content="2019-06-20">`, "", "", feed, "2019-06-20", SourceMeta},
		{"date line first", "https://www.example.jp/news/detail.php?id=1", "", "2019年6月20日", "", feed, "2019-06-20", SourcePage},
		{"before the URL", "https://www.example.jp/news/20190601.html", "", "", "", feed, "2019-06-24", SourceFeed},
		{"before a year-less date", "https://www.example.jp/news/detail.php?id=1", "", "6月22日", "", feed, "2019-06-24", SourceFeed},
		{"before Last-Modified", "https://www.example.jp/news/detail.php?id=1", "", "", "Mon, 01 Jul 2019 00:00:00 GMT", feed, "2019-06-24", SourceFeed},
		{"URL without feed", "https://www.example.jp/news/20190601.html", "", "", "", time.Time{}, "2019-06-01", SourceURL},
	} {
		h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
		if tc.lastMod != "" {
			h.Set("Last-Modified", tc.lastMod)
		}
		opts := []ParseOption{}
		if !tc.feed.IsZero() {
			opts = append(opts, FeedDate(tc.feed))
		}
		doc, err := Parse(tc.url, tc.url, 200, h, body(tc.head, tc.date), opts...)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := doc.Published.Format("2006-01-02"); got != tc.want || doc.PublishedSource != tc.source {
			t.Errorf("%s: %s (%s), want %s (%s)", tc.name, got, doc.PublishedSource, tc.want, tc.source)
		}
	}
}
