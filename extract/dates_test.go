package extract

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func mustDay(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// dateValues runs the date extractor and returns the distinct values, sorted.
func dateValues(t testing.TB, text, pub string) []string {
	t.Helper()
	d := &document{norm: newNormText(text)}
	if pub != "" {
		d.published = mustDay(t, pub)
	}
	var out []string
	orig := []rune(text)
	for _, x := range extractDates(d) {
		if x.Text != string(orig[x.Start:x.End]) {
			t.Errorf("%q: span %+v does not match the text", text, x.Span)
		}
		out = append(out, x.Value)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

type dateCase struct {
	name, text, pub string
	want            []string
}

func runDateCases(t *testing.T, cases []dateCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pub := c.pub
			if pub == "" {
				pub = "2024-05-20"
			}
			got := dateValues(t, c.text, pub)
			want := slices.Clone(c.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%q (published %s): got %v, want %v", c.text, pub, got, want)
			}
		})
	}
}

func TestDatesAbsoluteForms(t *testing.T) {
	runDateCases(t, []dateCase{
		{"kanji units", "2023年10月25日に発生", "", []string{"2023-10-25"}},
		{"slash", "発生日：2023/10/25", "", []string{"2023-10-25"}},
		{"slash zero padded", "2023/06/02に公開", "", []string{"2023-06-02"}},
		{"dot", "判明日：2024.3.12", "", []string{"2024-03-12"}},
		{"hyphen with time", "送信は 2024-10-16 02:14 に始まり", "", []string{"2024-10-16"}},
		{"nakaguro", "2021・7・18", "", []string{"2021-07-18"}},
		{"mixed", "2021年/7月/18日", "", []string{"2021-07-18"}},
		{"full width", "２０２３年１０月２５日", "", []string{"2023-10-25"}},
		{"circled marker", "④2025年1月末までに実施", "", []string{"2025-01"}},
		{"kanji positional", "二〇二三年十月二十五日", "", []string{"2023-10-25"}},
		{"kanji nakaguro", "一九四〇・一・四", "", []string{"1940-01-04"}},
		{"spaces inside", "2024 年6月 3 日（月）午前", "", []string{"2024-06-03"}},
		{"weekday", "2023年10月25日(水)", "", []string{"2023-10-25"}},
		{"weekday holiday", "2024年5月6日（月・祝）まで", "", []string{"2024-05-06"}},
		{"weekday word", "2021年12月30日木曜日", "", []string{"2021-12-30"}},
		{"seireki", "西暦2021年", "", []string{"2021"}},
		{"year month", "2021年7月", "", []string{"2021-07"}},
		{"year slash month", "2021/07", "", []string{"2021-07"}},
		{"year only", "2019年に開設", "", []string{"2019"}},
		{"birth date", "生年月日：1968年9月14日生", "", []string{"1968-09-14"}},
		{"both calendars", "2018年(平成30年)2月22日", "", []string{"2018-02-22"}},
		{"both calendars reversed", "平成30年（2018年）2月22日", "", []string{"2018-02-22"}},
		{"era in parentheses", "2024（令和6）年4月1日", "", []string{"2024-04-01"}},
		{"year in parentheses", "令和6（2024）年度", "", []string{"FY2024"}},
	})
}

func TestDatesWareki(t *testing.T) {
	runDateCases(t, []dateCase{
		{"reiwa", "令和5年10月25日", "", []string{"2023-10-25"}},
		{"reiwa gannen", "令和元年5月1日", "", []string{"2019-05-01"}},
		{"reiwa gannen year", "令和元年から運用", "", []string{"2019"}},
		{"heisei 31", "平成31年4月", "", []string{"2019-04"}},
		{"showa 64", "昭和64年1月7日", "", []string{"1989-01-07"}},
		{"taisho", "大正15年", "", []string{"1926"}},
		{"meiji", "明治45年", "", []string{"1912"}},
		{"kanji era year", "平成二十九年四月の開院", "", []string{"2017-04"}},
		{"kanji era year only", "平成三十一年に起きた", "", []string{"2019"}},
		{"abbrev R", "R5.10.25", "", []string{"2023-10-25"}},
		{"abbrev H", "H31.4.1 の更新", "", []string{"2019-04-01"}},
		{"abbrev slash", "R3/7/18", "", []string{"2021-07-18"}},
		{"abbrev nen", "R3年7月18日", "", []string{"2021-07-18"}},
		{"era slash", "令和3/7/18", "", []string{"2021-07-18"}},
		{"era dot month", "令和3.7", "", []string{"2021-07"}},
		{"full width era", "令和６年７月１６日", "", []string{"2024-07-16"}},
		{"era zero", "令和0年", "", nil},
		{"era zero padded zero", "令和00年", "", nil},
		{"era negative", "令和-3年", "", nil},
		{"not an era", "飛鳥時代3年", "", nil},
	})
}

