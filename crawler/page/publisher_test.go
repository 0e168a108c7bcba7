package page

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// htmlPage wraps a head and a body into a page of fictional content.
func htmlPage(head, body string) []byte {
	return []byte("<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">" + head + "</head><body>" + body + "</body></html>")
}

const notice = `<main><h1>不正アクセスに関するお知らせ</h1><p><time datetime="2024-05-10">2024年5月10日</time></p>
<p>このたび、当社のサーバーが第三者による不正アクセスを受け、お客様の個人情報が流出した可能性があることが判明いたしました。関係者の皆様には多大なご迷惑とご心配をおかけしておりますことを、深くお詫び申し上げます。</p>
<p>現在、外部の専門機関と調査を進めております。判明した事実は改めてお知らせいたします。</p></main>`

func TestPublisher(t *testing.T) {
	tests := []struct {
		name, url, head, body string
		want, source          string
	}{
		{"og:site_name wins", "https://aoba.example/news/1.html",
			`<title>不正アクセスに関するお知らせ｜アオバ精機</title><meta property="og:site_name" content="アオバ精機株式会社">`,
			notice + `<footer>© 2024 Aoba Seiki</footer>`, "アオバ精機株式会社", PublisherOGSiteName},
		{"JSON-LD publisher", "https://news.example/a/1.html",
			`<title>記事</title><script type="application/ld+json">{"@type":"NewsArticle","publisher":{"@type":"Organization","name":"サイバー速報"}}</script>`,
			notice, "サイバー速報", PublisherJSONLD},
		{"JSON-LD Organization in @graph", "https://news.example/a/2.html",
			`<title>記事</title><script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"Organization","name":"みなと新聞"}]}</script>`,
			notice, "みなと新聞", PublisherJSONLD},
		{"title suffix ｜", "https://aoba.example/news/1.html", `<title>不正アクセスに関するお知らせ｜アオバ精機</title>`, notice, "アオバ精機", PublisherTitle},
		{"title suffix -", "https://city.example/a.html", `<title>不正アクセスに関するお知らせ - みなと市</title>`, notice, "みなと市", PublisherTitle},
		{"title suffix ：", "https://city.example/a.html", `<title>不正アクセスに関するお知らせ ： みなと市</title>`, notice, "みなと市", PublisherTitle},
		{"section words are skipped", "https://city.example/a.html", `<title>不正アクセスに関するお知らせ | お知らせ | みなと市公式ホームページ</title>`, notice, "みなと市", PublisherTitle},
		{"home page title", "https://city.example/", `<title>みなと市公式ホームページ</title>`, notice, "みなと市", PublisherHome},
		{"footer copyright with years", "https://aoba.example/news/1.html", `<title>不正アクセスに関するお知らせ</title>`,
			notice + `<footer><p class="copyright">Copyright © 2010-2024 アオバ精機株式会社 All Rights Reserved.</p></footer>`, "アオバ精機株式会社", PublisherCopyright},
		{"footer (C)", "https://aoba.example/news/1.html", `<title>不正アクセスに関するお知らせ</title>`,
			notice + `<div id="footer">(C) ヒバリ運輸</div>`, "ヒバリ運輸", PublisherCopyright},
		{"nothing says", "https://aoba.example/news/1.html", `<title>不正アクセスに関するお知らせ</title>`, notice, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.url, tt.url, http.StatusOK, http.Header{"Content-Type": {"text/html; charset=utf-8"}},
				htmlPage(tt.head, tt.body), DatesWith(fakeDates))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Publisher != tt.want || doc.PublisherSource != tt.source {
				t.Errorf("publisher %q (%s), want %q (%s)", doc.Publisher, doc.PublisherSource, tt.want, tt.source)
			}
		})
	}
}

func TestKind(t *testing.T) {
	var list strings.Builder
	list.WriteString(`<main><h1>お知らせ一覧</h1><p>アオバ精機からのお知らせを掲載しています。</p><ul>`)
	for i := 1; i <= 8; i++ {
		list.WriteString(`<li><span>2024年5月` + string(rune('0'+i)) + `日</span> <a href="/news/` + string(rune('0'+i)) + `.html">不正アクセスに関するお知らせ（第` + string(rune('0'+i)) + `報）</a></li>`)
	}
	list.WriteString(`</ul></main>`)
	oneItem := `<main><h1>2022年のお知らせ</h1><ul><li>2022.06.10 <a href="/news/2022/0610.html">当社オンラインストアへの不正ログインに関するお詫びとお知らせ</a></li></ul></main>`
	profile := `<main><h1>会社概要</h1><p>商号　アオバ精機株式会社。設立は1978年4月、所在地は架空県あおば市工業団地1-1です。精密部品の設計・製造・販売を行っています。従業員数は420名です。</p></main>`
	related := notice + `<aside><h2>関連リンク</h2><ul><li>2024年4月1日 <a href="/a">新製品のお知らせ</a></li></ul></aside>`
	tests := []struct {
		name, url, body, want string
	}{
		{"an announcement", "https://aoba.example/news/1.html", notice, KindArticle},
		{"an announcement with a related link", "https://aoba.example/news/1.html", related, KindArticle},
		{"a listing", "https://aoba.example/news/", list.String(), KindListing},
		{"a year archive with one notice", "https://aoba.example/news/2022/", oneItem, KindListing},
		{"a company profile", "https://aoba.example/company/", profile, KindOther},
		{"the home page", "https://aoba.example/", notice, KindOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.url, tt.url, http.StatusOK, http.Header{"Content-Type": {"text/html; charset=utf-8"}},
				htmlPage("<title>t</title>", tt.body), DatesWith(fakeDates))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Kind != tt.want {
				t.Errorf("kind %q, want %q (text %q)", doc.Kind, tt.want, doc.Text)
			}
		})
	}
}

func TestPublisherRank(t *testing.T) {
	if !(PublisherRank(PublisherOGSiteName) < PublisherRank(PublisherJSONLD) &&
		PublisherRank(PublisherJSONLD) < PublisherRank(PublisherHome) &&
		PublisherRank(PublisherHome) < PublisherRank(PublisherTitle) &&
		PublisherRank(PublisherTitle) < PublisherRank(PublisherCopyright) &&
		PublisherRank(PublisherCopyright) < PublisherRank("")) {
		t.Error("publisher sources out of order")
	}
}

// FuzzPublisher: any head and footer give a valid-UTF-8 publisher of
// bounded length, with a source exactly when there is a name, and a kind.
func FuzzPublisher(f *testing.F) {
	f.Add(`<title>お知らせ｜アオバ精機</title><meta property="og:site_name" content="アオバ精機">`, `© 2024 アオバ精機`)
	f.Add(`<script type="application/ld+json">{"publisher":[{"name":"サイバー速報"}]}</script>`, `Copyright ©`)
	f.Add(`<title> | | - ： </title>`, `(c) 2024-`)
	f.Fuzz(func(t *testing.T, head, foot string) {
		doc, _ := Parse("https://x.example/a.html", "", http.StatusOK, http.Header{"Content-Type": {"text/html; charset=utf-8"}},
			htmlPage(head, notice+"<footer>"+foot+"</footer>"))
		if !utf8.ValidString(doc.Publisher) || utf8.RuneCountInString(doc.Publisher) > 60 {
			t.Errorf("publisher %q", doc.Publisher)
		}
		if (doc.Publisher == "") != (doc.PublisherSource == "") {
			t.Errorf("publisher %q with source %q", doc.Publisher, doc.PublisherSource)
		}
		if doc.Text != "" && doc.Kind == "" {
			t.Error("no kind")
		}
	})
}
