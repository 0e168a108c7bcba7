package page

import (
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"

	"github.com/kohyo-dev/kohyo/crawler/internal/testpages"
)

// readFixture returns a page fixture with {{CHARSET}} replaced.
func readFixture(t testing.TB, name, charset string) string {
	t.Helper()
	return testpages.Read(t, filepath.Join("testdata", "pages"), name, charset)
}

func encodeWith(t testing.TB, enc encoding.Encoding, s string) []byte {
	t.Helper()
	return testpages.Encode(t, enc, s)
}

func japaneseShiftJIS() encoding.Encoding { return japanese.ShiftJIS }

// fakeDates stands in for extract.FirstDate: 西暦 and 令和 dates only.
func fakeDates(s string) (time.Time, bool) {
	if m := regexp.MustCompile(`令和(\d+|元)年(\d+)月(\d+)日`).FindStringSubmatch(halfWidthDigits(s)); m != nil {
		y := 1
		if m[1] != "元" {
			y, _ = strconv.Atoi(m[1])
		}
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return time.Date(2018+y, time.Month(mo), d, 0, 0, 0, 0, jst), true
	}
	if m := regexp.MustCompile(`(\d{4})年(\d+)月(\d+)日`).FindStringSubmatch(halfWidthDigits(s)); m != nil {
		return ymd(m[1], m[2], m[3])
	}
	return time.Time{}, false
}

func parseFixture(t testing.TB, name, url string) *Document {
	t.Helper()
	doc, err := Parse(url, url, http.StatusOK, http.Header{"Content-Type": {"text/html; charset=utf-8"}},
		[]byte(readFixture(t, name, "utf-8")), DatesWith(fakeDates))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}
