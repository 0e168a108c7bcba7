package page

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
)

func TestDecode(t *testing.T) {
	const text = "個人情報の漏えいに関するお詫び（第２報）①"
	page := func(meta string) string {
		return "<html><head>" + meta + "<title>お知らせ</title></head><body><p>" + text + "</p></body></html>"
	}
	sjisNoNEC := "個人情報の漏えいに関するお詫び（第２報）"
	tests := []struct {
		name, contentType string
		enc               encoding.Encoding
		body              string
		want, wantText    string
	}{
		{"utf-8 header", "text/html; charset=utf-8", nil, page(""), "utf-8", text},
		{"utf-8 bom, header says shift_jis", "text/html; charset=shift_jis", nil, "\ufeff" + page(""), "utf-8", text},
		{"utf-8 meta only", "text/html", nil, page(`<meta charset="utf-8">`), "utf-8", text},
		{"utf-8 nothing declared", "", nil, page(""), "utf-8", text},
		{"shift_jis meta http-equiv", "text/html", japanese.ShiftJIS, page(`<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">`), "shift_jis", text},
		{"windows-31j label", "text/html; charset=Windows-31J", japanese.ShiftJIS, page(""), "shift_jis", text},
		{"x-sjis label", "text/html", japanese.ShiftJIS, page(`<meta charset="x-sjis">`), "shift_jis", text},
		{"shift_jis nothing declared", "", japanese.ShiftJIS, page(""), "shift_jis", text},
		{"euc-jp header", "text/html; charset=EUC-JP", japanese.EUCJP, page(""), "euc-jp", sjisNoNEC},
		{"euc-jp nothing declared", "", japanese.EUCJP, page(""), "euc-jp", sjisNoNEC},
		{"euc-jp xml declaration", "", japanese.EUCJP, `<?xml version="1.0" encoding="EUC-JP"?>` + page(""), "euc-jp", sjisNoNEC},
		{"iso-2022-jp header", "text/html; charset=ISO-2022-JP", japanese.ISO2022JP, page(""), "iso-2022-jp", sjisNoNEC},
		{"iso-2022-jp nothing declared", "", japanese.ISO2022JP, page(""), "iso-2022-jp", sjisNoNEC},
		{"header iso-8859-1, meta and body utf-8", "text/html; charset=iso-8859-1", nil, page(`<meta charset="utf-8">`), "utf-8", text},
		{"header utf-8, body shift_jis", "text/html; charset=utf-8", japanese.ShiftJIS, page(""), "shift_jis", text},
		{"header shift_jis, body euc-jp", "text/html; charset=Shift_JIS", japanese.EUCJP, page(""), "euc-jp", sjisNoNEC},
		{"meta euc-jp, body shift_jis", "text/html", japanese.ShiftJIS, page(`<meta charset="euc-jp">`), "shift_jis", text},
		{"header windows-1252, body shift_jis", "text/html; charset=windows-1252", japanese.ShiftJIS, page(""), "shift_jis", text},
		{"latin-1 page stays latin-1", "text/html; charset=iso-8859-1", charmap.ISO8859_1, "<p>Café crème</p>", "windows-1252", "Café crème"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.body
			if tc.wantText == sjisNoNEC {
				body = strings.ReplaceAll(body, "①", "")
			}
			d := Decode(encodeWith(t, tc.enc, body), tc.contentType)
			if d.Charset != tc.want {
				t.Errorf("charset %s (from %s), want %s", d.Charset, d.Source, tc.want)
			}
			if !strings.Contains(d.Text, tc.wantText) || d.Bad != 0 {
				t.Errorf("text %q (%d bad), want it to contain %q", d.Text, d.Bad, tc.wantText)
			}
		})
	}
}
