package archive

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkWrite archives a 12 KB Japanese HTML page at gzip level 1 and
// 6 (the default), reporting the compressed bytes per page:
//
//	go test -run XXX -bench Write ./archive
func BenchmarkWrite(b *testing.B) {
	var page strings.Builder
	page.WriteString(`<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>お知らせ</title></head><body><header><nav>`)
	for i := range 30 {
		fmt.Fprintf(&page, `<a href="/menu/%d.html">メニュー項目%d</a>`, i, i)
	}
	page.WriteString(`</nav></header><main>`)
	for i := range 20 {
		fmt.Fprintf(&page, "<p>%d. このたび、当社の会員管理システムが第三者による不正アクセスを受け、お客様の氏名、住所、電話番号など約%d件の情報が流出した可能性があることが判明しました。</p>\n", i, 1000+i*37)
	}
	page.WriteString(`</main><footer>Copyright 架空株式会社</footer></body></html>`)
	body := []byte(page.String())
	u, _ := url.Parse("https://www.example.co.jp/info/0315.html")
	for _, level := range []int{1, 6} {
		b.Run(fmt.Sprintf("level=%d", level), func(b *testing.B) {
			dir := b.TempDir()
			w, err := NewWriter(dir, WithCompressionLevel(level))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(body)))
			for range b.N {
				if _, err := w.Write(&Exchange{Request: &http.Request{URL: u}, Status: 200,
					Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: body}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			w.Close()
			files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
			var size int64
			for _, f := range files {
				if fi, err := os.Stat(f); err == nil {
					size += fi.Size()
				}
			}
			b.ReportMetric(float64(size)/float64(b.N), "file-bytes/page")
		})
	}
}
