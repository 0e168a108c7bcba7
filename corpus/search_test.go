package corpus

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/kohyo-dev/kohyo/extract"
)

var (
	wakatiOnce sync.Once
	wakati     Segmenter
	wakatiErr  error
)

// kagomeSegmenter is extract's Wakati, as cmd/kohyo wires it.
func kagomeSegmenter(t testing.TB) Segmenter {
	wakatiOnce.Do(func() {
		var e *extract.Extractor
		if e, wakatiErr = extract.New(); wakatiErr == nil {
			wakati = e.Wakati
		}
	})
	if wakatiErr != nil {
		t.Fatal(wakatiErr)
	}
	return wakati
}

const (
	breachURL = "https://www.example.co.jp/info/breach.html"
	newsURL   = "https://www.example.co.jp/info/news.html"
)

func TestSearchJapaneseWordsOfAnyLength(t *testing.T) {
	segmenters := map[string]func(testing.TB) Segmenter{
		"kagome": kagomeSegmenter,
		"script": func(testing.TB) Segmenter { return ScriptSegmenter },
	}
	tests := []struct {
		query string
		mode  SearchMode
		want  []string // URLs, any order
		match string   // the original text the snippet marks ("" = title-only or none)
	}{
		// One character.
		{query: "件", want: []string{breachURL}, match: "件"},
		{query: "名", want: []string{breachURL}, match: "名"}, // inside 氏名: substring fallback
		{query: "円", want: []string{newsURL}, match: "円"},
		// Two characters: what the trigram tokenizer cannot find.
		{query: "氏名", want: []string{breachURL}, match: "氏名"},
		{query: "住所", want: []string{breachURL}, match: "住所"},
		{query: "学歴", want: []string{breachURL}, match: "学歴"},
		{query: "精機", want: []string{breachURL, newsURL}, match: "精機"},
		// Three characters and more.
		{query: "生年月", want: []string{breachURL}, match: "生年月"},
		{query: "生年月日", want: []string{breachURL}, match: "生年月日"},
		{query: "漏えい", want: []string{breachURL}, match: "漏えい"},
		{query: "不正アクセス", want: []string{breachURL}, match: "不正アクセス"},
		{query: "お知らせ", want: []string{breachURL, newsURL}},
		// Latin script, case and width folded; the snippet shows the original.
		{query: "lockbit", want: []string{breachURL}, match: "LockBit"},
		{query: "ＬＯＣＫＢＩＴ", want: []string{breachURL}, match: "LockBit"},
		{query: "0120", want: []string{newsURL}, match: "0120"},
		// Several words.
		{query: "氏名、住所", want: []string{breachURL}, match: "氏名、住所"},
		// Nothing.
		{query: "パスワード", want: nil},
		{query: "名", mode: SearchWords, want: nil},
		{query: "名", mode: SearchSubstring, want: []string{breachURL}, match: "名"},
	}
	for name, seg := range segmenters {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, _ := openTest(t, WithSegmenter(seg(t)))
			if _, err := db.StoreDocument(ctx, testDoc(breachURL, breachTitle, breachText), breachResult(t)); err != nil {
				t.Fatal(err)
			}
			if _, err := db.StoreDocument(ctx, testDoc(newsURL, newsTitle, newsText), newsResult()); err != nil {
				t.Fatal(err)
			}
			for _, tt := range tests {
				hits, err := db.Search(ctx, tt.query, SearchOptions{Mode: tt.mode})
				if err != nil {
					t.Errorf("%q: %v", tt.query, err)
					continue
				}
				var got []string
				for _, h := range hits {
					got = append(got, h.URL)
				}
				sort.Strings(got)
				want := append([]string(nil), tt.want...)
				sort.Strings(want)
				if strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("%q (%s): hits %v, want %v", tt.query, tt.mode, got, want)
					continue
				}
				for _, h := range hits {
					if h.Title == "" || h.Published == "" || h.Snippet == "" {
						t.Errorf("%q: incomplete hit %+v", tt.query, h)
					}
					if tt.match == "" {
						continue
					}
					if m := string([]rune(h.Snippet)[h.Match[0]:h.Match[1]]); m != tt.match {
						t.Errorf("%q: snippet %q marks %q, want %q", tt.query, h.Snippet, m, tt.match)
					}
				}
			}
		})
	}
}

