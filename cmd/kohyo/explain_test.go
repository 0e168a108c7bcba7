package main

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kohyo-dev/kohyo/cmd/kohyo/demosite"
)

func TestExtractExplain(t *testing.T) {
	doc := "2024年2月9日\n株式会社テスト精機\n不正アクセスに関するお知らせ\n当社サーバーが不正アクセスを受け、顧客の氏名約6万件が漏えいした可能性があります。"
	code, out, stderr := kohyo(t, doc, "extract", "--explain", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"victim:", "株式会社テスト精機", "rule header-issuer",
		"unauthorized_access", "rule cue", "in: 当社サーバーが不正アクセスを受け",
		"issuer self-reference \"当社\"",
		"name", "rule leak-sentence", "60000", "rule number-counter", "2024-02-09", "rule absolute",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("explain output lacks %q:\n%s", want, out)
		}
	}

	line, _ := json.Marshal(map[string]string{"id": "x-1", "text": doc, "published": "2024-02-09"})
	// A batch with a line that cannot be read still explains the others,
	// and exits non-zero for the bad line.
	code, out, stderr = kohyo(t, string(line)+"\n{bad\n", "extract", "--jsonl", "--explain")
	if code != exitFailure {
		t.Fatalf("jsonl explain with a bad line: exit %d, want %d: %s", code, exitFailure, stderr)
	}
	if !strings.Contains(out, "== x-1 ==") || !strings.Contains(out, "rule header-issuer") || !strings.Contains(out, `"error"`) {
		t.Errorf("jsonl explain output:\n%s", out)
	}
}

func TestExtractJSONRules(t *testing.T) {
	doc := "2024年2月9日\n株式会社テスト精機\n不正アクセスにより顧客の氏名約6万件が漏えいした可能性があります。"
	code, out, stderr := kohyo(t, doc, "extract", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res struct {
		Dates      []map[string]any `json:"dates"`
		Counts     []map[string]any `json:"counts"`
		Categories []map[string]any `json:"categories"`
		Evidence   []map[string]any `json:"incident_evidence"`
		Victim     map[string]any   `json:"victim_mention"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	all := append(append(append(append(res.Dates, res.Counts...), res.Categories...), res.Evidence...), res.Victim)
	for _, m := range all {
		if r, _ := m["rule"].(string); r == "" {
			t.Errorf("mention without rule: %v", m)
		}
	}
	if len(res.Evidence) == 0 || res.Evidence[0]["sentence"] == nil {
		t.Errorf("evidence without sentence: %v", res.Evidence)
	}
}

func TestExtractExplainURLAndFile(t *testing.T) {
	srv := httptest.NewServer(demosite.Handler())
	defer srv.Close()
	code, out, stderr := kohyo(t, "", "extract", "--explain", srv.URL+"/information/2023/0731.html")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"url: " + srv.URL, "victim:", "incident types:", "rule ", "    in: "} {
		if !strings.Contains(out, want) {
			t.Errorf("URL explain lacks %q:\n%s", want, out)
		}
	}
	path := filepath.Join(t.TempDir(), "notice.txt")
	if err := os.WriteFile(path, []byte("株式会社テスト精機\n不正アクセスにより顧客の氏名が漏えいしました。"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := kohyo(t, "", "extract", "--explain", path); code != exitOK || !strings.Contains(out, "rule leak-sentence") {
		t.Errorf("file explain: exit %d %s\n%s", code, stderr, out)
	}
}