func TestDatesPrecisionWords(t *testing.T) {
	runDateCases(t, []dateCase{
		{"gejun", "7月下旬", "2023-08-01", []string{"2023-07"}},
		{"jojun", "2024年5月上旬より", "", []string{"2024-05"}},
		{"chujun", "3月中旬を目途に", "2024-02-09", []string{"2024-03"}},
		{"koro", "7月28日頃", "2023-08-01", []string{"2023-07-28"}},
		{"goro", "2021年11月ごろから", "", []string{"2021-11"}},
		{"sue", "3月末までに", "2024-02-01", []string{"2024-03"}},
		{"matsujitsu", "2024年3月末日", "", []string{"2024-03-31"}},
		{"hajime", "2月初めに", "2024-01-20", []string{"2024-02"}},
		{"kessan ki", "2024年3月期", "", []string{"2024-03"}},
		{"ikou", "2015年4月以降", "", []string{"2015-04"}},
		{"year modifiers", "2021年前半、2021年半ば、2021年以前", "", []string{"2021"}},
		{"time koro", "2024年2月5日午前7時30分頃", "", []string{"2024-02-05"}},
	})
}

func TestDatesFiscalYear(t *testing.T) {
	runDateCases(t, []dateCase{
		{"seireki", "2023年度の決算", "", []string{"FY2023"}},
		{"reiwa", "令和5年度", "", []string{"FY2023"}},
		{"gannen", "令和元年度分", "", []string{"FY2019"}},
		{"heisei", "平成30年度", "", []string{"FY2018"}},
		{"this fy early in year", "今年度中に", "2024-02-10", []string{"FY2023"}},
		{"this fy", "本年度の計画", "2024-05-20", []string{"FY2024"}},
		{"last fy", "昨年度は", "2024-05-20", []string{"FY2023"}},
		{"next fy", "来年度から", "2024-05-20", []string{"FY2025"}},
		{"range", "中期経営計画（2024年度～2026年度）", "", []string{"FY2024", "FY2026"}},
	})
}

func TestDatesYearLess(t *testing.T) {
	runDateCases(t, []dateCase{
		{"same year", "7月18日", "2021-07-10", []string{"2021-07-18"}},
		{"december in january", "12月26日に盗難", "2024-01-09", []string{"2023-12-26"}},
		{"january in december", "1月上旬を見込む", "2023-12-27", []string{"2024-01"}},
		{"month in february", "7月", "2022-02-01", []string{"2022-07"}},
		{"slash", "2/1〜2/14発売", "2021-12-20", []string{"2022-02-01", "2022-02-14"}},
		{"leap day", "2月29日", "2024-03-10", []string{"2024-02-29"}},
		{"leap day not in nearest year", "2月29日", "2023-03-10", []string{"2024-02-29"}},
		{"kanji", "二月十三日（火）の朝", "2024-02-16", []string{"2024-02-13"}},
	})
}

