package incident

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var dateRE = regexp.MustCompile(`(\d{4})年(\d{1,2})月(\d{1,2})日`)

// mk builds a Doc the way corpus would load it: dates and attackers with
// code-point spans found in text (a stand-in for the extractor).
func mk(id int64, pub, victim, publisher, title, text string, types ...string) Doc {
	d := Doc{ID: id, URL: fmt.Sprintf("https://example.test/%d", id), Title: title, Published: pub,
		Victim: victim, Publisher: publisher, Text: text, Types: types}
	for _, m := range dateRE.FindAllStringSubmatchIndex(text, -1) {
		var y, mo, da int
		fmt.Sscanf(text[m[2]:m[3]]+" "+text[m[4]:m[5]]+" "+text[m[6]:m[7]], "%d %d %d", &y, &mo, &da)
		s := len([]rune(text[:m[0]]))
		e := s + len([]rune(text[m[0]:m[1]]))
		d.Dates = append(d.Dates, Date{Value: fmt.Sprintf("%04d-%02d-%02d", y, mo, da), Precision: "day", Start: s, End: e})
	}
	for _, name := range []string{"LockBit", "Akira", "BlackSuit"} {
		if i := strings.Index(text, name); i >= 0 {
			s := len([]rune(text[:i]))
			d.Attackers = append(d.Attackers, Attacker{Name: name, Start: s, End: s + len(name)})
		}
	}
	return d
}

// groups renders the grouping as sorted lists of doc ids.
func groups(ins []Incident) [][]int64 {
	var out [][]int64
	for _, in := range ins {
		var ids []int64
		for _, m := range in.Documents {
			ids = append(ids, m.DocID)
		}
		slices.Sort(ids)
		out = append(out, ids)
	}
	slices.SortFunc(out, func(a, b []int64) int { return int(a[0] - b[0]) })
	return out
}

func TestGroupingRules(t *testing.T) {
	const co, pub = "株式会社ミナト精機", "ミナト精機"
	tests := []struct {
		name string
		docs []Doc
		want [][]int64
	}{
		{"report chain by number", []Doc{
			mk(1, "2024-02-09", co, pub, "ランサムウェア被害のお知らせ（第1報）", "当社サーバーが暗号化されました。", "ransomware"),
			mk(2, "2024-06-20", co, pub, "不正アクセスに関するお知らせ（第2報）", "調査の進捗をお知らせします。", "unauthorized_access"),
		}, [][]int64{{1, 2}}},
		{"report chain by the date of the earlier notice", []Doc{
			mk(1, "2024-02-09", co, pub, "システム障害について", "当社システムに障害が発生しました。", "unauthorized_access"),
			mk(2, "2024-08-01", co, pub, "個人情報漏えいの可能性について", "2024年2月9日にお知らせした件について、調査が完了しました。", "loss"),
		}, [][]int64{{1, 2}}},
		{"same attacker", []Doc{
			mk(1, "2024-02-09", co, pub, "サイバー攻撃について", "LockBitによる攻撃を受けました。", "ransomware"),
			mk(2, "2024-09-01", co, pub, "情報公開について", "LockBitのリークサイトに当社情報が掲載されました。", "unauthorized_access"),
		}, [][]int64{{1, 2}}},
		{"same incident date", []Doc{
			mk(1, "2024-02-09", co, pub, "不正アクセスについて", "2024年2月5日に不正なアクセスを検知しました。", "unauthorized_access"),
			mk(2, "2024-07-01", co, pub, "不正アクセスについて", "2024年2月5日に検知した不正なアクセスについて。", "unauthorized_access"),
		}, [][]int64{{1, 2}}},
		{"overlapping types within the window", []Doc{
			mk(1, "2024-02-09", co, pub, "不正アクセスについて", "当社サーバーへの不正アクセス。", "unauthorized_access"),
			mk(2, "2024-03-15", co, pub, "お詫び", "当社サーバーへの不正アクセスにより。", "unauthorized_access", "ransomware"),
		}, [][]int64{{1, 2}}},
		{"two incidents years apart stay separate", []Doc{
			mk(1, "2022-05-10", co, pub, "不正ログインについて", "当社サイトへの不正ログインが発生しました。", "unauthorized_access"),
			mk(2, "2024-02-09", co, pub, "ランサムウェア被害について", "当社サーバーが暗号化されました。", "ransomware", "unauthorized_access"),
		}, [][]int64{{1}, {2}}},
		{"ransomware and a later misdelivery stay separate", []Doc{
			mk(1, "2024-02-09", co, pub, "ランサムウェア被害について", "当社サーバーが暗号化されました。", "ransomware"),
			mk(2, "2024-03-01", co, pub, "メール誤送信のお詫び", "2024年2月28日、メールを誤送信しました。", "misdelivery"),
		}, [][]int64{{1}, {2}}},
		{"same type, different incident dates", []Doc{
			mk(1, "2024-02-09", co, pub, "メール誤送信のお詫び", "2024年2月8日、メールを誤送信しました。", "misdelivery"),
			mk(2, "2024-04-01", co, pub, "メール誤送信のお詫び", "2024年3月29日、メールを誤送信しました。", "misdelivery"),
		}, [][]int64{{1}, {2}}},
		{"different attackers veto the type rule", []Doc{
			mk(1, "2024-02-09", co, pub, "ランサムウェア被害", "Akiraによる攻撃。", "ransomware"),
			mk(2, "2024-03-09", co, pub, "ランサムウェア被害", "BlackSuitによる攻撃。", "ransomware"),
		}, [][]int64{{1}, {2}}},
		{"different organisations never join", []Doc{
			mk(1, "2024-02-09", co, pub, "ランサムウェア", "LockBit", "ransomware"),
			mk(2, "2024-02-09", "株式会社アオバ物流", "アオバ物流", "ランサムウェア", "LockBit", "ransomware"),
		}, [][]int64{{1}, {2}}},
		{"legal forms do not matter", []Doc{
			mk(1, "2024-02-09", "株式会社ミナト精機", pub, "ランサムウェア", "当社", "ransomware"),
			mk(2, "2024-02-10", "ミナト精機株式会社", pub, "ランサムウェア（第2報）", "当社", "ransomware"),
			mk(3, "2024-02-12", "(株)ミナト精機", "セキュリティ新報", "ミナト精機にランサム攻撃", "同社は発表した。", "ransomware"),
		}, [][]int64{{1, 2, 3}}},
		{"brand and full name: a 当社 notice names its issuer", []Doc{
			mk(1, "2024-02-09", "MINATO", "MINATO", "ランサムウェア被害のお知らせ", "当社サーバーが暗号化されました。", "ransomware"),
			mk(2, "2024-02-20", "株式会社ミナト精機", "MINATO", "第2報", "当社は株式会社ミナト精機として調査を進めています。", "ransomware"),
			mk(3, "2024-02-12", "株式会社ミナト精機", "セキュリティ新報", "ミナト精機にランサム攻撃", "同社が発表した。", "ransomware"),
		}, [][]int64{{1, 2, 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := groups(Consolidate(tt.docs))
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("groups %v, want %v", got, tt.want)
			}
		})
	}
}

