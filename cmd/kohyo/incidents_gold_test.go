package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kohyo-dev/kohyo/incident"
)

// goldSite is one fictional site of testdata/incidents/sites.json.
type goldSite struct {
	gone sync.Map // path → true: answered 404 (a notice taken down)

	Host   string     `json:"host"`
	Name   string     `json:"name"`
	Layout string     `json:"layout"`
	Seed   string     `json:"seed"`
	Pages  []goldPage `json:"pages"`
}

type goldPage struct {
	Path      string   `json:"path"`
	Title     string   `json:"title"`
	Published string   `json:"published"`
	Kind      string   `json:"kind"`
	Incident  string   `json:"incident"`
	Victim    string   `json:"victim"`
	Body      string   `json:"body"`
	Listing   []string `json:"listing"`
}

func loadGoldSites(t testing.TB, file string) []goldSite {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "incidents", file))
	if err != nil {
		t.Fatal(err)
	}
	var sites []goldSite
	if err := json.Unmarshal(b, &sites); err != nil {
		t.Fatal(err)
	}
	return sites
}

// render builds a page the way each fictional site's template does: the
// publisher's name only in the title suffix, og:site_name, JSON-LD or the
// footer, never in the main text of a 当社/本市 notice.
func (s *goldSite) render(p *goldPage) string {
	byPath := map[string]*goldPage{}
	for i := range s.Pages {
		byPath[s.Pages[i].Path] = &s.Pages[i]
	}
	esc := html.EscapeString
	title := p.Title
	var head, foot string
	switch s.Layout {
	case "company":
		if p.Path != "/" {
			title += "｜" + s.Name
		}
		head = `<meta property="og:site_name" content="` + esc(s.Name) + `">`
		foot = "© 2024 " + s.Name + "株式会社 All Rights Reserved."
	case "city":
		if p.Path != "/" {
			title += " - " + s.Name
		}
		foot = "Copyright © " + s.Name + " All Rights Reserved."
	case "news1":
		title += " | " + s.Name
		head = `<meta property="og:site_name" content="` + esc(s.Name) + `">`
		if p.Published != "" {
			head += `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"` +
				esc(p.Title) + `","datePublished":"` + p.Published + `","publisher":{"@type":"Organization","name":"` + esc(s.Name) + `"}}</script>`
		}
		foot = "© " + s.Name
	case "news2":
		if p.Path != "/" {
			title += " | " + s.Name
		}
		foot = "© 2024 " + s.Name
	}
	if p.Published != "" && s.Layout != "city" {
		head += `<meta property="article:published_time" content="` + p.Published + `T09:00:00+09:00">`
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>%s</title>%s</head><body>\n", esc(title), head)
	fmt.Fprintf(&b, "<header><a href=\"/\">ホーム</a> <nav><a href=\"%s\">お知らせ</a> <a href=\"/company/\">会社概要</a></nav></header>\n<main>\n", s.Seed)
	fmt.Fprintf(&b, "<h1>%s</h1>\n", esc(p.Title))
	if p.Published != "" && s.Layout != "city" {
		fmt.Fprintf(&b, "<p><time datetime=\"%s\">%s</time></p>\n", p.Published, strings.ReplaceAll(p.Published, "-", "."))
	}
	if len(p.Listing) > 0 {
		b.WriteString("<ul class=\"list\">\n")
		for _, l := range p.Listing {
			q := byPath[l]
			date, t := "", l
			if q != nil {
				date, t = q.Published, q.Title
			}
			fmt.Fprintf(&b, "<li><span class=\"date\">%s</span> <a href=\"%s\">%s</a></li>\n", date, l, esc(t))
		}
		b.WriteString("</ul>\n")
	}
	for _, para := range strings.Split(p.Body, "\n") {
		if para != "" {
			fmt.Fprintf(&b, "<p>%s</p>\n", esc(para))
		}
	}
	fmt.Fprintf(&b, "</main>\n<footer><p><a href=\"/company/\">会社概要</a> <a href=\"/privacy/\">プライバシーポリシー</a></p><p class=\"copyright\">%s</p></footer>\n</body></html>\n", esc(foot))
	return b.String()
}

func (s *goldSite) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
			return
		}
		if _, gone := s.gone.Load(r.URL.Path); gone {
			http.NotFound(w, r)
			return
		}
		for i := range s.Pages {
			if s.Pages[i].Path == r.URL.Path {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				fmt.Fprint(w, s.render(&s.Pages[i]))
				return
			}
		}
		http.NotFound(w, r)
	})
}