func TestDatesDayAlone(t *testing.T) {
	runDateCases(t, []dateCase{
		{"after month", "2023年11月に発生し、8日に復旧", "2024-01-10", []string{"2023-11", "2023-11-08"}},
		{"after date", "【2021年1月21日】20日、就任式が行われた。", "2021-01-21", []string{"2021-01-21", "2021-01-20"}},
		{"alone nearest", "同社は10日、発表した", "2024-05-20", []string{"2024-05-10"}},
		{"alone previous month", "28日", "2021-03-02", []string{"2021-02-28"}},
		{"alone with time", "31日午後10時45分現在", "2005-09-01", []string{"2005-08-31"}},
		{"yoku", "2024年3月15日に確認し、翌16日に公表", "", []string{"2024-03-15", "2024-03-16"}},
		{"range end", "4月24日(水)から26日(金)まで", "2024-04-10", []string{"2024-04-24", "2024-04-26"}},
		{"range of days", "10日-20日", "2021-07-18", []string{"2021-07-10", "2021-07-20"}},
		{"day list", "3月8日(金)・9日(土)、10日", "2024-03-01", []string{"2024-03-08", "2024-03-09", "2024-03-10"}},
		{"kongetsu day", "今月8日に発表", "2023-09-12", []string{"2023-09-08"}},
		{"dogetsu day", "8月13日に報告を受け、同月20日に", "2024-08-23", []string{"2024-08-13", "2024-08-20"}},
	})
}

func TestDatesRelative(t *testing.T) {
	runDateCases(t, []dateCase{
		{"kotoshi", "今年に入ってから", "2024-07-03", []string{"2024"}},
		{"honnen month", "本年6月上旬", "2023-07-21", []string{"2023-06"}},
		{"sakunen month", "昨年9月にも", "2024-11-20", []string{"2023-09"}},
		{"kyonen", "去年", "2024-11-20", []string{"2023"}},
		{"rainen month", "来年4月に稼働", "2024-05-14", []string{"2025-04"}},
		{"rainen", "来年", "2021-07-18", []string{"2022"}},
		{"ototoshi", "一昨年", "2023-01-01", []string{"2021"}},
		{"kongetsu", "今月中に", "2024-05-20", []string{"2024-05"}},
		{"sengetsu", "先月下旬", "2022-01-05", []string{"2021-12"}},
		{"raigetsu", "来月", "2021-12-10", []string{"2022-01"}},
		{"sarainen month", "再来月", "2021-11-15", []string{"2022-01"}},
		{"honjitsu", "本日より", "2024-05-20", []string{"2024-05-20"}},
		{"kyou", "今日", "2021-07-18", []string{"2021-07-18"}},
		{"kinou", "昨日には", "2021-03-01", []string{"2021-02-28"}},
		{"ashita", "明日", "2020-02-28", []string{"2020-02-29"}},
		{"ototoi", "一昨日のこと", "2021-01-01", []string{"2020-12-30"}},
		{"asatte", "明後日", "2021-12-31", []string{"2022-01-02"}},
		{"range", "昨日から今日にかけて", "2021-07-18", []string{"2021-07-17", "2021-07-18"}},
	})
}

func TestDatesAnaphora(t *testing.T) {
	runDateCases(t, []dateCase{
		{"doujitsu", "2023年11月1日に発生し、同日中に遮断", "2023-11-10", []string{"2023-11-01"}},
		{"yokujitsu leap", "2024年2月28日に持ち帰り、翌日に気付いた", "2024-03-08", []string{"2024-02-28", "2024-02-29"}},
		{"zenjitsu", "12月27日の前日までに", "2023-02-03", []string{"2022-12-27", "2022-12-26"}},
		{"yokugetsu", "6月12日に依頼し、翌月下旬に報告", "2023-10-06", []string{"2023-06-12", "2023-07"}},
		{"dounen month", "本年6月上旬…同年3月に抽出", "2023-07-21", []string{"2023-06", "2023-03"}},
		{"dounen day", "翌日までに検査…同年2月24日に受信", "2022-03-04", []string{"2022-03-05", "2022-02-24"}},
		{"zennen", "2023年に開始し、前年は", "2024-05-20", []string{"2023", "2022"}},
		{"yokunen", "2023年5月に開始し、翌年に", "2024-05-20", []string{"2023-05", "2024"}},
		{"day after month gives nothing", "2023年11月に発覚し、同日に", "2024-05-20", []string{"2023-11"}},
		{"no antecedent", "前日", "2024-03-01", []string{"2024-02-29"}},
		{"toujitsu", "2024年6月3日に障害。当日は", "", []string{"2024-06-03"}},
		{"day anaphor skips a fiscal year", "5月8日に判明した。令和2年度から使用。同日中に回収し、翌日に届けた", "2024-05-10", []string{"2024-05-08", "FY2020", "2024-05-09"}},
		{"day anaphor skips a year", "5月8日に判明。2020年分の税額。翌日に届けた", "2024-05-10", []string{"2024-05-08", "2020", "2024-05-09"}},
		{"day anaphor after month then year", "5月8日に判明。2023年11月と2020年の分。翌日に", "2024-05-10", []string{"2024-05-08", "2023-11", "2020"}},
	})
}

