package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/crawler/page"
	"github.com/kohyo-dev/kohyo/extract"
)

// A fictional group no dictionary knows, and a notice that names it
// without any context the unknown-name rules would use.
const (
	userDictTSV = "# fictional\nMoonlit Heron\transomware\tムーンリットヘロン\n"
	heronNotice = "お知らせ\n当社のファイルサーバーがムーンリットヘロンにより暗号化されました。\n"
)

func writeUserDict(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "groups.tsv")
	if err := os.WriteFile(p, []byte(userDictTSV), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func attackerNames(t *testing.T, out string) []string {
	t.Helper()
	var r extract.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var n []string
	for _, a := range r.Attackers {
		n = append(n, a.Name)
	}
	return n
}

func TestExtractWithUserDict(t *testing.T) {
	p := writeUserDict(t)
	code, out, stderr := kohyo(t, heronNotice, "extract", "-")
	if code != exitOK || len(attackerNames(t, out)) != 0 {
		t.Fatalf("without --dict: exit %d, attackers %v\n%s", code, attackerNames(t, out), stderr)
	}
	code, out, stderr = kohyo(t, heronNotice, "extract", "--dict", p, "-")
	if got := attackerNames(t, out); code != exitOK || len(got) != 1 || got[0] != "Moonlit Heron" {
		t.Fatalf("with --dict: exit %d, attackers %v\n%s", code, got, stderr)
	}
	// a directory stands for its .tsv files
	code, out, _ = kohyo(t, heronNotice, "extract", "--dict", filepath.Dir(p), "-")
	if got := attackerNames(t, out); code != exitOK || len(got) != 1 {
		t.Errorf("--dict DIR: exit %d, attackers %v", code, got)
	}
}

func TestUserDictErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.tsv")
	if err := os.WriteFile(bad, []byte("# x\nNew Group\tworm\t-\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	clash := filepath.Join(dir, "clash.tsv")
	if err := os.WriteFile(clash, []byte("LockBit\transomware\tBlackCat\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"extract", "--dict", filepath.Join(dir, "missing.tsv"), "-"}, "missing.tsv: no such file"},
		{[]string{"extract", "--dict", bad, "-"}, "bad.tsv:2: New Group: unknown kind"},
		{[]string{"dict", "list", "--dict", clash}, "clash.tsv:1: alias belongs to another entry"},
		{[]string{"reextract", "--db", filepath.Join(dir, "no.db"), "--dict", bad}, "no.db"},
		{[]string{"dict", "list", "--dict", empty}, "has no .tsv file"},
	} {
		code, _, stderr := kohyo(t, "x", tc.args...)
		if code != exitFailure || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, stderr, tc.want)
		}
	}
	code, _, stderr := kohyo(t, "", "dict", "list", "--format", "xml")
	if code != exitUsage {
		t.Errorf("bad format: exit %d\n%s", code, stderr)
	}
}

func TestDictList(t *testing.T) {
	code, out, stderr := kohyo(t, "", "dict", "list", "ランサムハウス", "blackcat")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"RansomHouse", "ランサムハウス", "overlay", "misp-galaxy/ransomware:Ransomhouse", "ALPHV", "Noberus"} {
		if !strings.Contains(out, want) {
			t.Errorf("dict list lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = kohyo(t, "", "dict", "list", "--format", "json", "--dict", writeUserDict(t), "Moonlit Heron")
	var entries []dictEntry
	if err := json.Unmarshal([]byte(out), &entries); code != exitOK || err != nil || len(entries) != 1 ||
		entries[0].Basis[0] != "user" || len(entries[0].Aliases) != 2 || !strings.HasSuffix(entries[0].Aliases[1].Sources[0], "groups.tsv") {
		t.Errorf("json: exit %d, %v, %+v", code, err, entries)
	}
	code, out, _ = kohyo(t, "", "dict", "list", "Fog", "--format", "json")
	if err := json.Unmarshal([]byte(out), &entries); code != exitOK || err != nil || !entries[0].Aliases[0].Ambiguous {
		t.Errorf("Fog is not ambiguous: %+v", entries)
	}
	code, out, _ = kohyo(t, "", "dict", "list", "--stats", "--format", "json")
	var c dictCoverage
	if err := json.Unmarshal([]byte(out), &c); code != exitOK || err != nil || c.Entries < 150 || c.Katakana < 60 || c.AliasesBySrc["overlay"] == 0 {
		t.Errorf("stats: exit %d, %v, %+v", code, err, c)
	}
	code, out, _ = kohyo(t, "", "dict", "list", "--stats")
	if code != exitOK || !strings.Contains(out, "entries with a katakana form") {
		t.Errorf("stats text: exit %d\n%s", code, out)
	}
	if code, _, stderr := kohyo(t, "", "dict", "list", "No Such Group"); code != exitFailure || !strings.Contains(stderr, "not in the attacker dictionary") {
		t.Errorf("unknown name: exit %d, %s", code, stderr)
	}
}

// TestReextractPicksUpUserDict: a document stored before a group was in
// any dictionary gets the attacker when reextract runs with the new one.
func TestReextractPicksUpUserDict(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "corpus.db")
	ex, err := sharedExtractor()
	if err != nil {
		t.Fatal(err)
	}
	db, err := corpus.Open(ctx, dbPath, corpus.WithSegmenter(ex.Wakati))
	if err != nil {
		t.Fatal(err)
	}
	doc := &page.Document{URL: "https://example.test/info/1", FinalURL: "https://example.test/info/1", Status: 200,
		ContentType: "text/html", Charset: "utf-8", Title: "お知らせ", Text: heronNotice, SHA256: "00", FetchedAt: time.Now()}
	if _, err := db.StoreDocument(ctx, doc, ex.Extract(extract.Input{ID: doc.URL, Text: doc.Text})); err != nil {
		t.Fatal(err)
	}
	db.Close()
	sdb := openTestDB(t, dbPath)
	if n := queryInt(t, sdb, `SELECT count(*) FROM attackers`); n != 0 {
		t.Fatalf("%d attackers before the user dictionary", n)
	}
	if code, _, stderr := kohyo(t, "", "reextract", "--db", dbPath, "--dict", writeUserDict(t)); code != exitOK {
		t.Fatalf("reextract: exit %d\n%s", code, stderr)
	}
	if n := queryInt(t, sdb, `SELECT count(*) FROM attackers WHERE name = 'Moonlit Heron' AND known = 1`); n != 1 {
		t.Errorf("%d Moonlit Heron rows after reextract --dict", n)
	}
}

// TestConfigDirUserDict: the .tsv files of the config directory's
// kohyo/dict are read on every run, besides --dict.
func TestConfigDirUserDict(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	dir := filepath.Join(cfg, "kohyo", "dict")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "groups.tsv"), []byte(userDictTSV), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := kohyo(t, heronNotice, "extract", "-")
	if got := attackerNames(t, out); code != exitOK || len(got) != 1 || got[0] != "Moonlit Heron" {
		t.Fatalf("config dictionary: exit %d, attackers %v\n%s", code, got, stderr)
	}
	code, out, _ = kohyo(t, "", "dict", "list", "Moonlit Heron")
	if code != exitOK || !strings.Contains(out, "groups.tsv") {
		t.Errorf("dict list: exit %d\n%s", code, out)
	}
}
