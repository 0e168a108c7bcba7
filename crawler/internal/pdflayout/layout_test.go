package pdflayout

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

// hline draws s rightwards from x, y, one em per wide character.
func hline(x, y, size float64, s string) []Glyph {
	var gs []Glyph
	for _, r := range s {
		adv := size
		if r < 0x80 {
			adv = size / 2
		}
		gs = append(gs, Glyph{X: x, Y: y, DX: 1, Adv: adv, Size: size, S: string(r)})
		x += adv
	}
	return gs
}

// vcol draws s downwards from x, y (a vertical font's origin: top centre).
func vcol(x, y, size float64, s string) []Glyph {
	var gs []Glyph
	for _, r := range s {
		gs = append(gs, Glyph{X: x, Y: y, DY: -1, Adv: size, Size: size, S: string(r)})
		y -= size
	}
	return gs
}

func cat(parts ...[]Glyph) []Glyph {
	var out []Glyph
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestPage(t *testing.T) {
	tests := []struct {
		name   string
		glyphs []Glyph
		rotate int
		want   string
	}{
		{"wrapped sentence joined, list kept",
			cat(hline(72, 700, 10, "令和八年十一月二日、架空市の図書館において不正"),
				hline(72, 686, 10, "アクセスが確認されました。"),
				hline(72, 672, 10, "・氏名"),
				hline(72, 658, 10, "・住所")),
			0, "令和八年十一月二日、架空市の図書館において不正アクセスが確認されました。\n・氏名\n・住所"},
		{"double-spaced page: wrapped lines still join, a wider gap still breaks",
			cat(hline(72, 700, 10, "令和八年十一月二日、架空市の図書館において不正"),
				hline(72, 680, 10, "アクセスが確認されました。"),
				hline(72, 660, 10, "現在、原因を調査しております。"),
				hline(72, 640, 10, "・氏名"),
				hline(72, 620, 10, "・住所"),
				hline(72, 580, 10, "以上")),
			0, "令和八年十一月二日、架空市の図書館において不正アクセスが確認されました。\n現在、原因を調査しております。\n・氏名\n・住所\n\n以上"},
		{"sentence end at the edge is kept",
			cat(hline(72, 700, 10, "確認されました。"), hline(72, 686, 10, "お詫びします。")),
			0, "確認されました。\nお詫びします。"},
		{"English wraps with a space",
			cat(hline(72, 700, 10, "unauthorised access to the patron system was"), hline(72, 686, 10, "found.")),
			0, "unauthorised access to the patron system was found."},
		{"vertical columns right to left",
			cat(vcol(300, 700, 10, "一二三"), vcol(500, 700, 10, "架空省"), vcol(400, 700, 10, "告示第")),
			0, "架空省\n\n告示第\n\n一二三"},
		{"wrapped column joined",
			cat(vcol(500, 700, 10, "情報システムの安全管理に関する"), vcol(482, 700, 10, "指針。"), vcol(464, 700, 10, "一　各機関")),
			0, "情報システムの安全管理に関する指針。\n一　各機関"},
		{"mixed page: heading, columns, footer",
			cat(hline(72, 780, 18, "お知らせ"), vcol(500, 700, 12, "本文の一行目は十二文字ある"), vcol(478, 700, 12, "本文の二"), hline(72, 60, 10, "以上")),
			0, "お知らせ\n\n本文の一行目は十二文字ある本文の二\n\n以上"},
		{"fake bold dropped",
			cat(hline(72, 700, 16, "見出し"), hline(72.4, 700, 16, "見出し"), hline(72.8, 700.3, 16, "見出し")),
			0, "見出し"},
		{"real repeats kept",
			hline(72, 700, 10, "llama ーー"),
			0, "llama ーー"},
		{"rotated page",
			func() []Glyph {
				var gs []Glyph
				for i, s := range []string{"一行目", "二行目"} {
					for j, r := range []rune(s) {
						gs = append(gs, Glyph{X: 60 + float64(i)*20, Y: 80 + float64(j)*12, DY: 1, Adv: 12, Size: 12, S: string(r)})
					}
				}
				return gs
			}(),
			90, "一行目\n二行目"},
		{"vertical by position",
			func() []Glyph {
				var gs []Glyph
				for i, col := range []string{"縦書きの", "二行目"} {
					for j, r := range []rune(col) {
						gs = append(gs, Glyph{X: 500 - float64(i)*20, Y: 700 - float64(j)*12, DX: 1, Adv: 12, Size: 12, S: string(r)})
					}
				}
				return gs
			}(),
			0, "縦書きの\n二行目"},
		{"縦中横 digits stay in their column",
			cat(vcol(500, 700, 10, "令和八年"), hline(495, 657, 5, "12"), vcol(500, 650, 10, "月一日"), vcol(482, 700, 10, "次の列")),
			0, "令和八年12月一日\n次の列"},
		{"a column of figures stays rows",
			cat(hline(300, 700, 10, "1"), hline(300, 688, 10, "2"), hline(300, 676, 10, "3")),
			0, "1\n2\n3"},
		{"text turned upside down", func() []Glyph {
			var gs []Glyph
			for j, r := range []rune("逆さま") {
				gs = append(gs, Glyph{X: 300 - float64(j)*12, Y: 400, DX: -1, Adv: 12, Size: 12, S: string(r)})
			}
			return gs
		}(), 0, "逆さま"},
	}
	for _, tt := range tests {
		got := Text(Page(tt.glyphs, tt.rotate))
		if got != tt.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

// TestPageInvariants: any glyphs, no panic, valid UTF-8, no glyph text lost
// except overprints.
func TestPageInvariants(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for range 200 {
		var gs []Glyph
		want := 0
		for range rng.Intn(60) {
			g := Glyph{X: rng.Float64() * 600, Y: rng.Float64() * 800, DX: rng.Float64()*2 - 1, DY: rng.Float64()*2 - 1,
				Adv: rng.Float64() * 20, Size: 1 + rng.Float64()*20, S: string(rune('あ' + rng.Intn(80)))}
			gs = append(gs, g)
			want++
		}
		out := Text(Page(gs, 90*rng.Intn(4)))
		if !utf8.ValidString(out) {
			t.Fatal("invalid UTF-8")
		}
		if got := utf8.RuneCountInString(strings.NewReplacer(" ", "", "\n", "").Replace(out)); got > want {
			t.Fatalf("%d characters out of %d glyphs", got, want)
		}
	}
}

func BenchmarkPage(b *testing.B) {
	var gs []Glyph
	for i := range 40 {
		gs = append(gs, hline(72, 800-float64(i)*14, 10, strings.Repeat("架空の告示文", 7))...)
	}
	b.ReportAllocs()
	for b.Loop() {
		Page(gs, 0)
	}
}
