package corpus

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kohyo-dev/kohyo/extract"
)

// simpleResult is a hand-made extraction: a victim, a date line, types.
func simpleResult(victim, published string, types ...string) *extract.Result {
	r := &extract.Result{Published: published, PublishedSource: extract.PublishedDocument, IncidentTypes: types}
	if victim != "" {
		r.Victim = &victim
	}
	return r
}

// incidentIDs maps each incident's sorted document ids to its id.
func incidentIDs(t *testing.T, db *DB) map[string]int64 {
	t.Helper()
	ins, err := db.Incidents(context.Background(), IncidentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, in := range ins {
		var ids []int64
		for _, m := range in.Documents {
			ids = append(ids, m.DocID)
		}
		slices.Sort(ids)
		out[fmt.Sprint(ids)] = in.ID
	}
	return out
}

func TestConsolidateKeepsIDs(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	store := func(url, title, text string, res *extract.Result) int64 {
		t.Helper()
		st, err := db.StoreDocument(ctx, testDoc(url, title, text), res)
		if err != nil {
			t.Fatal(err)
		}
		return st.ID
	}
	consolidate := func() ConsolidateStats {
		t.Helper()
		st, err := db.Consolidate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	const co = "株式会社みなと精機"
	d1 := store(breachURL, breachTitle, breachText, breachResult(t))
	d2 := store("https://www.example.co.jp/info/2.html", "不正アクセスについて（第2報）", "第2報です。",
		simpleResult(co, "2024-03-25", "ransomware"))
	d3 := store("https://www.example.co.jp/info/3.html", "メール誤送信のお詫び", "メールを誤送信しました。",
		simpleResult("みなと精機株式会社", "2024-05-10", "misdelivery"))

	st := consolidate()
	if st.Incidents != 2 || st.Documents != 3 || st.Kept != 0 {
		t.Fatalf("first consolidation: %+v", st)
	}
	first := incidentIDs(t, db)
	ransom, misdeliv := first[fmt.Sprint([]int64{d1, d2})], first[fmt.Sprint([]int64{d3})]
	if ransom == 0 || misdeliv == 0 {
		t.Fatalf("groups %v", first)
	}

	// Nothing changed: the same ids.
	if st := consolidate(); st.Kept != 2 {
		t.Errorf("second consolidation kept %d ids", st.Kept)
	}
	if got := incidentIDs(t, db); fmt.Sprint(got) != fmt.Sprint(first) {
		t.Errorf("ids changed: %v, was %v", got, first)
	}

	// A new follow-up joins the ransomware case, which keeps its id.
	d4 := store("https://www.example.co.jp/info/4.html", "調査結果のご報告", "最終報です。",
		simpleResult(co, "2024-06-01", "unauthorized_access"))
	consolidate()
	if got := incidentIDs(t, db)[fmt.Sprint([]int64{d1, d2, d4})]; got != ransom {
		t.Errorf("after a follow-up: id %d, want %d (%v)", got, ransom, incidentIDs(t, db))
	}

	// A notice changed into no incident leaves its incident, which goes.
	if _, err := db.StoreDocument(ctx, testDoc("https://www.example.co.jp/info/3.html", "お知らせ", "新製品のお知らせ"),
		simpleResult(co, "2024-05-10")); err != nil {
		t.Fatal(err)
	}
	consolidate()
	got := incidentIDs(t, db)
	if len(got) != 1 || got[fmt.Sprint([]int64{d1, d2, d4})] != ransom {
		t.Errorf("after a changed notice: %v", got)
	}

	// A notice deleted from its site (404) leaves its incident.
	if err := db.RecordFetchError(ctx, "https://www.example.co.jp/info/2.html", 404, time.Now(),
		errors.New("https://www.example.co.jp/info/2.html: http status 404")); err != nil {
		t.Fatal(err)
	}
	consolidate()
	if got := incidentIDs(t, db); got[fmt.Sprint([]int64{d1, d4})] != ransom || len(got) != 1 {
		t.Errorf("after a deleted notice: %v", got)
	}

	// A new incident never takes a retired id.
	store("https://www.example.co.jp/info/5.html", "USBメモリ紛失のお詫び", "紛失しました。",
		simpleResult(co, "2025-01-10", "loss"))
	consolidate()
	for k, id := range incidentIDs(t, db) {
		if id == misdeliv {
			t.Errorf("incident %s reuses retired id %d", k, id)
		}
	}
}

func TestIncidentsReadBack(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	if _, err := db.StoreDocument(ctx, testDoc(breachURL, breachTitle, breachText), breachResult(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.StoreDocument(ctx, testDoc("https://news.example.jp/a/1", "みなと精機にランサム攻撃", "同社が発表した。"),
		simpleResult("株式会社みなと精機", "2024-03-16", "ransomware")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Consolidate(ctx); err != nil {
		t.Fatal(err)
	}
	ins, err := db.Incidents(ctx, IncidentFilter{Type: "ransomware", Attacker: "lockbit", Victim: "みなと精機", Since: "2024-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 1 {
		t.Fatalf("%d incidents", len(ins))
	}
	in := ins[0]
	if in.Victim != "株式会社みなと精機" || len(in.Documents) != 2 || in.Detected != "2024-03-01" ||
		in.MaxCount == nil || *in.MaxCount != 60000 || len(in.Attackers) != 1 || len(in.Counts) != 1 {
		t.Errorf("incident %+v", in)
	}
	if none, _ := db.Incidents(ctx, IncidentFilter{Until: "2023-12-31"}); len(none) != 0 {
		t.Errorf("until filter: %d", len(none))
	}
	if _, err := db.Incident(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing incident: %v", err)
	}
	rows, err := db.Stats(ctx, "cause", IncidentFilter{})
	if err != nil || len(rows) != 1 || rows[0].Key != "不正アクセス・ウイルス感染" || rows[0].Records != 60000 {
		t.Errorf("stats: %+v %v", rows, err)
	}
	if _, err := db.Stats(ctx, "weekday", IncidentFilter{}); !errors.Is(err, ErrBadStatsBy) {
		t.Errorf("bad grouping: %v", err)
	}
}

// A site whose articles name other organisations and never say 当社 is a
// news outlet: an article of it that names nobody does not make the
// outlet a victim, while a company's 当社 notice takes its publisher.
func TestVictimFromPublisherNotForOutlets(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	store := func(url, text string, res *extract.Result) int64 {
		t.Helper()
		doc := testDoc(url, "見出し", text)
		doc.Publisher, doc.PublisherSource = "テスト新報", "og_site_name"
		if strings.Contains(url, "aoba") {
			doc.Publisher = "アオバ精機"
		}
		st, err := db.StoreDocument(ctx, doc, res)
		if err != nil {
			t.Fatal(err)
		}
		return st.ID
	}
	for i, org := range []string{"株式会社アオバ精機", "株式会社ヒバリ運輸", "みなと市"} {
		store(fmt.Sprintf("https://news.example/%d.html", i), org+"のサーバーが暗号化された。", simpleResult(org, "2024-05-1"+fmt.Sprint(i), "ransomware"))
	}
	quiet := store("https://news.example/9.html", "サーバーが暗号化され、業務が止まった。", simpleResult("", "2024-05-20", "ransomware"))
	notice := store("https://aoba.example/1.html", "当社サーバーが暗号化されました。", simpleResult("", "2024-05-21", "ransomware"))
	if _, err := db.Consolidate(ctx); err != nil {
		t.Fatal(err)
	}
	if v := str(t, db, `SELECT coalesce(victim, '') FROM documents WHERE id = ?`, quiet); v != "" {
		t.Errorf("the outlet's own article has victim %q", v)
	}
	if v := str(t, db, `SELECT coalesce(victim, '') || ' ' || coalesce(victim_source, '') FROM documents WHERE id = ?`, notice); v != "アオバ精機 publisher" {
		t.Errorf("the 当社 notice has victim %q", v)
	}
}