func TestIncidentFacts(t *testing.T) {
	docs := []Doc{
		mk(1, "2024-02-09", "株式会社ミナト精機", "ミナト精機", "ランサムウェア被害のお知らせ（第1報）",
			"2024年2月5日に当社サーバーが暗号化されていることを確認しました。", "ransomware", "unauthorized_access"),
		mk(2, "2024-02-12", "株式会社ミナト精機", "セキュリティ新報", "ミナト精機、LockBitが犯行声明",
			"LockBitがリークサイトで犯行声明を出したと同社が発表した。", "ransomware"),
		mk(3, "2024-03-01", "株式会社ミナト精機", "ミナト精機", "不正アクセスに関するお知らせ（最終報）",
			"調査の結果、LockBitによる攻撃と判明しました。", "unauthorized_access"),
	}
	docs[0].Counts = []Count{{Value: 20000, Counter: "件", Qualifier: "approx", Text: "約2万件"}}
	docs[2].Counts = []Count{{Value: 18204, Counter: "件", Text: "18,204件"}, {Value: 3, Counter: "台", Text: "3台"}}
	docs[0].Categories = []string{"name"}
	docs[2].Categories = []string{"name", "email"}
	ins := Consolidate(docs)
	if len(ins) != 1 {
		t.Fatalf("%d incidents, want 1", len(ins))
	}
	in := ins[0]
	check := func(what string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	check("victim", in.Victim, "株式会社ミナト精機")
	check("publisher", in.Publisher, "ミナト精機")
	check("types", in.Types, []string{"ransomware", "unauthorized_access"})
	check("categories", in.Categories, []string{"name", "email"})
	check("detected", in.Detected, "2024-02-05")
	check("first", in.FirstPublished, "2024-02-09")
	check("last", in.LastPublished, "2024-03-01")
	check("max", *in.MaxCount, 20000)
	check("latest", *in.LatestCount, 18204)
	check("revisions", len(in.Counts), 2)
	check("attackers", in.Attackers, []AttackerInfo{{Name: "LockBit", FirstNamed: "2024-02-12", Claimed: true, Confirmed: true}})
	var roles []string
	for _, m := range in.Documents {
		roles = append(roles, m.Role)
	}
	check("roles", roles, []string{RoleReport, RoleNews, RoleFollowUp})
	r, n := in.Reports()
	check("reports", r, 2)
	check("news", n, 1)
}

func TestResolveVictim(t *testing.T) {
	tests := []struct {
		name, title, text, found, publisher string
		victim, source                      string
	}{
		{"named in the text", "お知らせ", "株式会社アオバは…", "株式会社アオバ", "アオバ", "株式会社アオバ", VictimFromText},
		{"当社 only", "お知らせ", "当社サーバーへの不正アクセスについて", "", "ミナト精機", "ミナト精機", VictimFromPublisher},
		{"本市 only", "お知らせ", "本市職員がUSBメモリを紛失しました", "", "みなと市", "みなと市", VictimFromPublisher},
		{"本県", "お知らせ", "本県の委託先で誤送信がありました", "", "架空県", "架空県", VictimFromPublisher},
		{"no name at all", "お知らせ", "不正アクセスが発生しました。", "", "ミナト精機", "ミナト精機", VictimFromPublisher},
		{"a fragment is no name", "お知らせ", "当社サーバーへの不正アクセス", "株式会社の名前", "ミナト精機", "ミナト精機", VictimFromPublisher},
		{"a brand in a 当社 notice stays", "お知らせ", "当社アオバ精機のサーバー", "アオバ精機", "アオバ精機株式会社", "アオバ精機", VictimFromText},
		{"a subsidiary with its legal form stays", "お知らせ", "当社グループのときわ野計測株式会社", "ときわ野計測株式会社", "ときわ野HD", "ときわ野計測株式会社", VictimFromText},
		{"news: the subject before は", "攻撃を受ける", "精密部品メーカーのアオバ精機株式会社は5月10日、攻撃を受けたと発表した。",
			"株式会社は5月10日", "サイバー速報", "アオバ精機株式会社", VictimFromText},
		{"news: a city as subject", "USBメモリ紛失", "みなと市は2月1日、職員がUSBメモリを紛失したと発表した。", "", "日報", "みなと市", VictimFromText},
		{"news: the first name with a legal form", "犯行声明", "攻撃グループ「LockBit」が、リークサイトにアオバ精機株式会社の名前を掲載したと同社が明らかにした。",
			"", "日報", "アオバ精機株式会社", VictimFromText},
		{"news: the headline's subject", "みなと市、USBメモリを紛失", "職員がUSBメモリを紛失したと発表した。", "", "日報", "みなと市", VictimFromText},
		{"news: nobody named", "不正アクセス相次ぐ", "同社によると、サーバーが暗号化された。", "", "セキュリティ新報", "", ""},
		{"no publisher known", "お知らせ", "当社サーバー", "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, s := ResolveVictim(tt.title, tt.text, tt.found, tt.publisher)
			if v != tt.victim || s != tt.source {
				t.Errorf("ResolveVictim = %q, %q; want %q, %q", v, s, tt.victim, tt.source)
			}
		})
	}
}

