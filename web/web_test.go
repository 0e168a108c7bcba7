package web

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/crawler/page"
	"github.com/kohyo-dev/kohyo/extract"
)

// Fictional announcements of an invented company, written for these tests.
const (
	report1Title = "ランサムウェア被害に関するお知らせ（第1報）"
	report1Text  = `2024年3月15日
株式会社みなと精機

2024年3月1日、当社サーバーがランサムウェア「LockBit」による攻撃を受け、
会員約6万件の氏名、住所が漏えいした可能性があります。`

	report2Title = "ランサムウェア被害に関するお知らせ（第2報）"
	report2Text  = `2024年4月20日
株式会社みなと精機

調査の結果、漏えいした可能性のある情報は58,210件と判明しました。`

	// A page whose title and text carry markup: both must show as text.
	evilTitle = `<script>alert("title")</script>誤送信のお詫び`
	evilText  = `2023年11月2日
<b>あおば</b>商事株式会社

メールの誤送信により<img src=x onerror=alert(1)>12名のメールアドレスが閲覧可能な状態となりました。`

	newsTitle = "新製品発売のお知らせ"
	newsText  = `2024年5月1日
株式会社みなと精機

新しい精密部品シリーズを発売します。`
)

// span finds the first occurrence of s in text, in code points.
func span(t testing.TB, text, s string) extract.Span {
	t.Helper()
	r, want := []rune(text), []rune(s)
	for i := 0; i+len(want) <= len(r); i++ {
		if string(r[i:i+len(want)]) == s {
			return extract.Span{Text: s, Start: i, End: i + len(want)}
		}
	}
	t.Fatalf("%q not in text", s)
	return extract.Span{}
}

type fixtureDoc struct {
	path, title, text, published string
	result                       func(t testing.TB, text string) *extract.Result
}

func victim(t testing.TB, text, name string) (*string, *extract.Span) {
	s := span(t, text, name)
	return &name, &s
}

var fixture = []fixtureDoc{
	{"/info/0315.html", report1Title, report1Text, "2024-03-15", func(t testing.TB, text string) *extract.Result {
		v, vs := victim(t, text, "株式会社みなと精機")
		return &extract.Result{
			Dates: []extract.Date{
				{Value: "2024-03-15", Precision: extract.Day, Span: span(t, text, "2024年3月15日")},
				{Value: "2024-03-01", Precision: extract.Day, Span: span(t, text, "2024年3月1日")},
			},
			Counts:        []extract.Count{{Value: 60000, Counter: "件", Qualifier: extract.QualApprox, Span: span(t, text, "約6万件")}},
			Attackers:     []extract.Attacker{{Name: "LockBit", Known: true, Kind: "ransomware", Span: span(t, text, "LockBit")}},
			Categories:    []extract.Category{{Category: "name", Span: span(t, text, "氏名")}, {Category: "address", Span: span(t, text, "住所")}},
			IncidentTypes: []string{"ransomware"},
			IncidentCues:  []extract.Evidence{{Type: "ransomware", Span: span(t, text, "ランサムウェア")}},
			Victim:        v, VictimSpan: vs,
		}
	}},
	{"/info/0420.html", report2Title, report2Text, "2024-04-20", func(t testing.TB, text string) *extract.Result {
		v, vs := victim(t, text, "株式会社みなと精機")
		return &extract.Result{
			Dates:         []extract.Date{{Value: "2024-04-20", Precision: extract.Day, Span: span(t, text, "2024年4月20日")}},
			Counts:        []extract.Count{{Value: 58210, Counter: "件", Span: span(t, text, "58,210件")}},
			IncidentTypes: []string{"ransomware"},
			Victim:        v, VictimSpan: vs,
		}
	}},
	{"/info/1102.html", evilTitle, evilText, "2023-11-02", func(t testing.TB, text string) *extract.Result {
		v, vs := victim(t, text, "<b>あおば</b>商事株式会社")
		return &extract.Result{
			Dates:         []extract.Date{{Value: "2023-11-02", Precision: extract.Day, Span: span(t, text, "2023年11月2日")}},
			Counts:        []extract.Count{{Value: 12, Counter: "名", Span: span(t, text, "12名")}},
			Categories:    []extract.Category{{Category: "email", Span: span(t, text, "メールアドレス")}},
			IncidentTypes: []string{"misdelivery", "misconfiguration"},
			IncidentCues: []extract.Evidence{
				{Type: "misdelivery", Span: span(t, text, "誤送信")},
				{Type: "misconfiguration", Span: span(t, text, "閲覧可能な状態")},
			},
			Victim: v, VictimSpan: vs,
		}
	}},
	{"/info/0501.html", newsTitle, newsText, "2024-05-01", func(t testing.TB, text string) *extract.Result {
		return &extract.Result{Dates: []extract.Date{{Value: "2024-05-01", Precision: extract.Day, Span: span(t, text, "2024年5月1日")}}}
	}},
}

