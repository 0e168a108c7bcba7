package page

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func fragmentText(t *testing.T, src string, fix func(*html.Node)) string {
	t.Helper()
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	fix(root)
	return renderText(root)
}

func TestDropRuby(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<p><ruby>個人<rp>（</rp><rt>こじん</rt><rp>）</rp></ruby><ruby>情報<rt>じょうほう</rt></ruby></p>`, "個人情報"},
		{`<p>市民１２<ruby>人<rt>にん</rt></ruby>の<ruby><rb>名前</rb><rt>なまえ</rt></ruby></p>`, "市民１２人の名前"},
		{`<p><ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp>字<rp>(</rp><rt>じ</rt><rp>)</rp></ruby></p>`, "漢字"},
		{`<p><ruby>東京<rtc><rt>とうきょう</rt></rtc><rtc><rt>Tokyo</rt></rtc></ruby></p>`, "東京"},
	} {
		if got := fragmentText(t, tc.in, removeJunk); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHelpLines(t *testing.T) {
	for _, tc := range []struct {
		in   string
		help bool
	}{
		{`<p>※PDFファイルをご覧いただくには、Adobe Acrobat Reader（無料）が必要です。</p>`, true},
		{`<p>※リンク先の外部サイトは別ウィンドウで開きます。</p>`, true},
		{`<p class="legend">※印は必須入力です。</p>`, true},
		{`<div class="plugin"><p>PDF形式のファイルをご覧いただく場合には、Adobe社が提供するAdobe Acrobat Readerが必要です。</p></div>`, true},
		{`<p>※対象の方には、職員が訪問して謝罪し、通知書を回収しました。</p>`, false},
		{`<p>※予診票は指定医療機関に置いてあります。</p>`, false},
		{`<p>※PDFは別ウィンドウで開きます。※対象の方には個別に連絡します。</p>`, false},
		{`<p>当社サーバーへの不正アクセスを確認しました。詳細は別ウィンドウのPDFをご覧ください。</p>`, false},
		{`<p>本件はAdobe Acrobat Readerの脆弱性を悪用した攻撃によるもので、最新版へのアップデートが必要です。</p>`, false},
		{`<p>※Adobe Readerの古い版をお使いの方は、ウイルス感染のおそれがあるため更新してください。</p>`, false},
	} {
		root, _ := html.Parse(strings.NewReader(tc.in))
		var got bool
		walkElements(root, func(n *html.Node) { got = got || isHelpLine(n) })
		if got != tc.help {
			t.Errorf("%s: help = %v, want %v", tc.in, got, tc.help)
		}
	}
}

func TestFlattenTables(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"column headers", `<table><thead><tr><th>診療科</th><th>休診日</th></tr></thead><tbody><tr><td>整形外科</td><td>5月10日（金）</td></tr><tr><td>眼科</td><td>5月17日（金）午後</td></tr></tbody></table>`,
			"診療科：整形外科 休診日：5月10日（金）\n診療科：眼科 休診日：5月17日（金）午後"},
		{"row headers", `<table><tr><th>対象者</th><td>65歳以上の方</td></tr><tr><th>件名</th><td>件名：庁舎空調設備改修工事</td></tr></table>`,
			"対象者：65歳以上の方\n件名：庁舎空調設備改修工事"},
		{"corner cell", `<table><tr><th></th><th>2023年3月期</th><th>2024年3月期</th></tr><tr><th>売上高</th><td>140,750</td><td>152,300</td></tr></table>`,
			"売上高 2023年3月期：140,750 2024年3月期：152,300"},
		{"layout table", `<table><tr><td>ホーム</td><td>お知らせ本文です。</td></tr></table>`, "ホーム お知らせ本文です。"},
		{"spans", `<table><tr><th>日時</th><th>内容</th></tr><tr><td colspan="2">未定</td></tr></table>`, "日時 内容\n未定"},
	} {
		if got := fragmentText(t, tc.in, flattenTables); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestJoinDefinitions(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<dl><dt>日時</dt><dd>令和6年8月3日</dd><dt>会場</dt><dd>中央公園</dd></dl>`, "日時：令和6年8月3日\n会場：中央公園"},
		{`<dl><dt>改定率</dt><dd>改定率：約5〜12％</dd></dl>`, "改定率：約5〜12％"},
		{`<dl><dt>対象</dt><dd>市民</dd><dd>市外在勤者</dd></dl>`, "対象：市民\n市外在勤者"},
		{`<dl><dt>これは定義語としては長すぎる見出しの文章になっています</dt><dd>説明</dd></dl>`, "これは定義語としては長すぎる見出しの文章になっています\n説明"},
	} {
		if got := fragmentText(t, tc.in, joinDefinitions); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTitleFromFullerHeading(t *testing.T) {
	for _, tc := range []struct{ page, want string }{
		{`<html lang="en"><title>Notice | Kakuu Corp.</title><main><h1>Notice of a data breach</h1><p>Kakuu Corp. has confirmed unauthorized access to a server. We apologise.</p></main>`, "Notice of a data breach"},
		{`<title>不正アクセスについて｜架空精機株式会社</title><main><h1>不正アクセスについて（第2報）</h1><p>当社サーバーへの不正アクセスについて、調査の結果をお知らせします。</p></main>`, "不正アクセスについて（第2報）"},
		{`<title>お知らせ詳細｜架空市</title><main><h1>市税の納期限</h1><p>市税の納期限は6月30日です。お忘れのないようお願いします。</p></main>`, "お知らせ詳細"},
	} {
		doc, _ := Parse("https://www.example.jp/a.html", "", 200, http.Header{"Content-Type": {"text/html; charset=utf-8"}}, []byte(tc.page))
		if doc.Title != tc.want {
			t.Errorf("title %q, want %q", doc.Title, tc.want)
		}
	}
}
