package extract

import (
	"slices"
	"testing"
)

type countCase struct {
	name, text string
	want       []int64
	qual       string // qualifier of the first count, when checked
}

func runCountCases(t *testing.T, cases []countCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := &document{norm: newNormText(c.text)}
			got := extractCounts(d)
			var vals []int64
			orig := []rune(c.text)
			for _, x := range got {
				if x.Text != string(orig[x.Start:x.End]) {
					t.Errorf("%q: span %+v does not match the text", c.text, x.Span)
				}
				vals = append(vals, x.Value)
			}
			if !slices.Equal(vals, c.want) {
				t.Errorf("%q: got %v, want %v", c.text, vals, c.want)
			}
			if c.qual != "-" && len(got) > 0 && got[0].Qualifier != c.qual {
				t.Errorf("%q: qualifier %q, want %q", c.text, got[0].Qualifier, c.qual)
			}
		})
	}
}

func TestCountsNumerals(t *testing.T) {
	runCountCases(t, []countCase{
		{"man", "6万件", []int64{60000}, ""},
		{"comma", "1,000名", []int64{1000}, ""},
		{"man and comma", "1万2,345件", []int64{12345}, ""},
		{"large man", "3504万件", []int64{35040000}, ""},
		{"kanji man", "六万件", []int64{60000}, ""},
		{"kanji man sen", "二万五千人", []int64{25000}, ""},
		{"hyaku", "9百件", []int64{900}, ""},
		{"decimal man", "1.2万件", []int64{12000}, ""},
		{"man sen", "8万6千件", []int64{86000}, ""},
		{"full width", "６万件", []int64{60000}, ""},
		{"hitori", "一人", []int64{1}, ""},
		{"meisama", "1名様", []int64{1}, ""},
		{"kanji sen hyaku", "千百名分", []int64{1100}, ""},
		{"kanji hyaku", "百二十一名", []int64{121}, ""},
		{"oku", "1億件", []int64{100000000}, ""},
		{"space", "約 3万 件", []int64{30000}, "approx"},
		{"zero", "事故の件数は0件でした", []int64{0}, ""},
		{"label and list", "件数：3件／4件", []int64{3, 4}, ""},
		{"circled marker", "②3件を確認", []int64{3}, ""},
		{"time before", "12:30件", nil, "-"},
	})
}

func TestCountsCounters(t *testing.T) {
	runCountCases(t, []countCase{
		{"ken", "3件", []int64{3}, ""},
		{"nin", "3人", []int64{3}, ""},
		{"mei", "3名", []int64{3}, ""},
		{"ninbun", "450人分", []int64{450}, ""},
		{"kenbun", "7万件分", []int64{70000}, ""},
		{"meibun", "87名分", []int64{87}, ""},
		{"tsu", "メール1通", []int64{1}, ""},
		{"sha", "取引先120社", []int64{120}, ""},
		{"dantai", "27団体", []int64{27}, ""},
		{"account", "57アカウント", []int64{57}, ""},
		{"kouza", "1万8千口座", []int64{18000}, ""},
		{"employee", "従業員1名が", []int64{1}, ""},
		{"kanji staff", "職員二名", []int64{2}, ""},
		{"family", "3人家族、3人体制", []int64{3, 3}, ""},
		{"pair", "2人1組で作業した", []int64{2}, ""},
		{"rate is no count", "1人1台の端末", nil, ""},
	})
}

func TestCountsQualifiers(t *testing.T) {
	runCountCases(t, []countCase{
		{"yaku", "約1,000名", []int64{1000}, "approx"},
		{"oyoso", "およそ640名", []int64{640}, "approx"},
		{"teido", "500件程度", []int64{500}, "approx"},
		{"chikaku", "100人近く", []int64{100}, "approx"},
		{"amari", "1,800件余り", []int64{1800}, "approx"},
		{"saidai", "最大6万件", []int64{60000}, "max"},
		{"saidai de yaku", "最大で約2,600名", []int64{2600}, "max"},
		{"jougen", "上限3,000件", []int64{3000}, "max"},
		{"ijou", "100件以上", []int64{100}, "min"},
		{"chou", "5万件超", []int64{50000}, "min"},
		{"wo koeru", "1億件を超える", []int64{100000000}, "min"},
		{"kei", "計48社", []int64{48}, "total"},
		{"goukei", "合計2万4,310件", []int64{24310}, "total"},
		{"ruikei", "累計1億件", []int64{100000000}, "total"},
		{"nobe", "延べ約7万件分", []int64{70000}, "total"},
		{"none", "132名", []int64{132}, ""},
	})
}

func TestCountsRanges(t *testing.T) {
	runCountCases(t, []countCase{
		{"kara", "1万件から2万件", []int64{10000, 20000}, "-"},
		{"man sen tilde", "2万5千~3万人", []int64{25000, 30000}, "-"},
		{"counter at end", "300～500件程度", []int64{300, 500}, "approx"},
		{"multiplier at end", "1～2万件", []int64{10000, 20000}, "-"},
		{"hyphen", "2-3名", []int64{2, 3}, "-"},
	})
}

func TestCountsNotCounts(t *testing.T) {
	runCountCases(t, []countCase{
		{"suman", "数万件", nil, ""},
		{"suken", "数件", nil, ""},
		{"tasuu", "多数", nil, ""},
		{"juusuu", "十数社", nil, ""},
		{"suujuu", "数十件", nil, ""},
		{"nanbyaku", "何百人", nil, ""},
		{"points", "4点、計四点", nil, ""},
		{"units", "2台、5,000台", nil, ""},
		{"days", "3日", nil, ""},
		{"yen", "500円、95億円", nil, ""},
		{"sheets", "5枚、3冊、10世帯、3店舗、14回、24,500株、30%", nil, ""},
		{"ordinal ken", "3件目", nil, ""},
		{"ordinal dai", "第2報", nil, ""},
		{"ordinal nin", "2人目", nil, ""},
		{"rate", "1人あたり", nil, ""},
		{"rate polite", "お一人につき", nil, ""},
		{"patterns", "2通り", nil, ""},
		{"last digits", "口座番号の下4桁", nil, ""},
		{"url", "https://example.jp/100件/", nil, ""},
		{"phone", "TEL 03-1234-5678（平日）", nil, ""},
		{"version", "Ver.2.1", nil, ""},
		{"each one", "一人ひとり、一人一人", nil, ""},
		{"same person", "同一人物", nil, ""},
		{"unified", "統一人事", nil, ""},
		{"words", "1名前、3社員", nil, ""},
		{"notice", "2通知", nil, ""},
		{"grade", "第2学年1組", nil, ""},
		{"decimal", "1.5人", nil, ""},
		{"each", "1件ずつ確認", nil, ""},
	})
}
