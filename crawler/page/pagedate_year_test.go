package page

import (
	"net/http"
	"testing"
	"time"
)

func TestYearlessDate(t *testing.T) {
	for _, tc := range []struct {
		in     string
		mo, d  int
		wantOK bool
	}{
		{"6月24日 18時30分", 6, 24, true},
		{"更新日：6月24日", 6, 24, true},
		{"06/24", 6, 24, true},
		{"０６／２４ 12:00", 6, 24, true},
		{"2019年6月24日", 0, 0, false},
		{"令和元年6月24日", 0, 0, false},
		{"2019/06/24", 0, 0, false},
		{"13月2日", 0, 0, false},
		{"お知らせ", 0, 0, false},
	} {
		mo, d, ok := yearlessDate(tc.in)
		if ok != tc.wantOK || mo != tc.mo || d != tc.d {
			t.Errorf("%q: got %d/%d %v, want %d/%d %v", tc.in, mo, d, ok, tc.mo, tc.d, tc.wantOK)
		}
	}
}

func TestYearlessPageDate(t *testing.T) {
	lm := http.TimeFormat
	for _, tc := range []struct {
		name      string
		ev        yearEvidence
		label     string
		want, src string
	}{
		{"url year segment", yearEvidence{url: "https://www.example.jp/news/2019/0624.html"}, "6月24日 18時30分", "2019-06-24", SourcePageYearURL},
		{"url year prefix", yearEvidence{url: "https://www.example.jp/topics/201906/notice.html"}, "06/24", "2019-06-24", SourcePageYearURL},
		{"time element", yearEvidence{url: "https://x.example.jp/a.html", anyTime: "2018-06-20"}, "6月24日", "2018-06-24", SourcePageYearTime},
		{"text date, next year", yearEvidence{url: "https://x.example.jp/a.html", text: "2019年12月28日に判明しました。"}, "1月5日", "2020-01-05", SourcePageYearText},
		{"listed", yearEvidence{url: "https://x.example.jp/a.html", listed: time.Date(2021, 7, 1, 0, 0, 0, 0, time.UTC)}, "6月24日", "2021-06-24", SourcePageYearListed},
		{"last-modified before the date", yearEvidence{url: "https://x.example.jp/a.html", lastModified: time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC).Format(lm)}, "6月24日", "2021-06-24", SourcePageYearLastModified},
		{"no evidence", yearEvidence{url: "https://x.example.jp/a.html"}, "6月24日", "", ""},
	} {
		got, src, ok := yearlessPageDate([]string{tc.label}, "", tc.ev.text, tc.ev, nil)
		gs := ""
		if ok {
			gs = got.Format("2006-01-02")
		}
		if gs != tc.want || src != tc.src {
			t.Errorf("%s: got %s (%s), want %s (%s)", tc.name, gs, src, tc.want, tc.src)
		}
	}
}

func TestIsDateLine(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"6月24日 18時30分", true},
		{"更新日：06/24", true},
		{"6月24日（月）", true},
		{"受付期間は10月1日から10月31日まで", false},
		{"6月21日から一部の利用者が", false},
	} {
		if got := isDateLine(tc.in); got != tc.want {
			t.Errorf("%q: got %v", tc.in, got)
		}
	}
}

func TestEnglishDate(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"May 20, 2024", "2024-05-20"},
		{"Posted: Sept. 3rd, 2023", "2023-09-03"},
		{"20 May 2024", "2024-05-20"},
		{"February 30, 2024", ""},
		{"Mayor Smith, 2024", ""},
	} {
		got := ""
		if d, ok := englishDate(tc.in); ok {
			got = d.Format("2006-01-02")
		}
		if got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}
