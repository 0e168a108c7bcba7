package demosite

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// NewsOutlet is the name of the fictional security-news site the demo
// serves on a second loopback host, reporting on the demo company's
// ransomware case and on another organisation.
const NewsOutlet = "セキュリティ新報"

// NewsArticle is one article of the news outlet.
type NewsArticle struct {
	Path      string // URL path
	Title     string
	Published string // YYYY-MM-DD
	// About is the organisation the article reports on (never the outlet).
	About string
	body  string // paragraphs, one per line
}

// NewsArticles lists the outlet's articles, newest first.
var NewsArticles = []NewsArticle{
	{
		Path: "/news/2024/01/16/kirigahara-city-usb.html", Title: "霧ヶ原市、児童の個人情報含むUSBメモリを紛失",
		Published: "2024-01-16", About: "霧ヶ原市",
		body: `長野県霧ヶ原市は1月15日、市立湖畔台小学校の教員が、児童42人の氏名と成績を記録したUSBメモリを紛失したと発表した。
同市によると、教員は1月12日に校外での研修に私物のかばんでUSBメモリを持ち出し、帰宅後に紛失に気づいた。警察に遺失届を提出しており、現時点で情報の不正利用は確認されていないという。
同市は、対象の児童の保護者に説明と謝罪を行い、記録媒体の持ち出し手順を見直すとしている。`,
	},
	{
		Path: "/news/2023/08/29/alphv-claims-tokiwano.html", Title: "ALPHV、ときわ野精工HDへの攻撃で犯行声明　リークサイトに掲載",
		Published: "2023-08-29", About: holdings,
		body: `ランサムウェア攻撃グループ「ALPHV」（別名BlackCat）が、同グループのリークサイトに株式会社ときわ野精工ホールディングスの名前を掲載し、犯行声明を出していることが分かった。
同社は8月25日に公表した第2報で、顧客や従業員など約6万件の個人情報が漏えいした可能性があると明らかにしていた。リークサイトには、窃取したとするデータの一部とみられる画像も掲載されている。
同社は取材に対し、「掲載の事実は把握しており、外部の専門家と調査を進めている」と説明している。`,
	},
	{
		Path: "/news/2023/08/01/tokiwano-ransomware.html", Title: "ときわ野精工HDにランサムウェア攻撃、受注・出荷に遅れ",
		Published: "2023-08-01", About: holdings,
		body: `時計・精密機器の株式会社ときわ野精工ホールディングス（長野県霧ヶ原市）は7月31日、グループの複数のサーバーがランサムウェアに感染し、ファイルが暗号化される被害を受けたと発表した。
同社によると、2023年7月28日早朝、基幹システムのサーバーに接続できない事象を検知した。受注や出荷業務の一部に遅れが出ているほか、グループ会社の時計修理の受付を停止している。
個人情報の流出の有無については調査中としている。`,
	},
}

var newsTmpl = template.Must(template.New("news").Parse(`<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="UTF-8">
<title>{{.Title}} - セキュリティ新報</title>
<meta property="og:site_name" content="セキュリティ新報">
{{if .Published}}<meta property="og:type" content="article">
<meta property="article:published_time" content="{{.Published}}T10:00:00+09:00">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"{{.Title}}","datePublished":"{{.Published}}","publisher":{"@type":"Organization","name":"セキュリティ新報"}}</script>
{{end}}</head>
<body>
<header><p class="logo"><a href="/">セキュリティ新報</a></p>
<nav><a href="/news/">ニュース</a> | <a href="/about/">本紙について</a></nav></header>
<main>
{{if .Items}}<h1>ニュース一覧</h1>
<ul class="news-list">{{range .Items}}
<li><time datetime="{{.Published}}">{{.Published}}</time> <a href="{{.Path}}">{{.Title}}</a></li>{{end}}
</ul>
{{else}}<article>
<h1>{{.Title}}</h1>
<p class="byline"><time datetime="{{.Published}}">{{.Published}}</time>　セキュリティ新報編集部</p>
{{range .Paragraphs}}<p>{{.}}</p>
{{end}}</article>
{{end}}</main>
<footer><p>&copy; 2024 セキュリティ新報 All rights reserved.</p></footer>
</body>
</html>
`))

type newsView struct {
	Title, Published string
	Paragraphs       []string
	Items            []NewsArticle
}

var loadNews = sync.OnceValues(func() (map[string][]byte, error) {
	pages := map[string][]byte{}
	render := func(path string, v newsView) error {
		var b bytes.Buffer
		if err := newsTmpl.Execute(&b, v); err != nil {
			return fmt.Errorf("demosite: news %s: %w", path, err)
		}
		pages[path] = b.Bytes()
		return nil
	}
	if err := render("/news/", newsView{Title: "ニュース一覧", Items: NewsArticles}); err != nil {
		return nil, err
	}
	if err := render("/", newsView{Title: "情報セキュリティの専門ニュース", Items: NewsArticles}); err != nil {
		return nil, err
	}
	about := "セキュリティ新報は、国内の情報セキュリティ事故と対策を報じる架空のニュースサイトです。\n掲載する組織、人物、事件はすべて架空のものです。"
	if err := render("/about/", newsView{Title: "本紙について", Paragraphs: strings.Split(about, "\n")}); err != nil {
		return nil, err
	}
	for _, a := range NewsArticles {
		if err := render(a.Path, newsView{Title: a.Title, Published: a.Published, Paragraphs: strings.Split(a.body, "\n")}); err != nil {
			return nil, err
		}
	}
	return pages, nil
})

// NewsHandler serves the news outlet: /news/ (a listing) and its articles.
func NewsHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pages, err := loadNews()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if r.URL.Path == "/robots.txt" {
			serveDynamic(w, r, "text/plain; charset=utf-8", "User-agent: *\nAllow: /\n")
			return
		}
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		http.ServeContent(w, r, "", time.Date(2024, 1, 16, 10, 0, 0, 0, jst), bytes.NewReader(body))
	})
}

// StartNews serves NewsHandler on a second loopback host: 127.0.0.2 where
// the system routes all of 127.0.0.0/8 to loopback (Linux), else
// "localhost" (a host name other than the demo company's 127.0.0.1).
// It returns the base URL and a stop function, like Start.
func StartNews(ctx context.Context) (baseURL string, stop func(), err error) {
	if _, err := loadNews(); err != nil {
		return "", nil, err
	}
	var lc net.ListenConfig
	host := "127.0.0.2"
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.2:0")
	if err != nil {
		host = "localhost"
		if ln, err = lc.Listen(ctx, "tcp", "127.0.0.1:0"); err != nil {
			return "", nil, fmt.Errorf("demosite: listen: %w", err)
		}
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return "http://" + net.JoinHostPort(host, port), serveOn(ctx, ln, NewsHandler()), nil
}
