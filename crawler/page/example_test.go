package page_test

import (
	"fmt"
	"net/http"

	"github.com/kohyo-dev/kohyo/crawler/page"
)

func ExampleParse() {
	body := []byte(`<html><head><meta charset="utf-8"><title>サーバー障害のお詫び｜株式会社サンプル</title></head>
<body><nav><a href="/">ホーム</a> | <a href="/products/">製品情報</a></nav>
<main><h1>サーバー障害のお詫び</h1><p class="date">2023年10月25日</p>
<p>当社のウェブサイトで障害が発生しました。
現在は復旧しております。</p></main>
<footer>Copyright © Sample</footer></body></html>`)
	doc, err := page.Parse("https://www.example.co.jp/information/", "", http.StatusOK,
		http.Header{"Content-Type": {"text/html"}}, body)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Title)
	fmt.Println(doc.Published.Format("2006-01-02"), doc.PublishedSource, doc.Charset)
	fmt.Println(doc.Text)
	// Output:
	// サーバー障害のお詫び
	// 2023-10-25 page utf-8
	// サーバー障害のお詫び
	//
	// 2023年10月25日
	//
	// 当社のウェブサイトで障害が発生しました。現在は復旧しております。
}
