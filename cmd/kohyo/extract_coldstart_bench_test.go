package main

// Cold start of kohyo extract on one document, as a whole process, beside
// the same binary doing nothing (kohyo --help), in one run:
//
//	go test -tags sqlite_fts5 -run XXX -bench CommandExtract -benchtime 10x ./cmd/kohyo
//
// The IPA dictionary loads only when a document needs kagome's tokens: a
// notice without incident cues is a dictionary scan, a breach notice reads
// tokens (a negated leak, a victim name) and pays for the load. Besides
// ns/op (wall clock per process) each case reports cpu-ms/op, the child's
// user and system CPU time, which other work on the machine moves less.

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// BenchmarkCommandExtract: kohyo extract FILE on a fictional office-move
// notice (no tokens needed) and a breach notice, and kohyo --help as the
// floor; ns/op and cpu-ms/op are per process.
func BenchmarkCommandExtract(b *testing.B) {
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		args []string
		want string
	}{
		{"help", []string{"--help"}, "Usage:"},
		{"notice", []string{"extract", "testdata/coldstart/office-move.txt"}, `"incident_types": []`},
		{"breach", []string{"extract", "testdata/coldstart/breach-notice.txt"}, `"ransomware"`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var cpu time.Duration
			for range b.N {
				cmd := exec.Command(exe, bc.args...)
				cmd.Env = append(os.Environ(), "KOHYO_TEST_MAIN=1")
				out, err := cmd.CombinedOutput()
				if err != nil {
					b.Fatalf("kohyo %v: %v\n%s", bc.args, err, out)
				}
				if !strings.Contains(string(out), bc.want) {
					b.Fatalf("kohyo %v: no %s in\n%s", bc.args, bc.want, out)
				}
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			}
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}
