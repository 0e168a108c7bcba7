package page

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
)

// qualityCases say, per fixture page, what the main text must hold (the
// announcement) and must not (navigation, breadcrumbs, banners, related
// links, footers).
var qualityCases = []struct {
	name, file string
	present    []string
	absent     []string
}{
	{"heavy_nav (semantic HTML5, cookie banner, sidebar, related links)", "heavy_nav.html",
		[]string{"第三者による不正アクセスを受け", "約1万2千件", "深くお詫び申し上げます", "0120-000-000"},
		[]string{"製品情報", "Cookie", "サイトマップ", "最新のお知らせ", "関連リンク", "夏季休業", "一覧へ戻る", "ページの先頭へ", "Copyright", "ポスト"}},
	{"short_table (table layout, pipe nav bar, 2 sentences)", "short_table.html",
		[]string{"配送伝票の誤送付に関するお詫び", "令和4年12月1日", "誤って送付する事案", "深くお詫び申し上げます"},
		[]string{"ホーム", "サービス案内", "採用情報", "サイトマップ", "Copyright"}},
	{"encoded (div#header/#gnavi/#topicpath/#footer)", "encoded.html",
		[]string{"ランサムウェアに感染し", "判明次第お知らせいたします", "2023.11.02"},
		[]string{"トップページ", "商品紹介", "トップ >", "TEL", "Yamabiko"}},
	{"structured (ARIA roles, search form, related box)", "structured.html",
		[]string{"参加者52名のメールアドレス", "再発防止に努めます"},
		[]string{"本文へスキップ", "くらし・手続き", "検索", "関連情報", "情報セキュリティポリシー", "架空市役所", "Copyright"}},
	{"nodate (div.header/.menu/.footer, short)", "nodate.html",
		[]string{"ログインできない状態", "個人情報の流出はございません"},
		[]string{"手数料", "サポート", "プライバシーポリシー", "金融商品取引業者"}},
}

type qualityResult struct {
	missing, leaked []string
}

func (r qualityResult) ok() bool { return len(r.missing) == 0 && len(r.leaked) == 0 }

func (r qualityResult) String() string {
	if r.ok() {
		return "ok"
	}
	var parts []string
	if len(r.missing) > 0 {
		parts = append(parts, "missing "+strings.Join(r.missing, ", "))
	}
	if len(r.leaked) > 0 {
		parts = append(parts, "leaked "+strings.Join(r.leaked, ", "))
	}
	return strings.Join(parts, "; ")
}

func judge(text string, present, absent []string) qualityResult {
	var r qualityResult
	for _, p := range present {
		if !strings.Contains(text, p) {
			r.missing = append(r.missing, p)
		}
	}
	for _, a := range absent {
		if strings.Contains(text, a) {
			r.leaked = append(r.leaked, a)
		}
	}
	return r
}

// TestMainTextQuality checks kohyo's rule-based main text on every fixture
// and logs, beside it, what go-readability (readeck fork, v2) makes of the
// same pages; run with -v to see the table that the README reports.
func TestMainTextQuality(t *testing.T) {
	const pageURL = "https://www.example.co.jp/information/20231025.html"
	u, _ := url.Parse(pageURL)
	var table strings.Builder
	fmt.Fprintf(&table, "| fixture | kohyo | go-readability |\n|---|---|---|\n")
	for _, tc := range qualityCases {
		src := readFixture(t, tc.file, "utf-8")
		doc := parseFixture(t, tc.file, pageURL)
		ours := judge(doc.Title+"\n"+doc.Text, tc.present, tc.absent)
		if !ours.ok() {
			t.Errorf("%s: %s\ntext:\n%s", tc.name, ours, doc.Text)
		}
		theirs := "no article"
		if art, err := readability.FromReader(strings.NewReader(src), u); err == nil && art.Node != nil {
			var b strings.Builder
			if err := art.RenderText(&b); err == nil {
				theirs = judge(art.Title()+"\n"+b.String(), tc.present, tc.absent).String()
			}
		} else if err != nil {
			theirs = "error: " + err.Error()
		}
		fmt.Fprintf(&table, "| %s | %s | %s |\n", tc.name, ours, theirs)
	}
	t.Logf("main text, present/absent checks:\n%s", table.String())
}