// serveGoldSites starts every site on its own loopback address; the
// returned map takes a site's host to its base URL.
func serveGoldSites(t testing.TB, sites []goldSite) map[string]string {
	t.Helper()
	bases := map[string]string{}
	for i := range sites {
		s := &sites[i]
		ln, err := net.Listen("tcp", s.Host+":0")
		if err != nil {
			t.Skipf("cannot listen on %s (this system routes only 127.0.0.1 to loopback): %v", s.Host, err)
		}
		srv := httptest.NewUnstartedServer(s.handler())
		srv.Listener.Close()
		srv.Listener = ln
		srv.Start()
		t.Cleanup(srv.Close)
		bases[s.Host] = srv.URL
	}
	return bases
}

// groupingScores are B-cubed and pairwise precision and recall of a
// predicted grouping against the gold one. Both map a document to its
// group; a document missing from a map is a group of its own.
type groupingScores struct{ BP, BR, PP, PR float64 }

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func scoreGrouping(gold, pred map[string]string) groupingScores {
	docs := map[string]bool{}
	for d := range gold {
		docs[d] = true
	}
	for d := range pred {
		docs[d] = true
	}
	group := func(m map[string]string, d string) string {
		if g, ok := m[d]; ok {
			return g
		}
		return "self:" + d
	}
	var s groupingScores
	var tp, predPairs, goldPairs float64
	for d := range docs {
		var inter, np, ng float64
		for e := range docs {
			sp, sg := group(pred, d) == group(pred, e), group(gold, d) == group(gold, e)
			if sp {
				np++
			}
			if sg {
				ng++
			}
			if sp && sg {
				inter++
			}
			if d < e {
				if sp && sg {
					tp++
				}
				if sp {
					predPairs++
				}
				if sg {
					goldPairs++
				}
			}
		}
		s.BP += inter / np
		s.BR += inter / ng
	}
	n := float64(len(docs))
	s.BP, s.BR = s.BP/n, s.BR/n
	s.PP, s.PR = 1, 1
	if predPairs > 0 {
		s.PP = tp / predPairs
	}
	if goldPairs > 0 {
		s.PR = tp / goldPairs
	}
	return s
}

// TestIncidentGold crawls the fictional sites through the CLI and scores
// the incidents against the gold: the figures the README reports
// (go test -tags sqlite_fts5 ./cmd/kohyo -run TestIncidentGold -v).
func TestIncidentGold(t *testing.T) {
	t.Run("sites", func(t *testing.T) { runIncidentGold(t, "sites.json", true) })
	t.Run("heldout", func(t *testing.T) { runIncidentGold(t, "heldout.json", false) })
}

