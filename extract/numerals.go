package extract

// Japanese numerals on NFKC-normalised text (full-width digits are ASCII by
// then): Arabic digits with 3-digit comma groups and a decimal fraction,
// kanji numerals written positionally (二〇二四) or with the place words
// 十 百 千 (二十九, 千百), and mixes with the myriad words 万 億 兆
// (1万2,345, 1.2万, 8万6千, 9百, 二万五千).

// kanjiDigit is the value of a kanji digit 〇 一 … 九 (also 零), or -1.
func kanjiDigit(r rune) int {
	switch r {
	case '〇', '零':
		return 0
	case '一':
		return 1
	case '二':
		return 2
	case '三':
		return 3
	case '四':
		return 4
	case '五':
		return 5
	case '六':
		return 6
	case '七':
		return 7
	case '八':
		return 8
	case '九':
		return 9
	}
	return -1
}

// smallUnit is the value of a place word 十 百 千, or 0.
func smallUnit(r rune) int64 {
	switch r {
	case '十':
		return 10
	case '百':
		return 100
	case '千':
		return 1000
	}
	return 0
}

// bigUnit is the value of a myriad word 万 億 兆, or 0.
func bigUnit(r rune) int64 {
	switch r {
	case '万':
		return 1e4
	case '億':
		return 1e8
	case '兆':
		return 1e12
	}
	return 0
}

func isArabicDigit(r rune) bool { return r >= '0' && r <= '9' }

// isKanjiNumeral reports whether r can be part of a kanji numeral.
func isKanjiNumeral(r rune) bool {
	return kanjiDigit(r) >= 0 || smallUnit(r) > 0 || bigUnit(r) > 0
}

// isNumeralStart reports whether a numeral may begin with r.
func isNumeralStart(r rune) bool {
	return isArabicDigit(r) || kanjiDigit(r) >= 0 || smallUnit(r) > 0
}

// numeral is one number as written in the normalised text.
type numeral struct {
	start, end int   // rune range in the normalised text
	num        int64 // value is num / den
	den        int64
	kanji      bool // written with kanji digits or place words only
	positional bool // digits only (123, 二〇二四), no place or myriad words, no commas
	digits     int  // number of digits when positional
	decimal    bool // has a decimal fraction
	comma      bool // has comma groups
	big        int64
	// big is the last myriad word's value when the numeral ends with one
	// (3万 → 1e4), else 0; ranges like 1～2万件 borrow it.
}

// Int returns the numeral's value when it is a whole number.
func (n numeral) Int() (int64, bool) {
	if n.den == 0 || n.num%n.den != 0 {
		return 0, false
	}
	return n.num / n.den, true
}

// maxNumeral caps numerals (about 1.1e12) so that scaled arithmetic
// cannot overflow; larger numbers are no record counts.
const maxNumeral = int64(1) << 40

// maxDen caps the denominator of a decimal fraction.
const maxDen = int64(1e6)

// satMul and satAdd saturate at lim (all operands are non-negative).
func satMul(a, b, lim int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > lim/b {
		return lim
	}
	return min(a*b, lim)
}

func satAdd(a, b, lim int64) int64 {
	if a > lim-b {
		return lim
	}
	return a + b
}

// readDigits reads Arabic digits at r[i:]: plain, with 3-digit comma
// groups (12,345) and an optional decimal fraction (1.2). It returns the
// value as num/den.
func readDigits(r []rune, i int) (num, den int64, end int, comma, decimal bool, ndig int) {
	den = 1
	j := i
	for j < len(r) && isArabicDigit(r[j]) {
		num = num*10 + int64(r[j]-'0')
		if num > maxNumeral {
			num = maxNumeral
		}
		j++
		ndig++
	}
	// comma groups: the first group has at most 3 digits, each later group
	// exactly 3.
	if ndig <= 3 {
		for j+3 < len(r) && r[j] == ',' &&
			isArabicDigit(r[j+1]) && isArabicDigit(r[j+2]) && isArabicDigit(r[j+3]) &&
			(j+4 == len(r) || !isArabicDigit(r[j+4])) {
			num = num*1000 + int64(r[j+1]-'0')*100 + int64(r[j+2]-'0')*10 + int64(r[j+3]-'0')
			if num > maxNumeral {
				num = maxNumeral
			}
			j += 4
			ndig += 3
			comma = true
		}
	}
	if j+1 < len(r) && r[j] == '.' && isArabicDigit(r[j+1]) {
		k := j + 1
		for k < len(r) && isArabicDigit(r[k]) && den < maxDen {
			num = satAdd(satMul(num, 10, maxNumeral*maxDen), int64(r[k]-'0'), maxNumeral*maxDen)
			den *= 10
			k++
		}
		for k < len(r) && isArabicDigit(r[k]) {
			k++
		}
		j = k
		decimal = true
	}
	return num, den, j, comma, decimal, ndig
}