func FuzzHTMLToText(f *testing.F) {
	for _, name := range []string{"heavy_nav.html", "short_table.html", "structured.html"} {
		f.Add([]byte(readFixture(f, name, "utf-8")))
	}
	f.Add([]byte("<p>令和5年１０月２５日　お知らせ<br>氏名、住所</p>"))
	f.Add([]byte("<table><tr><td><a href=x>ホーム</a> | <a>会社概要</a></td></tr></table>"))
	f.Add(encodeWith(f, nil, "\xef\xbb\xbf<meta charset=shift_jis><title>\x82\xa0</title>"))
	f.Add([]byte("\x1b$B$3$s$K$A$O\x1b(B"))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, ct := range []string{"text/html", "text/html; charset=iso-8859-1", "text/plain; charset=shift_jis"} {
			doc, _ := Parse("https://www.example.co.jp/a/20231025.html", "", 200,
				map[string][]string{"Content-Type": {ct}}, body, DatesWith(fakeDates))
			if doc == nil {
				t.Fatal("nil document")
			}
			if !utf8.ValidString(doc.Text) || !utf8.ValidString(doc.Title) {
				t.Fatalf("invalid UTF-8: title %q text %q", doc.Title, doc.Text)
			}
			for _, l := range doc.Links {
				if !strings.HasPrefix(l.URL, "http") {
					t.Fatalf("link %q is not absolute http(s)", l.URL)
				}
			}
		}
	})
}

// BenchmarkParse parses the navigation-heavy notice page;
// BenchmarkHTMLParse is the bare golang.org/x/net/html parse of the same
// bytes, the baseline the README's ratio is against.
func BenchmarkParse(b *testing.B) {
	body := []byte(readFixture(b, "heavy_nav.html", "utf-8"))
	h := map[string][]string{"Content-Type": {"text/html; charset=utf-8"}}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := Parse("https://www.example.co.jp/information/20231025.html", "", 200, h, body, DatesWith(fakeDates)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseShiftJIS(b *testing.B) {
	body := encodeWith(b, japaneseShiftJIS(), readFixture(b, "short_table.html", "Shift_JIS"))
	h := map[string][]string{"Content-Type": {"text/html"}}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := Parse("https://www.example.co.jp/info/1.html", "", 200, h, body, DatesWith(fakeDates)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadability(b *testing.B) {
	src := readFixture(b, "heavy_nav.html", "utf-8")
	u, _ := url.Parse("https://www.example.co.jp/information/20231025.html")
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := readability.FromReader(strings.NewReader(src), u); err != nil {
			b.Fatal(err)
		}
	}
}

// TestParseMutatedPages runs randomly damaged copies of the fixtures through
// Parse (a fast stand-in for the fuzzer in plain go test runs).
func TestParseMutatedPages(t *testing.T) {
	seeds := [][]byte{[]byte(readFixture(t, "heavy_nav.html", "utf-8")), []byte(readFixture(t, "short_table.html", "utf-8")),
		[]byte("<p>令和5年１０月２５日　お知らせ<br>氏名、住所</p>"), []byte("\x1b$B$3$s$K$A$O\x1b(B")}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 400; i++ {
		b := append([]byte(nil), seeds[r.IntN(len(seeds))]...)
		for j := 0; j < 1+r.IntN(8); j++ {
			k := r.IntN(len(b))
			switch r.IntN(3) {
			case 0:
				b[k] = byte(r.IntN(256))
			case 1:
				b = append(b[:k], b[min(len(b), k+r.IntN(20)):]...)
			case 2:
				b = append(b[:k], append([]byte{byte(r.IntN(256)), byte(r.IntN(256))}, b[k:]...)...)
			}
			if len(b) == 0 {
				b = []byte("x")
			}
		}
		for _, ct := range []string{"text/html", "text/html; charset=iso-8859-1", "text/plain; charset=shift_jis"} {
			doc, _ := Parse("https://www.example.co.jp/a/20231025.html", "", 200,
				map[string][]string{"Content-Type": {ct}}, b, DatesWith(fakeDates))
			if doc == nil || !utf8.ValidString(doc.Text) || !utf8.ValidString(doc.Title) {
				t.Fatalf("input %q: bad document %+v", b, doc)
			}
		}
	}
}

func BenchmarkHTMLParse(b *testing.B) {
	src := readFixture(b, "heavy_nav.html", "utf-8")
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := html.Parse(strings.NewReader(src)); err != nil {
			b.Fatal(err)
		}
	}
}
