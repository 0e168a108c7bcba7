package archive_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/kohyo-dev/kohyo/archive"
)

// Archive one exchange and read its response back by the reference Write
// returned, as kohyo warc show and reextract --from-warc do.
func Example() {
	dir, err := os.MkdirTemp("", "warc-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	w, err := archive.NewWriter(dir)
	if err != nil {
		panic(err)
	}
	u, _ := url.Parse("https://www.example.co.jp/info/0315.html")
	ref, err := w.Write(&archive.Exchange{
		Request: &http.Request{Method: "GET", URL: u, Header: http.Header{"User-Agent": {"kohyo"}}},
		Status:  200,
		Header:  http.Header{"Content-Type": {"text/html; charset=utf-8"}},
		Body:    []byte("<p>不正アクセスに関するお知らせ</p>"),
		Date:    time.Date(2024, 3, 15, 1, 0, 0, 0, time.UTC),
	})
	if err != nil {
		panic(err)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}

	rec, err := archive.Read(dir, ref)
	if err != nil {
		panic(err)
	}
	fmt.Println(rec.Type, rec.Status, rec.URL, rec.Date.Format(time.RFC3339))
	fmt.Println(string(rec.Body))
	// Output:
	// response 200 https://www.example.co.jp/info/0315.html 2024-03-15T01:00:00Z
	// <p>不正アクセスに関するお知らせ</p>
}
