package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kohyo-dev/kohyo/cmd/kohyo/demosite"
)

// kohyo demo prints consolidated incidents: the ransomware case as one
// row with its three reports and two news articles, the company's 2022
// incident apart from it, no incident of the news outlet; then a stats
// table.
func TestDemoPrintsIncidents(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "demo.db")
	code, out, stderr := kohyo(t, "", "demo", "--db", dbPath, "--delay", "0")
	if code != exitOK {
		t.Fatalf("demo: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"Incidents in", "By cause class", "不正アクセス・ウイルス感染", "kohyo incidents show"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	db := openTestDB(t, dbPath)
	if n := queryInt(t, db, `SELECT count(*) FROM incidents WHERE types LIKE '%ransomware%'
		AND victim = '株式会社ときわ野精工ホールディングス' AND reports = 3 AND news = 2`); n != 1 {
		t.Errorf("%d ransomware incidents with 3 reports and 2 news articles, want 1", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM incidents WHERE first_published = '2022-06-10'
		AND victim = '株式会社ときわ野精工ホールディングス' AND documents = 1`); n != 1 {
		t.Errorf("the 2022 incident is not an incident of its own")
	}
	if n := queryInt(t, db, `SELECT count(*) FROM documents WHERE victim = ?`, demosite.NewsOutlet); n != 0 {
		t.Errorf("the news outlet is the victim of %d documents", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM incident_documents l JOIN documents d ON d.id = l.doc_id
		WHERE coalesce(d.kind, '') NOT IN ('article', 'pdf')`); n != 0 {
		t.Errorf("%d listings or other pages joined an incident", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM documents WHERE kind = 'listing'
		AND EXISTS (SELECT 1 FROM incident_types t WHERE t.doc_id = documents.id)`); n != 0 {
		t.Errorf("%d listings carry incident facts", n)
	}
	// The commands the demo suggests work on its database.
	for _, args := range [][]string{
		{"incidents", "--db", dbPath},
		{"incidents", "show", "--db", dbPath, "1"},
		{"incidents", "--db", dbPath, "--format", "json", "--type", "ransomware"},
		{"incidents", "--db", dbPath, "--format", "csv", "--since", "2023", "--until", "2023-12"},
		{"stats", "--db", dbPath, "--by", "year"},
		{"stats", "--db", dbPath, "--by", "type", "--format", "csv"},
		{"stats", "--db", dbPath, "--by", "attacker", "--format", "json"},
		{"export", "--db", dbPath, "--table", "incidents", "--format", "csv"},
	} {
		if code, out, stderr := kohyo(t, "", args...); code != exitOK || out == "" {
			t.Errorf("kohyo %s: exit %d, %d bytes out\n%s", strings.Join(args, " "), code, len(out), stderr)
		}
	}
	for _, args := range [][]string{
		{"incidents", "--db", dbPath, "--since", "2023-13"},
		{"incidents", "--db", dbPath, "--format", "xml"},
		{"incidents", "--db", dbPath, "--type", "earthquake"},
		{"incidents", "show", "--db", dbPath, "abc"},
		{"stats", "--db", dbPath, "--by", "weekday"},
	} {
		if code, _, _ := kohyo(t, "", args...); code != exitUsage {
			t.Errorf("kohyo %s: exit %d, want %d", strings.Join(args, " "), code, exitUsage)
		}
	}
	if code, _, stderr := kohyo(t, "", "incidents", "show", "--db", dbPath, "999"); code != exitFailure || !strings.Contains(stderr, "not found") {
		t.Errorf("a missing incident: exit %d, %s", code, stderr)
	}
}
