package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
)

// kohyo runs the CLI in-process and returns its exit code and output.
func kohyo(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	if err := os.WriteFile(empty, []byte("  \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		want    int
		wantErr string
	}{
		{"no args", []string{"extract"}, exitUsage, "extract takes one"},
		{"unknown flag", []string{"extract", "--nope", "-"}, exitUsage, "unknown flag"},
		{"unknown command", []string{"frobnicate"}, exitUsage, "unknown command"},
		{"bad format", []string{"extract", "--format", "xml", "-"}, exitUsage, "--format"},
		{"bad published", []string{"extract", "--published", "2024/01/01", "-"}, exitUsage, "YYYY-MM-DD"},
		{"jsonl with arg", []string{"extract", "--jsonl", "x.txt"}, exitUsage, "no argument"},
		{"missing file", []string{"extract", filepath.Join(dir, "missing.txt")}, exitFailure, "no such file"},
		{"empty file", []string{"extract", empty}, exitFailure, "empty"},
		{"bad log format", []string{"--log-format", "xml", "extract", "-"}, exitUsage, "--log-format"},
		{"eval missing file", []string{"eval", filepath.Join(dir, "missing.jsonl")}, exitFailure, "open gold file"},
		{"eval no args", []string{"eval"}, exitUsage, "accepts 1 arg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := kohyo(t, "", tt.args...)
			if code != tt.want {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tt.want, stderr)
			}
			if !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("stderr %q does not mention %q", stderr, tt.wantErr)
			}
		})
	}
}

func TestHelpOnEverySubcommand(t *testing.T) {
	root := newRootCmd(&iostreams{})
	for _, c := range root.Commands() {
		if c.Hidden || c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		code, out, stderr := kohyo(t, "", c.Name(), "--help")
		if code != exitOK || !strings.Contains(out, "Usage:") {
			t.Errorf("%s --help: code %d, stdout %q, stderr %q", c.Name(), code, out, stderr)
		}
	}
}

func TestExtractStdinJSON(t *testing.T) {
	doc := "2024年2月9日\n株式会社テスト精機\n不正アクセスにより顧客情報約6万件が漏えいした可能性があります。"
	code, out, stderr := kohyo(t, doc, "extract", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"published", "published_source", "dates", "counts", "attackers", "categories", "incident_types", "victim"} {
		if _, ok := res[k]; !ok {
			t.Errorf("output lacks %q", k)
		}
	}
	if code, out, _ := kohyo(t, doc, "extract", "--format", "text", "--published", "2024-02-09", "-"); code != exitOK || !strings.Contains(out, "published:") || !strings.Contains(out, "2024-02-09") {
		t.Errorf("text summary: code %d\n%s", code, out)
	}
}