// runIncidentGold crawls the sites of one gold file and scores them;
// stability adds the recrawl, reextract and deletion checks (sites.json).
func runIncidentGold(t *testing.T, file string, stability bool) {
	sites := loadGoldSites(t, file)
	bases := serveGoldSites(t, sites)
	dbPath := filepath.Join(t.TempDir(), "gold.db")
	args := []string{"crawl", "--db", dbPath, "--delay", "0"}
	gold := map[string]*goldPage{} // url → page
	outlets := map[string]bool{}
	for i := range sites {
		s := &sites[i]
		args = append(args, bases[s.Host]+s.Seed)
		for j := range s.Pages {
			gold[canonicalTestURL(bases[s.Host]+s.Pages[j].Path)] = &s.Pages[j]
		}
		if strings.HasPrefix(s.Layout, "news") {
			outlets[incident.Key(s.Name)] = true
		}
	}
	code, _, stderr := kohyo(t, "", args...)
	if code != exitOK {
		t.Fatalf("crawl: exit %d\n%s", code, stderr)
	}
	db := openTestDB(t, dbPath)
	rows, err := db.Query(`SELECT d.url, coalesce(d.kind, ''), coalesce(d.victim, ''), l.incident_id
		FROM documents d LEFT JOIN incident_documents l ON l.doc_id = d.id WHERE d.text IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	goldGroups, predGroups := map[string]string{}, map[string]string{}
	var victims, victimsRight, kinds, kindsRight, seen int
	for rows.Next() {
		var (
			url, kind, victim string
			inc               sql.NullInt64
		)
		if err := rows.Scan(&url, &kind, &victim, &inc); err != nil {
			t.Fatal(err)
		}
		p, ok := gold[canonicalTestURL(url)]
		if !ok {
			t.Errorf("stored a page the sites do not have: %s", url)
			continue
		}
		seen++
		if inc.Valid {
			predGroups[url] = fmt.Sprint(inc.Int64)
		}
		if p.Incident != "" {
			goldGroups[url] = p.Incident
			victims++
			if incident.Key(victim) == incident.Key(p.Victim) {
				victimsRight++
			} else {
				var vs, types, cats string
				_ = db.QueryRow(`SELECT coalesce(victim_source,''), (SELECT count(*) FROM incident_types WHERE doc_id = d.id),
					(SELECT count(*) FROM categories WHERE doc_id = d.id) || coalesce(kind, '') || coalesce(publisher,'') FROM documents d WHERE url = ?`, url).Scan(&vs, &types, &cats)
				t.Logf("victim of %s: %q, want %q [%s %s %s]", url, victim, p.Victim, vs, types, cats)
			}
		} else if inc.Valid {
			t.Logf("%s (%s) joined incident %d", url, p.Kind, inc.Int64)
		}
		if outlets[incident.Key(victim)] {
			t.Errorf("%s: the news outlet %q is a victim", url, victim)
		}
		kinds++
		if kind == p.Kind {
			kindsRight++
		} else {
			t.Logf("kind of %s: %q, want %q", url, kind, p.Kind)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if seen < len(gold)-2 {
		t.Errorf("stored %d of %d pages", seen, len(gold))
	}
	s := scoreGrouping(goldGroups, predGroups)
	nGold := map[string]bool{}
	for _, g := range goldGroups {
		nGold[g] = true
	}
	t.Logf("incident gold: %d pages, %d incident documents, %d incidents", len(gold), len(goldGroups), len(nGold))
	t.Logf("grouping B-cubed P %.3f R %.3f F1 %.3f; pairwise P %.3f R %.3f F1 %.3f",
		s.BP, s.BR, f1(s.BP, s.BR), s.PP, s.PR, f1(s.PP, s.PR))
	t.Logf("victims from the publisher: %d", queryInt(t, db, `SELECT count(*) FROM documents d
		JOIN incident_documents l ON l.doc_id = d.id WHERE d.victim_source = 'publisher'`))
	t.Logf("victim accuracy %d/%d = %.3f; page kind accuracy %d/%d = %.3f",
		victimsRight, victims, float64(victimsRight)/float64(max(victims, 1)), kindsRight, kinds, float64(kindsRight)/float64(max(kinds, 1)))
	if f := f1(s.BP, s.BR); f < 0.95 {
		t.Errorf("B-cubed F1 %.3f < 0.95", f)
	}
	if f := f1(s.PP, s.PR); f < 0.95 {
		t.Errorf("pairwise F1 %.3f < 0.95", f)
	}
	if victimsRight < victims {
		t.Errorf("victims right on %d of %d incident documents", victimsRight, victims)
	}
	if !stability {
		return
	}

	// A recrawl and a reextract keep every incident's id.
	before := incidentsByDocs(t, db)
	if code, _, stderr := kohyo(t, "", args...); code != exitOK {
		t.Fatalf("recrawl: exit %d\n%s", code, stderr)
	}
	if after := incidentsByDocs(t, db); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("recrawl changed the incidents:\n%v\nwas\n%v", after, before)
	}
	if code, _, stderr := kohyo(t, "", "reextract", "--db", dbPath); code != exitOK {
		t.Fatalf("reextract: exit %d\n%s", code, stderr)
	}
	if after := incidentsByDocs(t, db); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("reextract changed the incidents:\n%v\nwas\n%v", after, before)
	}

	// A news article taken down leaves its incident, which keeps its id.
	var news *goldSite
	for i := range sites {
		if sites[i].Host == "127.0.0.5" {
			news = &sites[i]
		}
	}
	gonePath := "/2024/06/03/aoba-lockbit.html"
	goneURL := bases[news.Host] + gonePath
	news.gone.Store(gonePath, true)
	if code, _, stderr := kohyo(t, "", args...); code != exitOK {
		t.Fatalf("crawl after a deletion: exit %d\n%s", code, stderr)
	}
	var id int64
	if err := db.QueryRow(`SELECT l.incident_id FROM incident_documents l JOIN documents d ON d.id = l.doc_id
		WHERE d.url = ?`, bases["127.0.0.2"]+"/news/2024/0510.html").Scan(&id); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM incident_documents l JOIN documents d ON d.id = l.doc_id WHERE d.url = ?`, goneURL); n != 0 {
		t.Errorf("the deleted article still belongs to an incident")
	}
	for docs, was := range before {
		if strings.Contains(docs, bases["127.0.0.2"]+"/news/2024/0510.html") && was != id {
			t.Errorf("the incident lost a document and its id: %d, was %d", id, was)
		}
	}
}

