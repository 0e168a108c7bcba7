package extract

func trimSpace(r []rune, s, e int) (int, int) {
	for s < e && (r[s] == ' ' || r[s] == '\t' || r[s] == '\r') {
		s++
	}
	for e > s && (r[e-1] == ' ' || r[e-1] == '\t' || r[e-1] == '\r') {
		e--
	}
	return s, e
}

func hasRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func textHas(rs []rune, i int, w string) bool {
	for _, r := range w {
		if i >= len(rs) || rs[i] != r {
			return false
		}
		i++
	}
	return true
}

func isHan(r rune) bool {
	return (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0x3400 && r <= 0x4DBF) || r == '々' || r == '〆'
}

func asciiAlnum(r rune) bool {
	return (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
}

func asciiLetter(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
}

// textHasAny returns the length of the first of ws that r[i:] starts with.
func textHasAny(r []rune, i int, ws ...string) int {
	for _, w := range ws {
		if textHas(r, i, w) {
			return len([]rune(w))
		}
	}
	return 0
}

// textEndsWith reports whether r[:i] ends with w.
func textEndsWith(r []rune, i int, w string) bool {
	n := len([]rune(w))
	return i >= n && textHas(r, i-n, w)
}

func isKatakana(r rune) bool { return r >= 'ァ' && r <= 'ヺ' || r == 'ー' }

func isHiragana(r rune) bool { return r >= 'ぁ' && r <= 'ゖ' }

func containsWord(rs []rune, w string) bool {
	ws := []rune(w)
	for i := 0; i+len(ws) <= len(rs); i++ {
		ok := true
		for k, r := range ws {
			if rs[i+k] != r {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func isParticle(r rune) bool {
	switch r {
	case 'は', 'が', 'を', 'に', 'で', 'と', 'へ', 'の', 'や', 'も':
		return true
	}
	return false
}

// indexRune returns the first offset of c in r[s:e], or -1.
func indexRune(r []rune, s, e int, c rune) int {
	for k := s; k < e; k++ {
		if r[k] == c {
			return k
		}
	}
	return -1
}
