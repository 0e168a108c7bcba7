package crawler

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kohyo-dev/kohyo/crawler/page"
)

// TestFetchTemplatePages fetches pages modelled on Japanese site templates
// (page/testdata/templates, the main-text benchmark's pages) from an
// httptest server at their own paths, and checks what each template needs:
// ruby readings dropped, ※ help lines and the feedback form gone, tables
// and definition lists read with their labels, a year-less date dated by
// the URL.
func TestFetchTemplatePages(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := os.ReadFile(filepath.Join("page", "testdata", "templates", strings.TrimPrefix(r.URL.Query().Get("f"), "/")))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(b)
	}))
	defer srv.Close()
	f := testFetcher(t)
	for _, tc := range []struct {
		file, path      string
		has, lacks      []string
		published, from string
	}{
		{"easy_leak.html", "/easy/20240624.html", []string{"個人情報が ほかの 人に 見えました", "市民１２人の 個人情報（名前と 住所）"}, []string{"こじん", "（しみん）", "なまえ"}, "2024-06-24", "page"},
		{"muni_legend_fields.html", "/soshiki/kojin/1010123.html", []string{"本人又はその法定代理人", "30日以内"},
			[]string{"Adobe", "※印は必須", "役に立ちましたか", "いただいたご意見は"}, "2024-01-15", "page"},
		{"muni_misdelivery.html", "/shisei/oshirase/1002345.html", []string{"対象：市民12人", "※対象の方には、職員が訪問して謝罪し"}, []string{"Acrobat"}, "2024-06-24", "page"},
		{"muni_year_less_news.html", "/news/2019/0624.html", []string{"図書館の利用者約3万人"}, nil, "2019-06-24", page.SourcePageYearURL},
		{"news_year_less.html", "/local/2019/06/24/0624-3.html", []string{"顧客名簿約500人分"}, []string{"関連記事"}, "2019-06-24", page.SourceURL},
		{"hosp_closed_table.html", "/news/kyushin202405.html", []string{"診療科：整形外科 休診日：5月10日（金） 理由：学会出張のため"}, nil, "2024-04-25", "page"},
		{"univ_open_campus.html", "/news/2024/06/oc.html", []string{"日時：8月4日（日）10:00〜16:00", "申込：事前申込制"}, nil, "2024-06-20", "page"},
		{"muni_kanren_pdfs.html", "/shisei/joho/1012345.html", []string{"監査結果報告書（PDF：530KB）"}, []string{"Adobe"}, "2024-04-26", "page"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			doc, err := f.Fetch(context.Background(), srv.URL+tc.path+"?f="+url.QueryEscape(tc.file))
			if err != nil {
				t.Fatal(err)
			}
			text := doc.Title + "\n" + doc.Text
			for _, s := range tc.has {
				if !strings.Contains(text, s) {
					t.Errorf("text lacks %q:\n%s", s, text)
				}
			}
			for _, s := range tc.lacks {
				if strings.Contains(text, s) {
					t.Errorf("text has %q:\n%s", s, text)
				}
			}
			if got := doc.Published.Format("2006-01-02"); got != tc.published || doc.PublishedSource != tc.from {
				t.Errorf("published %s (%s), want %s (%s)", got, doc.PublishedSource, tc.published, tc.from)
			}
		})
	}
}

// TestFetchEnglishNotice: an English page is read in full, its language
// and Japanese version named, and the error says it is not Japanese.
func TestFetchEnglishNotice(t *testing.T) {
	srv := templateSite(t)
	doc, err := testFetcher(t).Fetch(context.Background(), srv.URL+"/en/information/2024/0520.html")
	if !errors.Is(err, page.ErrNotJapanese) || doc == nil {
		t.Fatalf("err %v, doc %v", err, doc)
	}
	if doc.Language != "en" || doc.JapaneseURL != srv.URL+"/information/2024/0520.html" || !strings.Contains(doc.Text, "1,800 customers") {
		t.Errorf("language %q, japanese_url %q, text %q", doc.Language, doc.JapaneseURL, doc.Text)
	}
}
