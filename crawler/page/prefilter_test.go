package page

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The cheap tests that come before the regular expressions must never
// turn down a text the expression would match.
var prefilterCases = []string{
	"※PDFファイルをご覧いただくにはAdobe Acrobat Readerが必要です。",
	"PDFの閲覧にはADOBE READERが必要です",
	"アクロバットリーダーをお持ちでない方はダウンロードしてください",
	"Copyright © 2024 株式会社架空精工 All Rights Reserved.",
	"COPYRIGHT(C) 架空市役所",
	"(c) 2023 架空食品株式会社",
	"ⓒ架空銀行",
	"当社は本件を厳粛に受け止めております。",
	"readerboard",
	"Rea",
	"",
}

func checkPrefilters(t *testing.T, s string) {
	if readerBoxRE.MatchString(s) && !mayNameReader(s) {
		t.Errorf("mayNameReader(%q) = false, but readerBoxRE matches", s)
	}
	if copyrightHolderRE.MatchString(s) && !mayBeCopyright(s) {
		t.Errorf("mayBeCopyright(%q) = false, but copyrightHolderRE matches", s)
	}
}

func TestPrefilters(t *testing.T) {
	for _, s := range prefilterCases {
		checkPrefilters(t, s)
	}
	if !mayNameReader(prefilterCases[0]) || !mayBeCopyright(prefilterCases[3]) {
		t.Error("prefilters turn down their own examples")
	}
	if mayNameReader(prefilterCases[7]) || mayBeCopyright(prefilterCases[7]) {
		t.Error("prefilters pass a plain sentence")
	}
}

func FuzzPrefilters(f *testing.F) {
	for _, s := range prefilterCases {
		f.Add(s)
	}
	f.Fuzz(checkPrefilters)
}

func TestShortTextOf(t *testing.T) {
	for _, tc := range []struct {
		html  string
		limit int
		want  string
		ok    bool
	}{
		{"<p>※ 別ウィンドウで開きます</p>", 20, "※ 別ウィンドウで開きます", true},
		{"<div><p>あいう</p><p>えお</p></div>", 5, "あいうえお", true},
		{"<div><p>あいう</p><p>えおか</p></div>", 5, "", false},
		// White space does not count: collapsed, the text is short.
		{"<div>\n\t\t<p>  あ  </p>\n\n\t\t<p>い</p>\n\t</div>", 2, "\n\t\t  あ  \n\n\t\tい\n\t", true},
	} {
		doc, err := html.Parse(strings.NewReader(tc.html))
		if err != nil {
			t.Fatal(err)
		}
		body := doc.FirstChild.LastChild // <html><head/><body>
		got, ok := shortTextOf(body, tc.limit)
		if got != tc.want || ok != tc.ok {
			t.Errorf("shortTextOf(%q, %d) = %q, %v; want %q, %v", tc.html, tc.limit, got, ok, tc.want, tc.ok)
		}
	}
}