func TestDatesRanges(t *testing.T) {
	runDateCases(t, []dateCase{
		{"md md", "7月28日から8月3日まで", "2023-08-10", []string{"2023-07-28", "2023-08-03"}},
		{"across new year", "12月29日～1月3日も受け付けます", "2023-12-27", []string{"2023-12-29", "2024-01-03"}},
		{"across new year from the start", "2023年12月29日～1月3日", "2023-06-01", []string{"2023-12-29", "2024-01-03"}},
		{"ym ym", "2018年3月～2023年11月", "", []string{"2018-03", "2023-11"}},
		{"era months", "令和5年8月から10月までの間", "2023-11-02", []string{"2023-08", "2023-10"}},
		{"years", "1901年〜2000年", "", []string{"1901", "2000"}},
		{"kanji era years", "明治二十六年から明治四十二年まで", "", []string{"1893", "1909"}},
		{"yoku year", "2005年11月から翌2006年7月", "", []string{"2005-11", "2006-07"}},
		{"months", "4月から5月にかけて", "2021-03-10", []string{"2021-04", "2021-05"}},
		{"dougetsu end", "12月12日から同月14日までの3日間", "2023-12-27", []string{"2023-12-12", "2023-12-14"}},
	})
}

func TestDatesNotDates(t *testing.T) {
	runDateCases(t, []dateCase{
		{"duration days", "3日間停止した", "", nil},
		{"duration months", "約1カ月前から", "", nil},
		{"months", "3か月間、10%減額", "", nil},
		{"portion", "約2日分の電力", "", nil},
		{"time", "受付時間 9:00～17:00", "", nil},
		{"time kanji", "午後5時44分", "", nil},
		{"new year holidays", "年末年始も受け付けます", "", nil},
		{"age", "20歳代の社員", "", nil},
		{"version", "Ver.3.2以降", "", nil},
		{"version dotted", "2023.0.1以前", "", nil},
		{"version three parts", "バージョン3.0.4に存在した", "", nil},
		{"version word", "バージョン2024.1", "", nil},
		{"ordinal", "第2報、第78回定時株主総会", "", nil},
		{"url", "https://example.jp/2023/10/25/news.html", "", nil},
		{"phone", "電話：0120-482-715", "", nil},
		{"postal", "〒399-8512 東山県", "", nil},
		{"address", "中央1-2-3", "", nil},
		{"fraction", "1/50の縮小模型", "", nil},
		{"decimal", "高さは7.18メートル", "", nil},
		{"nth day", "8日目の蝉", "", nil},
		{"years since", "15年ぶりに再会", "", nil},
		{"years long", "50年来の付き合い", "", nil},
		{"per week", "週3日", "", nil},
		{"per year", "年20日", "", nil},
		{"duration ymd", "1年2ヶ月10日", "", nil},
		{"frequency", "3日に1回から5日に1回に変更", "", nil},
		{"one day and a half", "1日半", "", nil},
		{"only days", "8日しか出勤していない", "", nil},
		{"not a day", "一日も早い復旧", "", nil},
		{"proverb", "石の上にも三年", "", nil},
		{"kanji thousand years", "千年、一万年生き延びる", "", nil},
		{"invalid day", "9月31日", "", nil},
		{"invalid day 2", "2023年2月30日", "", nil},
		{"thirteenth month", "13/13は1です", "", nil},
		{"compound before", "事前日程、説明日時", "", nil},
		{"same generation", "同年代の仲間", "", nil},
		{"comparison", "前年比8.6%増、前日比", "", nil},
		{"every year", "毎年6月に", "", nil},
		{"decade", "1990年代", "", nil},
		{"mainichi", "毎日新聞によると", "", nil},
		{"raid", "RAID 0/1", "", nil},
		{"cpu", "Core i7-3770（3.90GHz）", "", nil},
		{"shares", "所有株式数：24,500株", "", nil},
		{"magnitude", "M7.1の地震、S5.2の規模", "", nil},
	})
}