const fixtureSite = "https://www.minato-seiki.example"

// buildCorpus writes the fixture into a new corpus file and returns its
// path and the document ids by fixture path.
func buildCorpus(t testing.TB) (string, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kohyo.db")
	db, err := corpus.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ids := map[string]int64{}
	for _, f := range fixture {
		pub, _ := time.Parse(time.DateOnly, f.published)
		doc := &page.Document{URL: fixtureSite + f.path, FinalURL: fixtureSite + f.path, Status: 200,
			ContentType: "text/html", Charset: "utf-8", Title: f.title, Text: f.text, Published: pub,
			PublishedSource: "meta", SHA256: f.path, FetchedAt: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)}
		res := f.result(t, f.text)
		res.Published, res.PublishedSource = f.published, extract.PublishedGiven
		st, err := db.StoreDocument(ctx, doc, res)
		if err != nil {
			t.Fatal(err)
		}
		ids[f.path] = st.ID
	}
	consolidate(t, db)
	return path, ids
}

// consolidate groups documents into incidents, as a crawl does after
// storing pages.
func consolidate(t testing.TB, db *corpus.DB) {
	t.Helper()
	if _, err := db.Consolidate(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// execSQL runs statements on the corpus file, outside kohyo.
func execSQL(t testing.TB, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%.80s: %v", q, err)
		}
	}
}