func TestSearchBadQueriesAndReindex(t *testing.T) {
	ctx := context.Background()
	db, path := openTest(t)
	if _, err := db.StoreDocument(ctx, testDoc(breachURL, breachTitle, breachText), nil); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"", "   ", "、。！？", `"`} {
		if _, err := db.Search(ctx, q, SearchOptions{}); !errors.Is(err, ErrEmptyQuery) {
			t.Errorf("Search(%q) error %v, want ErrEmptyQuery", q, err)
		}
	}
	// FTS5 syntax in a query is text, not syntax.
	for _, q := range []string{`氏名" OR "住所`, `NEAR(氏名 住所)`, `title:氏名`, `*`, `氏名 -住所`} {
		if _, err := db.Search(ctx, q, SearchOptions{}); err != nil && !errors.Is(err, ErrEmptyQuery) {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
	db.Close()

	// Reopen with the kagome segmenter and rebuild the word index.
	db2, err := Open(ctx, path, WithSegmenter(kagomeSegmenter(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	n, err := db2.Reindex(ctx)
	if err != nil || n != 1 {
		t.Fatalf("Reindex = %d, %v", n, err)
	}
	hits, err := db2.Search(ctx, "氏名", SearchOptions{Mode: SearchWords})
	if err != nil || len(hits) != 1 {
		t.Fatalf("word search after reindex: %v %v", hits, err)
	}
	if n := count(t, db2, `SELECT count(*) FROM search`); n != 1 {
		t.Errorf("search rows %d", n)
	}
}

func TestSnippetWindow(t *testing.T) {
	long := strings.Repeat("前置きの文章です。", 20) + "\n\n個人情報の  漏えい\nについて" + strings.Repeat("後続の文章です。", 20)
	s, m := snippet(long, "漏えい", nil)
	r := []rune(s)
	if string(r[m[0]:m[1]]) != "漏えい" {
		t.Errorf("match %v in %q", m, s)
	}
	if !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") || strings.Contains(s, "\n") || strings.Contains(s, "  ") {
		t.Errorf("snippet %q", s)
	}
	if len(r) > snippetLen+2 {
		t.Errorf("snippet has %d runes", len(r))
	}
	// A match across a line break in the original.
	s, m = snippet("情報の漏え\nいについて", "漏えい", nil)
	if got := string([]rune(s)[m[0]:m[1]]); got != "漏え い" {
		t.Errorf("match across newline = %q in %q", got, s)
	}
	// No match: the beginning of the text, no mark.
	if s, m := snippet("本文", "見出し", nil); s != "本文" || m != [2]int{} {
		t.Errorf("no-match snippet %q %v", s, m)
	}
}

func TestCharTokens(t *testing.T) {
	tests := map[string]string{
		"氏名・住所":             "氏 名 住 所",
		"ＬｏｃｋＢｉｔ3.0の被害":     "LockBit3 0 の 被 害",
		"ﾃﾞｰﾀ":              "デ ー タ",
		"約１，０００名":           "約 1 000 名",
		"":                  "",
		"2024年3月1日":         "2024 年 3 月 1 日",
		"Emotet（エモテット）":     "Emotet エ モ テ ッ ト",
		"令和５年度の々テスト":        "令 和 5 年 度 の 々 テ ス ト",
		"ransomware attack": "ransomware attack",
	}
	for in, want := range tests {
		if got := charTokens(in); got != want {
			t.Errorf("charTokens(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSnippet(f *testing.F) {
	for _, s := range []string{breachText, newsText, "ＡＢＣ\n\n", "ﾃﾞｰﾀ漏えい", "\u3000全角空白\u3000"} {
		f.Add(s, "漏えい")
		f.Add(s, "ＬｏｃｋＢｉｔ")
	}
	f.Fuzz(func(t *testing.T, text, query string) {
		s, m := snippet(text, query, ScriptSegmenter(query))
		r := []rune(s)
		if m[0] < 0 || m[1] < m[0] || m[1] > len(r) {
			t.Fatalf("bad match %v for snippet of %d runes", m, len(r))
		}
		_ = charTokens(text)
	})
}

// The index follows the current version of a page.
func TestSearchFollowsChanges(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	if _, err := db.StoreDocument(ctx, testDoc(breachURL, breachTitle, breachText), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.StoreDocument(ctx, testDoc(breachURL, newsTitle, newsText), nil); err != nil {
		t.Fatal(err)
	}
	if hits, err := db.Search(ctx, "学歴", SearchOptions{}); err != nil || len(hits) != 0 {
		t.Errorf("old text still found: %v %v", hits, err)
	}
	if hits, err := db.Search(ctx, "新製品", SearchOptions{}); err != nil || len(hits) != 1 || hits[0].Title != newsTitle {
		t.Errorf("new text not found: %v %v", hits, err)
	}
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	if hits, err := db.Search(ctx, "精密部品", SearchOptions{}); err != nil || len(hits) != 1 {
		t.Errorf("after optimize: %v %v", hits, err)
	}
}

// Words that kagome splits differently from what a reader searches for,
// multi-term queries (AND) and substrings that are no word: the trigram
// and unigram indexes find them all, with the default segmenter.
func TestSearchSubstringsAndTerms(t *testing.T) {
	const oddURL = "https://www.example.co.jp/info/odd.html"
	const oddTitle = "東京都港区の外国人参政権に関する説明会"
	const oddText = `東京都港区の会場で、外国人参政権についての説明会を開催しました。
すもももももももものうち、という早口言葉も紹介しました。
ＰＤＦの資料は後日掲載します。`
	ctx := context.Background()
	db, _ := openTest(t)
	for _, d := range []struct{ url, title, text string }{
		{breachURL, breachTitle, breachText}, {newsURL, newsTitle, newsText}, {oddURL, oddTitle, oddText},
	} {
		if _, err := db.StoreDocument(ctx, testDoc(d.url, d.title, d.text), nil); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		query string
		mode  SearchMode
		want  []string
		match string     // what the snippet of the first hit marks
		how   SearchMode // how the hits matched
	}{
		// Multi-term: AND of the terms, also across lines and scripts.
		{query: "ランサムウェア 6万件", want: []string{breachURL}, match: "ランサムウェア"},
		{query: "ランサムウェア　６万件", want: []string{breachURL}, match: "ランサムウェア"},
		{query: "ランサムウェア 新製品", want: nil},
		{query: "精機 お知らせ", want: []string{breachURL, newsURL}, how: SearchSubstring}, // えいのお is one kana run,
		{query: "氏名 住所 学歴", want: []string{breachURL}, how: SearchWords},
		{query: "氏名 500円", want: nil},
		{query: "名 件", want: []string{breachURL}, how: SearchSubstring}, // short terms only: unigrams
		{query: "LockBit 会員管理", want: []string{breachURL}, how: SearchWords},
		// Substrings of three characters and more that are no word.
		{query: "ランサム", want: []string{breachURL}, match: "ランサム", how: SearchSubstring},
		{query: "情報漏", want: []string{breachURL}, how: SearchSubstring}, // in the title only
		{query: "不正アク", want: []string{breachURL}, match: "不正アク", how: SearchSubstring},
		{query: "受け、会員", want: []string{breachURL}, match: "受け、 会員", how: SearchSubstring}, // across a line break
		{query: "ockbi", want: []string{breachURL}, match: "ockBi", how: SearchSubstring},
		{query: "pdfの資料", want: []string{oddURL}, match: "ＰＤＦの資料"},
		// Where kagome cuts a word apart: 東京/都, 外国/人参/政権, すもも/も/もも.
		{query: "京都", want: []string{oddURL}, match: "京都", how: SearchSubstring},
		{query: "京都港区", want: []string{oddURL}, match: "京都港区", how: SearchSubstring},
		{query: "参政権", want: []string{oddURL}, match: "参政権", how: SearchSubstring},
		{query: "国人参", want: []string{oddURL}, match: "国人参", how: SearchSubstring},
		{query: "ももものうち", want: []string{oddURL}, match: "ももものうち", how: SearchSubstring},
		{query: "外国人参政権", want: []string{oddURL}, match: "外国人参政権"},
		// FTS5 syntax is text: never an error, never an operator.
		{query: `"氏名"`, want: []string{breachURL}, match: "氏名"},
		{query: `氏名*`, want: []string{breachURL}, match: "氏名"},
		{query: `(学歴)`, want: []string{breachURL}, match: "学歴"},
		{query: `氏名 AND 住所`, want: nil},              // AND is a term no document has
		{query: `氏名 OR 新製品`, want: nil},              // so is OR
		{query: `NEAR(氏名 住所)`, want: nil},            // NEAR(氏名 is a term
		{query: `title:氏名`, want: nil},               // not a column filter
		{query: `氏名 -学歴`, want: []string{breachURL}}, // - is no NOT
		{query: `"ランサムウェア" "6万件"`, want: []string{breachURL}},
		{query: `ランサムウェア"「LockBit」`, want: []string{breachURL}}, // the words column holds no punctuation,
		{query: `^学歴`, want: []string{breachURL}},
		{query: `学歴 ""`, want: []string{breachURL}},
	}
	for _, tt := range tests {
		hits, err := db.Search(ctx, tt.query, SearchOptions{Mode: tt.mode})
		if err != nil {
			t.Errorf("%q: %v", tt.query, err)
			continue
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.URL)
			if tt.how != "" && h.Mode != tt.how {
				t.Errorf("%q: hit %s matched by %s, want %s", tt.query, h.URL, h.Mode, tt.how)
			}
		}
		sort.Strings(got)
		want := append([]string(nil), tt.want...)
		sort.Strings(want)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%q: hits %v, want %v", tt.query, got, want)
			continue
		}
		if tt.match != "" {
			h := hits[0]
			if m := string([]rune(h.Snippet)[h.Match[0]:h.Match[1]]); m != tt.match {
				t.Errorf("%q: snippet %q marks %q, want %q", tt.query, h.Snippet, m, tt.match)
			}
		}
	}
}

func TestTrigramForm(t *testing.T) {
	tests := map[string]string{
		"個人情報の漏え\nいについて":       "個人情報の漏えいについて",
		"受け、\n会員":              "受け、会員",
		"LockBit 3.0 の被害":      "LockBit 3.0の被害",
		"ransomware\n\nattack": "ransomware attack",
		"  前後の空白  ":            "前後の空白",
		"":                     "",
		"全角\u3000空白":           "全角空白",
	}
	for in, want := range tests {
		if got := trigramForm(norm.NFKC.String(in)); got != want {
			t.Errorf("trigramForm(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSearchFollowsChangesInOneBatch: the index rows of a batch are
// written together at its end; a page stored twice in one batch is
// indexed as it was last, and a page changed in a later batch loses its
// old words, in every index (words, characters, trigrams).
func TestSearchFollowsChangesInOneBatch(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	const other = "https://www.example.co.jp/information/other.html"
	batch := []Page{
		{Doc: testDoc(breachURL, breachTitle, breachText)},
		{Doc: testDoc(other, "株式会社架空精工からのお知らせ", "本社移転のお知らせです。")},
		{Doc: testDoc(breachURL, newsTitle, newsText)},
	}
	if _, err := db.StoreBatch(ctx, batch); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query string
		want  []string // titles
	}{
		{"学歴", nil},                  // the first version's words
		{"歴", nil},                   // its single characters
		{"新製品", []string{newsTitle}}, // the second version
		{"本社移転", []string{"株式会社架空精工からのお知らせ"}}, // the other page
		{"移", []string{"株式会社架空精工からのお知らせ"}},
	} {
		hits, err := db.Search(ctx, tc.query, SearchOptions{})
		if err != nil {
			t.Fatalf("%s: %v", tc.query, err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Title)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: found %q, want %q", tc.query, got, tc.want)
		}
	}
	// Changed in a later batch, with a new page beside it.
	if _, err := db.StoreBatch(ctx, []Page{
		{Doc: testDoc("https://www.example.co.jp/information/third.html", "第三のお知らせ", "夏季休業のお知らせです。")},
		{Doc: testDoc(other, "株式会社架空精工からのお知らせ", "工場見学会を開催します。")},
	}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"本社移転": 0, "工場見学": 1, "夏季休業": 1, "新製品": 1} {
		if hits, err := db.Search(ctx, q, SearchOptions{}); err != nil || len(hits) != want {
			t.Errorf("%s: %d hits (%v), want %d", q, len(hits), err, want)
		}
	}
}

// TestIsCJKFastPaths: the fast paths agree with the Unicode tables on
// every code point.
func TestIsCJKFastPaths(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		want := unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
			r == 'ー' || r == '々' || r == '〆' || r == 'ヶ'
		if got := isCJK(r); got != want {
			t.Fatalf("isCJK(%U) = %v, want %v", r, got, want)
		}
	}
}