var contractDateRE = regexp.MustCompile(`^(\d{4}(-\d{2}(-\d{2})?)?|FY\d{4})$`)

// checkDateValue checks a value against the contract's forms and the
// calendar.
func checkDateValue(t testing.TB, v string) {
	t.Helper()
	if !contractDateRE.MatchString(v) {
		t.Fatalf("value %q is not a contract date", v)
	}
	switch {
	case strings.HasPrefix(v, "FY"):
	case len(v) == 10:
		if _, err := time.Parse("2006-01-02", v); err != nil {
			t.Fatalf("value %q is not a calendar day", v)
		}
	case len(v) == 7:
		if _, err := time.Parse("2006-01", v); err != nil {
			t.Fatalf("value %q is not a calendar month", v)
		}
	}
}

func TestDocumentDate(t *testing.T) {
	now := mustDay(t, "2025-01-01")
	tests := []struct {
		text string
		want string
	}{
		{"2024年2月9日\n株式会社ミナトテック\n\nお知らせ", "2024-02-09"},
		{"令和6年5月20日\n七瀬市\n\n本文", "2024-05-20"},
		{"株式会社テスト\n発表日：2024/03/15\n本文は2023年1月1日に", "2024-03-15"},
		{"お知らせ\n\n本文", ""},
		{"2030年1月1日\n未来の日付", ""},
		{"見出し\n本日、2023年10月25日に発生した障害について長い説明文が続いていきます。ここはまだ本文です。", ""},
	}
	for _, tt := range tests {
		got, ok := documentDate(newNormText(tt.text), now)
		if tt.want == "" {
			if ok {
				t.Errorf("documentDate(%q) = %v, want none", tt.text, got)
			}
			continue
		}
		if !ok || got.Format("2006-01-02") != tt.want {
			t.Errorf("documentDate(%q) = %v %v, want %s", tt.text, got, ok, tt.want)
		}
	}
}

func TestFirstDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"公開日 2023年10月25日", "2023-10-25"},
		{"令和5年10月25日 更新", "2023-10-25"},
		{"2023/10/25", "2023-10-25"},
		{"News 2023.10.25 お知らせ", "2023-10-25"},
		{"10月25日", ""},
		{"2023年10月", ""},
		{"本日", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := FirstDate(tt.in)
		if tt.want == "" {
			if ok {
				t.Errorf("FirstDate(%q) = %v, want none", tt.in, got)
			}
			continue
		}
		if !ok || got.Format("2006-01-02") != tt.want {
			t.Errorf("FirstDate(%q) = %v %v, want %s", tt.in, got, ok, tt.want)
		}
	}
}

func FuzzDates(f *testing.F) {
	for _, s := range []string{
		"2023年10月25日", "令和元年5月1日から同月3日まで", "R5.10.25", "二〇二四年二月十六日",
		"12月29日～1月3日", "翌日、前日、同年3月", "2024 年6月 3 日（月）", "3日間", "Ver.3.2",
		"2018年(平成30年)2月22日", "今年度", "28日", "9月31日", "平成33年", "翌16日",
	} {
		f.Add(s, int64(0))
	}
	f.Fuzz(func(t *testing.T, s string, days int64) {
		d := &document{norm: newNormText(s)}
		if days%3 != 0 {
			d.published = time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days%4000))
		}
		orig := d.norm.orig
		for _, x := range extractDates(d) {
			if x.Start < 0 || x.End > len(orig) || x.Start >= x.End || x.Text != string(orig[x.Start:x.End]) {
				t.Fatalf("bad span %+v in %q", x.Span, s)
			}
			checkDateValue(t, x.Value)
		}
		FirstDate(s)
		documentDate(d.norm, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	})
}

// BenchmarkDatesCounts is the cost of the numeric fields alone on the
// documents of BenchmarkTokenize; compare the two as a ratio.
func BenchmarkDatesCounts(b *testing.B) {
	texts, n := benchTexts(b)
	docs := make([]*document, len(texts))
	for i, t := range texts {
		docs[i] = &document{norm: newNormText(t), published: time.Date(2024, 5, 20, 0, 0, 0, 0, time.UTC)}
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			extractDates(d)
			extractCounts(d)
		}
	}
}