func hasTable(t testing.TB, path, name string) bool {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

// toPerDocument gives the corpus the layout before consolidation: no
// incident tables, one incident per document through the view.
func toPerDocument(t testing.TB, path string) {
	t.Helper()
	if hasTable(t, path, "incident_documents") {
		execSQL(t, path, `DROP TABLE incident_counts`, `DROP TABLE incident_attackers`,
			`DROP TABLE incident_documents`, `DROP TABLE incidents`)
	}
}

// incidentOf returns the id of the incident a document belongs to.
func incidentOf(t testing.TB, ts *httptest.Server, docID int64) string {
	t.Helper()
	var d Document
	getJSON(t, ts, "/api/documents/"+itoa(docID), &d)
	if len(d.Incidents) != 1 {
		t.Fatalf("document %d belongs to incidents %v", docID, d.Incidents)
	}
	return itoa(d.Incidents[0])
}

// newTestServer opens path read-only and serves it.
func newTestServer(t testing.TB, path string) (*Server, *httptest.Server) {
	t.Helper()
	db, err := corpus.Open(context.Background(), path, corpus.ReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := New(db, WithName("test.db"))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

func get(t testing.TB, ts *httptest.Server, path string) (int, string) {
	t.Helper()
	resp, err := ts.Client().Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func getJSON(t testing.TB, ts *httptest.Server, path string, v any) {
	t.Helper()
	code, body := get(t, ts, path)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, code, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

func TestRoutesStatus(t *testing.T) {
	path, ids := buildCorpus(t)
	_, ts := newTestServer(t, path)
	evil := ids["/info/1102.html"]
	evilIncident := incidentOf(t, ts, evil)
	for _, c := range []struct {
		path string
		want int
	}{
		{"/", 200},
		{"/?year=2024&type=ransomware&attacker=lockbit&victim=みなと", 200},
		{"/?page=2", 200},
		{"/incidents/" + evilIncident, 200},
		{"/documents/" + itoa(evil), 200},
		{"/search?q=" + "メールアドレス", 200},
		{"/search", 200},
		{"/stats", 200},
		{"/stats?since=2024-01-01", 200},
		{"/api/incidents", 200},
		{"/api/incidents/" + evilIncident, 200},
		{"/api/documents/" + itoa(evil), 200},
		{"/api/stats", 200},
		{"/static/style.css", 200},
		{"/favicon.ico", 200}, // redirected to the icon
		// Bad ids are not found.
		{"/documents/999999", 404},
		{"/documents/abc", 404},
		{"/documents/-1", 404},
		{"/documents/0", 404},
		{"/documents/1.5", 404},
		{"/incidents/999999", 404},
		{"/api/documents/999999", 404},
		{"/api/incidents/x", 404},
		{"/no/such/page", 404},
		// Bad filters are bad requests.
		{"/?year=abc", 400},
		{"/?year=20245", 400},
		{"/?type=Ransom%20ware", 400},
		{"/?page=0", 400},
		{"/?page=x", 400},
		{"/?since=2024-13-01", 400},
		{"/?since=2024-05-01&until=2024-01-01", 400},
		{"/?victim=" + strings.Repeat("x", 201), 400},
		{"/api/incidents?year=abc", 400},
		{"/api/stats?until=yesterday", 400},
		{"/search?q=%E3%80%82%E3%80%82", 400}, // 。。: no words
		{"/search?q=a&mode=fuzzy", 400},
	} {
		if code, body := get(t, ts, c.path); code != c.want {
			t.Errorf("GET %s: status %d, want %d\n%.300s", c.path, code, c.want, body)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestNoWriteEndpoints: every method but GET and HEAD is refused.
func TestNoWriteEndpoints(t *testing.T) {
	path, ids := buildCorpus(t)
	_, ts := newTestServer(t, path)
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		for _, p := range []string{"/", "/api/incidents", "/documents/" + itoa(ids["/info/0315.html"]), "/search?q=x"} {
			req, _ := http.NewRequest(m, ts.URL+p, strings.NewReader("x=1"))
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: %d, want 405", m, p, resp.StatusCode)
			}
		}
	}
	req, _ := http.NewRequest(http.MethodHead, ts.URL+"/stats", nil)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("HEAD /stats: %d, CSP %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
}

// TestEscaping: markup in a crawled title, text and victim shows as text
// on every page that shows them, and in the report.
func TestEscaping(t *testing.T) {
	path, ids := buildCorpus(t)
	s, ts := newTestServer(t, path)
	id := itoa(ids["/info/1102.html"])
	pages := map[string]string{}
	for _, p := range []string{"/", "/incidents/" + incidentOf(t, ts, ids["/info/1102.html"]), "/documents/" + id, "/search?q=誤送信", "/?victim=%3Cb%3E"} {
		code, body := get(t, ts, p)
		if code != 200 {
			t.Fatalf("GET %s: %d", p, code)
		}
		pages[p] = body
	}
	var rep bytes.Buffer
	if err := s.WriteReport(context.Background(), &rep, Filter{}, time.Now()); err != nil {
		t.Fatal(err)
	}
	pages["report"] = rep.String()
	for p, body := range pages {
		for _, bad := range []string{"<script", "<img", "<b>あおば", "onerror=alert"} {
			if strings.Contains(body, bad) && !(bad == "onerror=alert" && strings.Contains(body, "&lt;img src=x onerror=alert(1)&gt;")) {
				t.Errorf("%s contains unescaped %q", p, bad)
			}
		}
	}
	doc := pages["/documents/"+id]
	for _, want := range []string{
		`&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;誤送信のお詫び`,
		`&lt;img src=x onerror=alert(1)&gt;`,
		`<mark data-field="victim" data-m="victim-0" title="&lt;b&gt;あおば&lt;/b&gt;商事株式会社">&lt;b&gt;あおば&lt;/b&gt;商事株式会社</mark>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document page lacks %s", want)
		}
	}
}

func TestIncidentsPerDocument(t *testing.T) {
	path, ids := buildCorpus(t)
	toPerDocument(t, path)
	_, ts := newTestServer(t, path)
	if code, _ := get(t, ts, "/incidents/"+itoa(ids["/info/0501.html"])); code != 404 {
		t.Errorf("a document without incident type is an incident: %d", code)
	}
	var l IncidentList
	getJSON(t, ts, "/api/incidents", &l)
	if l.Layout != LayoutDocuments || l.Total != 3 || len(l.Incidents) != 3 {
		t.Fatalf("layout %q, %d incidents, want documents and 3: %+v", l.Layout, l.Total, l)
	}
	// Newest first.
	if l.Incidents[0].ID != ids["/info/0420.html"] || l.Incidents[2].ID != ids["/info/1102.html"] {
		t.Errorf("order: %+v", l.Incidents)
	}
	for _, c := range []struct {
		query string
		want  int
	}{
		{"year=2024", 2},
		{"year=2023", 1},
		{"type=ransomware", 2},
		{"type=theft", 0},
		{"attacker=lockbit", 1},
		{"victim=みなと", 2},
		{"victim=" + "あおば", 1},
		{"since=2024-04-01", 1},
		{"until=2024-03-15", 2},
		{"year=2024&attacker=LockBit&type=ransomware", 1},
	} {
		var l IncidentList
		getJSON(t, ts, "/api/incidents?"+c.query, &l)
		if l.Total != c.want || len(l.Incidents) != c.want {
			t.Errorf("%s: %d incidents, want %d", c.query, l.Total, c.want)
		}
	}
	var d IncidentDetail
	getJSON(t, ts, "/api/incidents/"+itoa(ids["/info/0315.html"]), &d)
	if len(d.Timeline) != 1 || len(d.Counts) != 1 || d.Counts[0].Value != 60000 || len(d.AttackerInfo) != 1 {
		t.Errorf("detail: %+v", d)
	}
}

// TestIncidentsConsolidated: with consolidated incidents the list has one
// row per incident and the timeline every report in order.
func TestIncidentsConsolidated(t *testing.T) {
	path, ids := buildCorpus(t)
	setIncidents(t, path, ids)
	_, ts := newTestServer(t, path)
	var l IncidentList
	getJSON(t, ts, "/api/incidents", &l)
	if l.Layout != LayoutIncidents || l.Total != 2 {
		t.Fatalf("layout %q, %d incidents, want incidents and 2", l.Layout, l.Total)
	}
	if in := l.Incidents[0]; in.ID != 100 || in.Documents != 2 || in.FirstPublished != "2024-03-15" ||
		in.LastPublished != "2024-04-20" || in.Title != report1Title {
		t.Errorf("first incident: %+v", in)
	}
	var d IncidentDetail
	getJSON(t, ts, "/api/incidents/100", &d)
	if len(d.Timeline) != 2 || d.Timeline[0].DocID != ids["/info/0315.html"] || d.Timeline[1].Role != "follow-up" {
		t.Errorf("timeline: %+v", d.Timeline)
	}
	if len(d.Counts) != 2 || d.Counts[0].Value != 60000 || d.Counts[1].Value != 58210 || d.Counts[0].Text != "約6万件" {
		t.Errorf("count revisions: %+v", d.Counts)
	}
	if len(d.AttackerInfo) != 1 || !d.AttackerInfo[0].Confirmed || d.AttackerInfo[0].FirstNamed != "2024-03-15" {
		t.Errorf("attackers: %+v", d.AttackerInfo)
	}
	code, body := get(t, ts, "/incidents/100")
	if code != 200 || !strings.Contains(body, "58,210") || !strings.Contains(body, report2Title) ||
		!strings.Contains(body, "2 (本人の報告 2, 報道 0)") {
		t.Errorf("incident page: %d", code)
	}
	var doc Document
	getJSON(t, ts, "/api/documents/"+itoa(ids["/info/0420.html"]), &doc)
	if len(doc.Incidents) != 1 || doc.Incidents[0] != 100 || doc.Publisher != "株式会社みなと精機" || doc.Kind != "article" {
		t.Errorf("document: incidents %v, publisher %q, kind %q", doc.Incidents, doc.Publisher, doc.Kind)
	}
	if code, _ := get(t, ts, "/incidents/"+itoa(ids["/info/0315.html"])); code != 404 {
		t.Errorf("a document id is not an incident id once incidents exist: %d", code)
	}
	var st Stats
	getJSON(t, ts, "/api/stats", &st)
	if st.Layout != LayoutIncidents || st.Incidents != 2 || len(st.RecordsPerYear) != 2 || st.RecordsPerYear[1].N != 60000 {
		t.Errorf("stats: %+v", st)
	}
}

// setIncidents replaces the consolidated incidents: the two reports form
// incident 100, the misdelivery 101.
func setIncidents(t *testing.T, path string, ids map[string]int64) {
	t.Helper()
	// Replace the consolidation's grouping by the test's own.
	ddl := `DELETE FROM incident_counts; DELETE FROM incident_attackers;
		DELETE FROM incident_documents; DELETE FROM incidents;`
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := "2024-06-01T00:00:00Z"
	for _, q := range []struct {
		q    string
		args []any
	}{
		{ddl, nil},
		{`UPDATE documents SET publisher = '株式会社みなと精機', kind = 'article'`, nil},
		{`INSERT INTO incidents (id, victim, victim_key, types, attackers, categories, first_published, last_published,
			max_count, latest_count, documents, reports, news, updated_at)
			VALUES (100, '株式会社みなと精機', 'みなと精機', 'ransomware', 'LockBit', 'name,address', '2024-03-15', '2024-04-20',
			60000, 58210, 2, 2, 0, ?), (101, 'あおば商事株式会社', 'あおば商事', 'misdelivery,misconfiguration', '', 'email',
			'2023-11-02', '2023-11-02', 12, 12, 1, 1, 0, ?)`, []any{now, now}},
		{`INSERT INTO incident_documents (incident_id, doc_id, role) VALUES (100, ?, 'report'), (100, ?, 'follow-up'), (101, ?, 'report')`,
			[]any{ids["/info/0315.html"], ids["/info/0420.html"], ids["/info/1102.html"]}},
		{`INSERT INTO incident_attackers (incident_id, name, first_named, claimed, confirmed) VALUES (100, 'LockBit', '2024-03-15', 0, 1)`, nil},
		{`INSERT INTO incident_counts (incident_id, doc_id, published, value, qualifier, text)
			VALUES (100, ?, '2024-03-15', 60000, 'approx', '約6万件'), (100, ?, '2024-04-20', 58210, '', '58,210件')`,
			[]any{ids["/info/0315.html"], ids["/info/0420.html"]}},
	} {
		if _, err := db.Exec(q.q, q.args...); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDocumentMentionsJSON(t *testing.T) {
	path, ids := buildCorpus(t)
	_, ts := newTestServer(t, path)
	var d Document
	getJSON(t, ts, "/api/documents/"+itoa(ids["/info/0315.html"]), &d)
	runes := []rune(d.Text)
	got := map[string]int{}
	for _, m := range d.Mentions {
		got[m.Field]++
		if string(runes[m.Start:m.End]) != m.Text {
			t.Errorf("%s %q: offsets %d-%d give %q", m.Field, m.Text, m.Start, m.End, string(runes[m.Start:m.End]))
		}
	}
	want := map[string]int{"dates": 2, "counts": 1, "attackers": 1, "categories": 2, "incident_types": 1, "victim": 1}
	for f, n := range want {
		if got[f] != n {
			t.Errorf("%s: %d mentions, want %d", f, got[f], n)
		}
	}
}

func TestReport(t *testing.T) {
	path, _ := buildCorpus(t)
	s, _ := newTestServer(t, path)
	var b bytes.Buffer
	if err := s.WriteReport(context.Background(), &b, Filter{Since: "2024-01-01"}, time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, bad := range []string{"<script", "<link", "src=", "@import", "url("} {
		if strings.Contains(html, bad) {
			t.Errorf("report is not self-contained: contains %q", bad)
		}
	}
	if n := strings.Count(html, "<svg"); n != 5 {
		t.Errorf("report has %d charts, want 5", n)
	}
	if !strings.Contains(html, report1Title) || strings.Contains(html, "誤送信のお詫び") {
		t.Error("report's incident table does not follow --since")
	}
	if !strings.Contains(html, `class="axis-label x-label"`) || !strings.Contains(html, "published since 2024-01-01") {
		t.Error("report lacks axis labels or its period")
	}
}

func TestHTTPServerTimeouts(t *testing.T) {
	path, _ := buildCorpus(t)
	s, _ := newTestServer(t, path)
	srv := s.HTTPServer()
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 || srv.MaxHeaderBytes <= 0 {
		t.Errorf("a server limit is unset: %+v", srv)
	}
	ts := httptest.NewServer(srv.Handler)
	defer ts.Close()
	if code, _ := get(t, ts, "/stats"); code != 200 {
		t.Errorf("/stats through the timeout handler: %d", code)
	}
}
