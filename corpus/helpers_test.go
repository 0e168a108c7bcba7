package corpus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/kohyo-dev/kohyo/crawler"
	"github.com/kohyo-dev/kohyo/crawler/page"
	"github.com/kohyo-dev/kohyo/extract"
)

// Fictional announcements written for these tests.
const (
	breachTitle = "不正アクセスによる個人情報漏えいのお知らせ"
	breachText  = `2024年3月15日
株式会社みなと精機

当社サーバーへの不正アクセスについて

2024年3月1日、当社の会員管理サーバーがランサムウェア「LockBit」による攻撃を受け、
会員約6万件の氏名、住所、学歴、生年月日が漏えいした可能性があることが判明しました。
対象となるお客様には個別にご連絡いたします。ＬｏｃｋＢｉｔの関与は調査中です。`

	newsTitle = "新製品発売のお知らせ"
	newsText  = `2024年4月2日
株式会社みなと精機

当社は新しい精密部品シリーズを発売します。価格は1個500円です。
お問い合わせ先の電話番号は0120-000-000です。`
)

func openTest(t testing.TB, opts ...Option) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kohyo.db")
	db, err := Open(context.Background(), path, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func testDoc(url, title, text string) *page.Document {
	return &page.Document{
		URL:         url,
		FinalURL:    url,
		Status:      200,
		ContentType: "text/html",
		Charset:     "utf-8",
		Title:       title,
		Text:        text,
		ETag:        `"v1"`,
		SHA256:      sum(text),
		FetchedAt:   time.Date(2024, 3, 16, 1, 2, 3, 0, time.UTC),
	}
}

// span finds the nth (0-based) occurrence of s in text, in code points.
func span(t testing.TB, text, s string, nth int) extract.Span {
	t.Helper()
	r := []rune(text)
	want := []rune(s)
	for i := 0; i+len(want) <= len(r); i++ {
		if string(r[i:i+len(want)]) == s {
			if nth == 0 {
				return extract.Span{Text: s, Start: i, End: i + len(want)}
			}
			nth--
		}
	}
	t.Fatalf("%q not in text", s)
	return extract.Span{}
}

// breachResult is a hand-made extraction of breachText.
func breachResult(t testing.TB) *extract.Result {
	victim := "株式会社みなと精機"
	vs := span(t, breachText, victim, 0)
	return &extract.Result{
		Published:       "2024-03-15",
		PublishedSource: extract.PublishedDocument,
		Dates: []extract.Date{
			{Value: "2024-03-15", Precision: extract.Day, Span: span(t, breachText, "2024年3月15日", 0)},
			{Value: "2024-03-01", Precision: extract.Day, Span: span(t, breachText, "2024年3月1日", 0)},
		},
		Counts: []extract.Count{
			{Value: 60000, Counter: "件", Qualifier: extract.QualApprox, Span: span(t, breachText, "約6万件", 0)},
		},
		Attackers: []extract.Attacker{
			{Name: "LockBit", Known: true, Kind: "group", Span: span(t, breachText, "LockBit", 0)},
			{Name: "LockBit", Known: true, Kind: "group", Span: span(t, breachText, "ＬｏｃｋＢｉｔ", 0)},
		},
		Categories: []extract.Category{
			{Category: "name", Span: span(t, breachText, "氏名", 0)},
			{Category: "address", Span: span(t, breachText, "住所", 0)},
			{Category: "education", Span: span(t, breachText, "学歴", 0)},
			{Category: "birthdate", Span: span(t, breachText, "生年月日", 0)},
		},
		IncidentTypes: []string{"unauthorized_access", "ransomware"},
		IncidentCues: []extract.Evidence{
			{Type: "unauthorized_access", Span: span(t, breachText, "不正アクセス", 0)},
			{Type: "ransomware", Span: span(t, breachText, "ランサムウェア", 0)},
		},
		Victim:     &victim,
		VictimSpan: &vs,
	}
}

func newsResult() *extract.Result {
	return &extract.Result{
		Published:       "2024-04-02",
		PublishedSource: extract.PublishedDocument,
		Dates:           []extract.Date{},
		Counts:          []extract.Count{},
		Attackers:       []extract.Attacker{},
		Categories:      []extract.Category{},
		IncidentTypes:   []string{},
		IncidentCues:    []extract.Evidence{},
	}
}

func count(t testing.TB, db *DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.read.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func str(t testing.TB, db *DB, query string, args ...any) string {
	t.Helper()
	var s *string
	if err := db.read.QueryRow(query, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if s == nil {
		return "<nil>"
	}
	return *s
}

func repeatText(n int) string {
	var b strings.Builder
	for b.Len() < n*3 {
		b.WriteString("当社は引き続き情報セキュリティ対策の強化に努めてまいります。")
	}
	return b.String()
}

// request is a crawler request for the frontier, serialised as the
// crawler does (colly.Request.Marshal), seed under crawler.SeedContextKey.
func request(t testing.TB, rawURL, seed string, depth int) []byte {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	c := colly.NewContext()
	c.Put(crawler.SeedContextKey, seed)
	b, err := (&colly.Request{URL: u, Method: "GET", Depth: depth + 1, Ctx: c}).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// enqueue adds URLs to db's frontier as pending.
func enqueue(t testing.TB, db *DB, seed string, depth int, urls ...string) {
	t.Helper()
	f, _, err := OpenFrontier(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	var reqs [][]byte
	for _, u := range urls {
		reqs = append(reqs, request(t, u, seed, depth))
	}
	if err := f.AddRequests(reqs); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