// --jsonl answers every non-blank line in order: results keep the id as
// given (a number stays a number), error lines keep the id of an object
// whose other members are wrong, and a line without an id is named by its
// line number in the input, blank lines counted. A batch with failed
// lines exits 1.
func TestExtractJSONLOrderAndErrors(t *testing.T) {
	var in strings.Builder
	for i := 0; i < 40; i++ {
		switch i {
		case 5:
			in.WriteString("\n\n") // blank lines are skipped, and counted as lines
		case 7:
			in.WriteString("{not json\n") // input line 9
		case 8:
			in.WriteString(`{"id": "no-text"}` + "\n")
		case 9:
			in.WriteString(`{"id": "bad-date", "text": "x", "published": "yesterday"}` + "\n")
		case 10:
			in.WriteString(`{"id": 10, "text": 42}` + "\n")
		case 11:
			in.WriteString(`{"id": "s11", "text": "本日、当社サーバーへの不正アクセスを確認しました。", "published": 20240301}` + "\n")
		default:
			b, _ := json.Marshal(map[string]any{"id": i, "text": strings.Repeat("本日、当社サーバーへの不正アクセスを確認しました。", i%5+1), "published": "2024-03-01"})
			in.Write(append(b, '\n'))
		}
	}
	code, out, stderr := kohyo(t, in.String(), "extract", "--jsonl", "--workers", "3")
	if code != exitFailure {
		t.Errorf("exit %d, want %d for a batch with failed lines: %s", code, exitFailure, stderr)
	}
	if !strings.Contains(stderr, "5 input lines could not be read") {
		t.Errorf("stderr should report 5 failed lines: %q", stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 39 {
		t.Fatalf("%d output lines, want 39 (40 objects, one of them two blank lines)", len(lines))
	}
	var wantIDs []string
	for i := 0; i < 40; i++ {
		switch i {
		case 5:
		case 7:
			wantIDs = append(wantIDs, `"line-9"`)
		case 8:
			wantIDs = append(wantIDs, `"no-text"`)
		case 9:
			wantIDs = append(wantIDs, `"bad-date"`)
		case 11:
			wantIDs = append(wantIDs, `"s11"`)
		default:
			wantIDs = append(wantIDs, strconv.Itoa(i))
		}
	}
	for n, line := range lines {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &obj); err != nil {
			t.Fatalf("line %d not JSON: %v", n, err)
		}
		if got := string(obj["id"]); got != wantIDs[n] {
			t.Errorf("line %d: id %s, want %s", n, got, wantIDs[n])
		}
		_, isErr := obj["error"]
		if wantErr := n >= 6 && n <= 10; isErr != wantErr {
			t.Errorf("line %d (id %s): error member present=%v, want %v: %s", n, obj["id"], isErr, wantErr, line)
		}
	}
	if !strings.Contains(out, `member \"text\" is a JSON number, want a string`) {
		t.Errorf("the wrong-typed text is not named in its error line:\n%s", out)
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func TestEvalMatchesGoldOnItsOwnOutput(t *testing.T) {
	// A gold file whose gold is empty everywhere scores with no error lines
	// only if kohyo also finds nothing: this checks the plumbing, the
	// scorer itself has table tests in package extract.
	gold := `{"id":"a","published":"2024-01-10","text":"2024年1月9日に不正アクセスを確認しました。","gold":{"dates":["2024-01-09"]}}` + "\n"
	path := filepath.Join(t.TempDir(), "gold.jsonl")
	if err := os.WriteFile(path, []byte(gold), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := kohyo(t, "", "eval", "--errors", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "overall F1") || !strings.Contains(out, "dates") {
		t.Errorf("eval output:\n%s", out)
	}
}

func TestExtractShiftJISFile(t *testing.T) {
	text := "2024年2月9日\n株式会社テスト精機\n不正アクセスにより顧客の氏名、住所約1万件が漏えいした可能性があります。\n"
	sjis, err := japanese.ShiftJIS.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "notice-sjis.txt")
	if err := os.WriteFile(path, []byte(sjis), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := kohyo(t, "", "extract", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res struct {
		Published string
		Counts    []struct{ Value int64 }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Published != "2024-02-09" || len(res.Counts) != 1 || res.Counts[0].Value != 10000 {
		t.Errorf("a Shift_JIS file was not decoded: %s", out)
	}
}

// A huge text input is cut before it is decoded: reading 24 MiB of
// Shift_JIS-looking text with one cut character at the end allocates a
// few times the 4 MiB read, not several times the file.
func TestReadTextArgCutsBeforeDecoding(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.txt")
	line := []byte("本日、当社サーバーへの不正アクセスを確認しました。\n")
	b := bytes.Repeat(line, (24<<20)/len(line))
	b = append(b, 0xe6) // a character cut in the middle
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	text, err := readTextArg(path, nil)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if len(text) > maxTextInput || !utf8.ValidString(text) || !strings.HasPrefix(text, "本日") {
		t.Errorf("text of %d bytes (valid UTF-8: %v)", len(text), utf8.ValidString(text))
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 48<<20 {
		t.Errorf("reading allocated %d MiB", alloc>>20)
	}
}

func TestExtractRefusesBinaryFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "photo.txt")
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), bytes.Repeat([]byte{0, 1, 2, 3, 0x7f, 0xff}, 1000)...)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := kohyo(t, "", "extract", path)
	if code != exitFailure || out != "" || !strings.Contains(stderr, "not a text document (its bytes read as image/png)") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

// A failed export leaves the file it was to replace as it was; a
// successful one replaces it whole.
func TestExportOutputIsAtomic(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "incidents.csv")
	if err := os.WriteFile(out, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := kohyo(t, "", "export", "--db", filepath.Join(dir, "missing.db"), "--output", out)
	if code != exitFailure {
		t.Errorf("export from a missing database: exit %d (%s)", code, stderr)
	}
	if b, _ := os.ReadFile(out); string(b) != "keep me\n" {
		t.Errorf("a failed export changed the output file: %q", b)
	}
	db := filepath.Join(dir, "corpus.db")
	if code, _, stderr := kohyo(t, "", "crawl", "--db", db, "--delay", "0", "http://127.0.0.1:1/"); code != exitFailure {
		t.Fatalf("crawl: exit %d (%s)", code, stderr) // creates the empty corpus
	}
	if code, _, stderr := kohyo(t, "", "export", "--db", db, "--table", "documents", "--output", out); code != exitOK {
		t.Fatalf("export: exit %d (%s)", code, stderr)
	}
	b, _ := os.ReadFile(out)
	if strings.Contains(string(b), "keep me") || !strings.HasPrefix(string(b), "id,") {
		t.Errorf("exported file: %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".incidents.csv*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