func TestKey(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"株式会社ミナト精機", "ミナト精機"},
		{"ミナト精機株式会社", "ミナト精機"},
		{"㈱ミナト精機", "ミナト精機"},
		{"（株）ミナト 精機", "ミナト精機"},
		{"医療法人社団　青葉会", "青葉会"},
		{"霞ヶ浦市", "霞ケ浦市"},
		{"ＡＯＢＡ Inc", "aobainc"},
	} {
		if got := Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCause(t *testing.T) {
	for _, tt := range []struct {
		types []string
		want  string
	}{
		{[]string{"misdelivery", "ransomware"}, CauseCyber},
		{[]string{"loss"}, CauseLoss},
		{[]string{"insider"}, CauseTheft},
		{[]string{"misconfiguration"}, CauseMisdeliver},
		{nil, CauseOther},
	} {
		if got := Cause(tt.types); got != tt.want {
			t.Errorf("Cause(%v) = %s, want %s", tt.types, got, tt.want)
		}
	}
}

func TestContinues(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"不正アクセスについて（第2報）", true},
		{"第 ３ 報", true},
		{"第十一報", true},
		{"第1報", false},
		{"第一報", false},
		{"個人情報の流出について", false},
		{"ランサムウェア被害に関する続報", true},
		{"調査結果のご報告（最終報）", true},
		{"先般のお知らせについて", true},
		{"報告書の公開", false},
	} {
		if got := continues(tt.s); got != tt.want {
			t.Errorf("continues(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestFollowersWithoutTypes(t *testing.T) {
	const co, pub = "株式会社ミナト精機", "ミナト精機"
	leak := mk(2, "2024-04-30", co, pub, "システム障害の復旧について", "2024年4月10日にお知らせいたしました障害について、流出の可能性が判明しました。")
	leak.Types = nil
	leak.Categories = []string{"name"}
	lone := mk(3, "2024-06-01", co, pub, "個人情報の取り扱いについて", "お客様の氏名を適切に管理します。")
	lone.Types = nil
	lone.Categories = []string{"name"}
	docs := []Doc{
		mk(1, "2024-04-10", co, pub, "ランサムウェア被害（第1報）", "当社システムが暗号化されました。", "ransomware"),
		leak, lone,
	}
	got := groups(Consolidate(docs))
	if want := [][]int64{{1, 2}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("groups %v, want %v", got, want)
	}
}