// incidentsByDocs maps each incident's document URLs to its id.
func incidentsByDocs(t *testing.T, db *sql.DB) map[string]int64 {
	t.Helper()
	rows, err := db.Query(`SELECT l.incident_id, group_concat(d.url, ' ') FROM
		(SELECT * FROM incident_documents ORDER BY doc_id) l JOIN documents d ON d.id = l.doc_id GROUP BY l.incident_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var (
			id   int64
			urls string
		)
		if err := rows.Scan(&id, &urls); err != nil {
			t.Fatal(err)
		}
		out[urls] = id
	}
	return out
}

// canonicalTestURL drops a trailing slash, as the crawler's canonical form does.
func canonicalTestURL(u string) string {
	return strings.TrimSuffix(u, "/")
}

func TestScoreGrouping(t *testing.T) {
	gold := map[string]string{"a": "1", "b": "1", "c": "2"}
	if s := scoreGrouping(gold, map[string]string{"a": "x", "b": "x", "c": "y"}); s.BP != 1 || s.BR != 1 || s.PP != 1 || s.PR != 1 {
		t.Errorf("perfect grouping scored %+v", s)
	}
	s := scoreGrouping(gold, map[string]string{"a": "x", "b": "x", "c": "x"})
	if s.PP != 1.0/3 || s.PR != 1 || s.BR != 1 || s.BP >= 1 {
		t.Errorf("one lump scored %+v", s)
	}
}

// kohyo extract URL takes the publisher as the victim of a 当社 notice,
// the subject of a news article, and no facts from a listing.
func TestExtractURLPublisherAndKind(t *testing.T) {
	sites := loadGoldSites(t, "sites.json")
	bases := serveGoldSites(t, sites)
	tests := []struct {
		url, kind, victim, source string
		types                     bool
	}{
		{bases["127.0.0.2"] + "/news/2024/0510.html", "article", "アオバ精機", "publisher", true},
		{bases["127.0.0.3"] + "/kurashi/oshirase/20240201.html", "article", "みなと市", "publisher", true},
		{bases["127.0.0.4"] + "/articles/2024/0511-aoba.html", "article", "アオバ精機株式会社", "text", true},
		{bases["127.0.0.2"] + "/news/2022/", "listing", "", "", false},
		{bases["127.0.0.2"] + "/company/", "other", "", "", false},
	}
	for _, tt := range tests {
		code, out, stderr := kohyo(t, "", "extract", tt.url)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", tt.url, code, stderr)
		}
		var got struct {
			Kind         string   `json:"kind"`
			Publisher    string   `json:"publisher"`
			Victim       *string  `json:"victim"`
			VictimSource string   `json:"victim_source"`
			Types        []string `json:"incident_types"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%s: %v\n%s", tt.url, err, out)
		}
		victim := ""
		if got.Victim != nil {
			victim = *got.Victim
		}
		if got.Kind != tt.kind || victim != tt.victim || got.VictimSource != tt.source || (len(got.Types) > 0) != tt.types || got.Publisher == "" {
			t.Errorf("%s: kind %q victim %q (%s) publisher %q types %v; want %q %q (%s)",
				tt.url, got.Kind, victim, got.VictimSource, got.Publisher, got.Types, tt.kind, tt.victim, tt.source)
		}
	}
}
