package pdftext

import (
	"crypto/md5"
	"crypto/rc4"
	"reflect"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
)

// The library decrypts RC4-encrypted files with an object key that is
// always 16 bytes; PDF cuts it to the file key's length plus five bytes,
// so for 40-bit files (owner-password "protected" notices from older
// software) every stream and string comes out wrong. rawFlate decrypts
// such streams again from the file's bytes; pdfString does the same for
// the strings kohyo reads (CIDSystemInfo, form values).

// decryptRC4 decrypts an object's data with the standard security
// handler's RC4 (PDF 32000-1 §7.6.2, algorithm 1). The object key is the
// MD5 of the file key and the object number cut to the file key's length
// plus five bytes: the library does not cut it, so 40-bit files (every
// stream then reads as a zlib error) are decrypted here.
func decryptRC4(key []byte, id uint32, gen uint16, data []byte) []byte {
	h := md5.New()
	h.Write(key)
	h.Write([]byte{byte(id), byte(id >> 8), byte(id >> 16), byte(gen), byte(gen >> 8)})
	k := h.Sum(nil)[:min(len(key)+5, 16)]
	c, err := rc4.NewCipher(k)
	if err != nil {
		return data
	}
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out
}

// objectKeys returns, for a string or stream of an RC4-encrypted file
// with a key shorter than 11 bytes, the library's object key and the
// right one; ok is false for other files.
func objectKeys(v pdf.Value) (wrong, right []byte, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	rv := reflect.ValueOf(v)
	r := rv.FieldByName("r")
	if r.IsNil() {
		return nil, nil, false
	}
	key := r.Elem().FieldByName("key")
	if key.Len() == 0 || key.Len() >= 11 || r.Elem().FieldByName("useAES").Bool() {
		return nil, nil, false
	}
	ptr := rv.FieldByName("ptr")
	id, gen := uint32(ptr.FieldByName("id").Uint()), uint16(ptr.FieldByName("gen").Uint())
	h := md5.New()
	h.Write(key.Bytes())
	h.Write([]byte{byte(id), byte(id >> 8), byte(id >> 16), byte(gen), byte(gen >> 8)})
	k := h.Sum(nil)
	return k, k[:key.Len()+5], true
}

// pdfString is a string's bytes, decrypted right (see above).
func pdfString(v pdf.Value) string {
	s := v.RawString()
	wrong, right, ok := objectKeys(v)
	if !ok {
		return s
	}
	b := []byte(s)
	for _, k := range [][]byte{wrong, right} { // RC4 is its own inverse
		c, err := rc4.NewCipher(k)
		if err != nil {
			return s
		}
		c.XORKeyStream(b, b)
	}
	return string(b)
}

// pdfText is a text string (PDF 32000 §7.9.2): UTF-16BE after a byte
// order mark, else PDFDocEncoding, which agrees with Latin-1 on the
// characters forms and font names use.
func pdfText(v pdf.Value) string {
	s := pdfString(v)
	if len(s) >= 2 && s[0] == 0xFE && s[1] == 0xFF {
		u := make([]uint16, 0, len(s)/2)
		for i := 2; i+1 < len(s); i += 2 {
			u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
		}
		return string(utf16.Decode(u))
	}
	r := make([]rune, 0, len(s))
	for i := 0; i < len(s); i++ {
		r = append(r, rune(s[i]))
	}
	return string(r)
}
