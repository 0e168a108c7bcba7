package extract

import "testing"

func TestParseNumeral(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		end     int // runes consumed
		whole   bool
		kanji   bool
		bigTail int64
	}{
		{"60000件", 60000, 5, true, false, 0},
		{"1,000名", 1000, 5, true, false, 0},
		{"12,031件", 12031, 6, true, false, 0},
		{"1万2,345件", 12345, 7, true, false, 0},
		{"3504万件", 35040000, 5, true, false, 1e4},
		{"六万件", 60000, 2, true, true, 1e4},
		{"二万五千人", 25000, 4, true, true, 0},
		{"9百件", 900, 2, true, false, 0},
		{"1.2万件", 12000, 4, true, false, 1e4},
		{"8万6千件", 86000, 4, true, false, 0},
		{"千百名分", 1100, 2, true, true, 0},
		{"百二十一名", 121, 4, true, true, 0},
		{"二〇二四年", 2024, 4, true, true, 0},
		{"二十九年", 29, 3, true, true, 0},
		{"1億件", 100000000, 2, true, false, 1e8},
		{"150万件", 1500000, 4, true, false, 1e4},
		{"2億7.765万円", 200077650, 8, true, false, 1e4},
		{"3.2GB", 0, 3, false, false, 0},
		{"十数社", 10, 1, true, true, 0},
		{"2,3件", 2, 1, true, false, 0},
		{"1234,567", 1234, 4, true, false, 0},
		{"万一", 0, 0, false, false, 0},
	}
	for _, tt := range tests {
		r := []rune(tt.in)
		n, ok := parseNumeral(r, 0)
		if tt.end == 0 {
			if ok {
				t.Errorf("parseNumeral(%q) = %+v, want no numeral", tt.in, n)
			}
			continue
		}
		if !ok {
			t.Errorf("parseNumeral(%q) failed", tt.in)
			continue
		}
		v, whole := n.Int()
		if n.end != tt.end || whole != tt.whole || (whole && v != tt.want) || n.kanji != tt.kanji || n.big != tt.bigTail {
			t.Errorf("parseNumeral(%q) = value %d whole %v end %d kanji %v big %d; want %d %v %d %v %d",
				tt.in, v, whole, n.end, n.kanji, n.big, tt.want, tt.whole, tt.end, tt.kanji, tt.bigTail)
		}
	}
}

func TestReadSmallNum(t *testing.T) {
	tests := []struct {
		in         string
		want       int
		ok         bool
		positional bool
		digits     int
	}{
		{"2024年", 2024, true, true, 4},
		{"07月", 7, true, true, 2},
		{"二〇二四年", 2024, true, true, 4},
		{"三十一日", 31, true, false, 0},
		{"十二月", 12, true, false, 0},
		{"一万年", 0, false, false, 0},
		{"123456", 0, false, false, 0},
		{"千年", 1000, true, false, 0},
	}
	for _, tt := range tests {
		n, ok := readSmallNum([]rune(tt.in), 0)
		if ok != tt.ok || (ok && (n.val != tt.want || n.positional != tt.positional || n.digits != tt.digits)) {
			t.Errorf("readSmallNum(%q) = %+v %v, want %d %v positional %v digits %d", tt.in, n, ok, tt.want, tt.ok, tt.positional, tt.digits)
		}
	}
}

func FuzzNumerals(f *testing.F) {
	for _, s := range []string{"1万2,345件", "二万五千人", "1.2万", "8万6千", "9百", "千百", "2億7.765万", "1,000,000", "〇〇", "九九九九九九九九九九九九九九九九九九九九九"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := []rune(s)
		for i := range r {
			n, ok := parseNumeral(r, i)
			if !ok {
				continue
			}
			if n.start != i || n.end <= i || n.end > len(r) || n.den <= 0 || n.num < 0 {
				t.Fatalf("parseNumeral(%q, %d) = %+v", s, i, n)
			}
		}
		d := &document{norm: newNormText(s)}
		orig := d.norm.orig
		for _, c := range extractCounts(d) {
			if c.Value <= 0 || c.Start < 0 || c.End > len(orig) || c.Start >= c.End || c.Text != string(orig[c.Start:c.End]) {
				t.Fatalf("bad count %+v in %q", c, s)
			}
		}
	})
}
