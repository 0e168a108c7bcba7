package incident

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzResolveVictim: whatever the text, the victim is valid UTF-8 and is
// the extractor's find, the publisher, or a piece of the title or text.
func FuzzResolveVictim(f *testing.F) {
	f.Add("みなと市、USBメモリを紛失", "みなと市は2月1日、職員がUSBメモリを紛失したと発表した。", "", "日報")
	f.Add("お知らせ", "当社サーバーへの不正アクセス", "株式会社の名前", "アオバ精機")
	f.Add("犯行声明", "「LockBit」が、リークサイトに株式会社ときわ野精工の名前を掲載したと同社が明らかにした。", "", "")
	f.Fuzz(func(t *testing.T, title, text, found, publisher string) {
		v, src := ResolveVictim(title, text, found, publisher)
		if !utf8.ValidString(v) && utf8.ValidString(title) && utf8.ValidString(text) && utf8.ValidString(found) && utf8.ValidString(publisher) {
			t.Fatalf("invalid victim %q", v)
		}
		if (v == "") != (src == "") {
			t.Fatalf("victim %q with source %q", v, src)
		}
		if v != "" && v != found && v != publisher && !strings.Contains(text, v) && !strings.Contains(title, v) {
			t.Fatalf("victim %q comes from nowhere", v)
		}
		_ = Key(v)
	})
}