// parseNumeral reads the longest numeral at r[i:]. It does not look at
// what comes before i; callers check the context.
func parseNumeral(r []rune, i int) (numeral, bool) {
	if i >= len(r) || !isNumeralStart(r[i]) {
		return numeral{}, false
	}
	n := numeral{start: i, kanji: true, positional: true}
	// Accumulators are scaled by D, the denominator of the one decimal
	// fraction a numeral may have (1.2万).
	var total, section int64
	D := int64(1)
	var cn, cd int64 = -1, 1 // pending coefficient cn/cd, -1: none
	kanjiCoef := false       // the pending coefficient is written in kanji digits
	lastBig := int64(1) << 62
	lastSmall := int64(1) << 62
	endsBig := false
	lim := func() int64 { return maxNumeral * D }
	scaled := func() int64 { // the pending coefficient in units of 1/D
		if cn < 0 {
			return 0
		}
		return satMul(cn, D/cd, lim())
	}
	j := i
loop:
	for j < len(r) {
		c := r[j]
		switch {
		case isArabicDigit(c):
			if cn >= 0 {
				break loop
			}
			num, den, end, comma, dec, nd := readDigits(r, j)
			if dec {
				if D != 1 {
					break loop
				}
				D = den
				total = satMul(total, den, lim())
				section = satMul(section, den, lim())
			}
			n.kanji = false
			n.positional = n.positional && !comma && !dec
			n.comma = n.comma || comma
			n.decimal = n.decimal || dec
			n.digits += nd
			cn, cd, kanjiCoef = num, den, false
			j = end
		case kanjiDigit(c) >= 0:
			if cn >= 0 && !kanjiCoef {
				break loop
			}
			if cn < 0 {
				cn, cd, kanjiCoef = 0, 1, true
			}
			if cn < maxNumeral {
				cn = cn*10 + int64(kanjiDigit(c))
			}
			n.digits++
			j++
		case smallUnit(c) > 0:
			u := smallUnit(c)
			if u >= lastSmall || cn > 9 {
				break loop
			}
			if cn < 0 {
				cn, cd = 1, 1
			}
			section = satAdd(section, satMul(scaled(), u, lim()), lim())
			cn, kanjiCoef = -1, false
			lastSmall = u
			n.positional = false
			j++
		case bigUnit(c) > 0:
			u := bigUnit(c)
			if u >= lastBig || (cn < 0 && section == 0) {
				break loop
			}
			total = satAdd(total, satMul(satAdd(section, scaled(), lim()), u, lim()), lim())
			section, cn, kanjiCoef = 0, -1, false
			lastBig, lastSmall = u, 1<<62
			n.positional = false
			endsBig = true
			j++
			continue
		default:
			break loop
		}
		endsBig = false
	}
	if j == i {
		return numeral{}, false
	}
	n.end = j
	n.num, n.den = satAdd(satAdd(total, section, lim()), scaled(), lim()), D
	if endsBig {
		n.big = lastBig
	}
	if !n.positional {
		n.digits = 0
	}
	return n, true
}

// smallNum is a short number inside a date: Arabic digits, or kanji digits
// and place words up to 9999 (二十九, 十二, 二〇二四).
type smallNum struct {
	val        int
	end        int
	digits     int  // digits written (Arabic, or kanji positional); 0 for 二十九
	kanji      bool // written in kanji
	positional bool // Arabic, or kanji digits only
}

// readSmallNum reads a date number at r[i:]. Arabic runs longer than 4
// digits and kanji numerals that go on with 万 or 億 are not date numbers.
func readSmallNum(r []rune, i int) (smallNum, bool) {
	if i >= len(r) {
		return smallNum{}, false
	}
	if isArabicDigit(r[i]) {
		j, v := i, 0
		for j < len(r) && isArabicDigit(r[j]) {
			if j-i < 5 {
				v = v*10 + int(r[j]-'0')
			}
			j++
		}
		if j-i > 4 {
			return smallNum{}, false
		}
		return smallNum{val: v, end: j, digits: j - i, positional: true}, true
	}
	if !isNumeralStart(r[i]) {
		return smallNum{}, false
	}
	j := i
	for j < len(r) && (kanjiDigit(r[j]) >= 0 || smallUnit(r[j]) > 0) {
		j++
	}
	if j-i > 8 || (j < len(r) && bigUnit(r[j]) > 0) {
		return smallNum{}, false
	}
	n, ok := parseNumeral(r[:j], i)
	if !ok || n.end != j || n.num > 9999 {
		return smallNum{}, false
	}
	return smallNum{val: int(n.num), end: j, digits: n.digits, kanji: true, positional: n.positional}, true
}
