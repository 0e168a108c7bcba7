package crawler

import (
	"errors"
	"testing"

	"github.com/kohyo-dev/kohyo/crawler/page"
)

func TestCanonical(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"already canonical", "https://www.example.co.jp/information/2023/1025.html", "https://www.example.co.jp/information/2023/1025.html"},
		{"fragment dropped", "https://www.example.co.jp/a.html#top", "https://www.example.co.jp/a.html"},
		{"scheme and host lower-case", "HTTPS://WWW.Example.CO.JP/Info/A.html", "https://www.example.co.jp/Info/A.html"},
		{"default https port", "https://www.example.co.jp:443/a.html", "https://www.example.co.jp/a.html"},
		{"default http port", "http://www.example.co.jp:80/a.html", "http://www.example.co.jp/a.html"},
		{"other port kept", "http://127.0.0.1:8080/a.html", "http://127.0.0.1:8080/a.html"},
		{"trailing slash", "https://www.example.co.jp/information/", "https://www.example.co.jp/information"},
		{"no trailing slash", "https://www.example.co.jp/information", "https://www.example.co.jp/information"},
		{"index.html", "https://www.example.co.jp/information/index.html", "https://www.example.co.jp/information"},
		{"index.htm upper-case", "https://www.example.co.jp/information/INDEX.HTM", "https://www.example.co.jp/information"},
		{"root", "https://www.example.co.jp", "https://www.example.co.jp/"},
		{"root slash", "https://www.example.co.jp/", "https://www.example.co.jp/"},
		{"root index", "https://www.example.co.jp/index.html", "https://www.example.co.jp/"},
		{"utm removed", "https://www.example.co.jp/a.html?utm_source=x&utm_medium=y", "https://www.example.co.jp/a.html"},
		{"fbclid gclid removed", "https://www.example.co.jp/a.html?id=3&fbclid=abc&gclid=def", "https://www.example.co.jp/a.html?id=3"},
		{"session ids removed", "https://www.example.co.jp/a.php?id=3&PHPSESSID=9f8e&jsessionid=1A", "https://www.example.co.jp/a.php?id=3"},
		{"session path parameter removed", "https://www.example.co.jp/news/list.jsp;jsessionid=0A1B2C?p=2", "https://www.example.co.jp/news/list.jsp?p=2"},
		{"query sorted", "https://www.example.co.jp/list?page=2&cat=news", "https://www.example.co.jp/list?cat=news&page=2"},
		{"equal names keep order", "https://www.example.co.jp/list?b=2&a=1&b=1", "https://www.example.co.jp/list?a=1&b=2&b=1"},
		{"empty query", "https://www.example.co.jp/a.html?", "https://www.example.co.jp/a.html"},
		{"dot segments", "https://www.example.co.jp/information/../news/./a.html", "https://www.example.co.jp/news/a.html"},
		{"escape case", "https://www.example.co.jp/%e3%81%8a%e7%9f%a5%e3%82%89%e3%81%9b/", "https://www.example.co.jp/%E3%81%8A%E7%9F%A5%E3%82%89%E3%81%9B"},
		{"raw japanese path", "https://www.example.co.jp/お知らせ/", "https://www.example.co.jp/%E3%81%8A%E7%9F%A5%E3%82%89%E3%81%9B"},
		{"needless escape", "https://www.example.co.jp/%7Euser/a.html", "https://www.example.co.jp/~user/a.html"},
		{"escaped slash kept", "https://www.example.co.jp/a%2Fb.html", "https://www.example.co.jp/a%2Fb.html"},
		{"idn host", "https://例え.jp/a.html", "https://xn--r8jz45g.jp/a.html"},
		{"trailing dot host", "https://www.example.co.jp./a.html", "https://www.example.co.jp/a.html"},
		{"userinfo dropped", "https://user:pw@www.example.co.jp/a.html", "https://www.example.co.jp/a.html"},
		{"ipv6 default port", "http://[::1]:80/a", "http://[::1]/a"},
		{"spaces around", "  https://www.example.co.jp/a.html \n", "https://www.example.co.jp/a.html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Canonical(tt.in)
			if err != nil {
				t.Fatalf("Canonical(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
			}
			again, err := Canonical(got)
			if err != nil || again != got {
				t.Errorf("Canonical not idempotent: %q -> %q (%v)", got, again, err)
			}
		})
	}
}

func TestCanonicalVariantsAgree(t *testing.T) {
	variants := []string{
		"https://www.example.co.jp/information/",
		"https://www.example.co.jp/information",
		"https://www.example.co.jp/information/index.html",
		"https://WWW.EXAMPLE.CO.JP:443/information/index.htm#list",
		"https://www.example.co.jp/information/?utm_campaign=autumn",
		"https://www.example.co.jp/news/../information/",
	}
	want, _ := Canonical(variants[0])
	for _, v := range variants {
		if got, _ := Canonical(v); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestCanonicalRejects(t *testing.T) {
	for _, in := range []string{
		"", "/relative/path", "mailto:info@example.co.jp", "javascript:void(0)",
		"ftp://example.co.jp/a", "https://", "http://%zz/", "tel:0312345678",
	} {
		if got, err := Canonical(in); err == nil {
			t.Errorf("Canonical(%q) = %q, want error", in, got)
		} else if !errors.Is(err, page.ErrBadURL) {
			t.Errorf("Canonical(%q) error %v does not wrap ErrBadURL", in, err)
		}
	}
}

func TestFetchForm(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.example.co.jp/information/", "https://www.example.co.jp/information/"},
		{"https://www.example.co.jp/information/index.html#x", "https://www.example.co.jp/information/index.html"},
		{"HTTPS://Example.JP:443/list?page=2&utm_source=a&cat=1", "https://example.jp/list?page=2&cat=1"}, // order kept
	}
	for _, tt := range tests {
		got, err := fetchForm(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("fetchForm(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{
		"https://www.example.co.jp/information/index.html?utm_source=x#a",
		"http://[::1]:80/お知らせ/../a?b=1&a=2",
		"https://例え.jp/%e3%81%8a/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := Canonical(in)
		if err != nil {
			return
		}
		again, err := Canonical(got)
		if err != nil {
			t.Fatalf("Canonical(%q) = %q, which does not parse: %v", in, got, err)
		}
		if again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, got, again)
		}
	})
}
