package crawler

import "testing"

func TestXMLEntryDates(t *testing.T) {
	for _, tc := range []struct {
		name, xml string
		want      map[string]string
	}{
		{"sitemap", `<urlset><url><loc>https://www.example.jp/news/0624.html</loc><lastmod>2019-06-24</lastmod></url><url><loc>https://www.example.jp/a.html</loc></url></urlset>`,
			map[string]string{"https://www.example.jp/news/0624.html": "2019-06-24"}},
		{"rss 2.0", `<rss><channel><link>https://www.example.jp/</link><item><title>お知らせ</title><link>https://www.example.jp/n/1.html</link><pubDate>Mon, 24 Jun 2019 18:30:00 +0900</pubDate></item></channel></rss>`,
			map[string]string{"https://www.example.jp/n/1.html": "2019-06-24"}},
		{"rss 1.0", `<rdf:RDF><item rdf:about="https://www.example.jp/n/2.html"><dc:date>2019-06-24T18:30:00+09:00</dc:date></item></rdf:RDF>`,
			map[string]string{"https://www.example.jp/n/2.html": "2019-06-24"}},
		{"atom", `<feed><entry><link rel="alternate" href="https://www.example.jp/n/3.html"/><updated>2019-06-24T09:30:00Z</updated></entry></feed>`,
			map[string]string{"https://www.example.jp/n/3.html": "2019-06-24"}},
		{"broken", `<urlset><url><loc>https://www.example.jp/x.html</loc><lastmod>someday`, map[string]string{}},
	} {
		got := xmlEntryDates([]byte(tc.xml))
		if len(got) != len(tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
			continue
		}
		for k, v := range tc.want {
			if d, ok := got[k]; !ok || d.at.Format("2006-01-02") != v {
				t.Errorf("%s: %s = %v, want %s", tc.name, k, d, v)
			}
		}
	}
}
