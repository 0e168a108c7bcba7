package pdfcases

import (
	"bytes"
	"crypto/md5"
	"crypto/rc4"
	"encoding/binary"
	"fmt"
	"regexp"
)

// The standard security handler, revisions 2 (RC4, 40-bit key) and 3
// (RC4, 128-bit key), as PDF 32000-1 §7.6.3 describes them: what Acrobat
// and Japanese office software write for a file that anyone may open but
// not copy from (an owner password and an empty user password).

var passwordPad = []byte("\x28\xBF\x4E\x5E\x4E\x75\x8A\x41\x64\x00\x4E\x56\xFF\xFA\x01\x08\x2E\x2E\x00\xB6\xD0\x68\x3E\x80\x2F\x0C\xA9\xFE\x64\x53\x69\x7A")

func padPassword(pw string) []byte {
	return append([]byte(pw), passwordPad...)[:32]
}

func rc4With(key, data []byte) []byte {
	c, _ := rc4.NewCipher(key)
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out
}

// encryption is the state of an RC4-encrypted file being written.
type encryption struct {
	rev  int    // 2 or 3
	key  []byte // the file key: 5 bytes (R2) or 16 (R3)
	o, u []byte
	p    int32
	id   []byte
}

func newEncryption(rev int, owner, user string, id []byte) *encryption {
	e := &encryption{rev: rev, p: -3904, id: id} // printing allowed, copying not
	n := 16
	if rev == 2 {
		n = 5
	}
	h := md5.Sum(padPassword(owner))
	if rev >= 3 {
		for range 50 {
			h = md5.Sum(h[:])
		}
	}
	o := padPassword(user)
	for i := range 20 {
		if rev == 2 && i > 0 {
			break
		}
		k := make([]byte, n)
		for j := range k {
			k[j] = h[j] ^ byte(i)
		}
		o = rc4With(k, o)
	}
	e.o = o
	m := md5.New()
	m.Write(padPassword(user))
	m.Write(e.o)
	m.Write(binary.LittleEndian.AppendUint32(nil, uint32(e.p)))
	m.Write(id)
	key := m.Sum(nil)
	if rev == 2 {
		e.key = key[:5]
		e.u = rc4With(e.key, passwordPad)
		return e
	}
	for range 50 {
		s := md5.Sum(key[:16])
		key = s[:]
	}
	e.key = key[:16]
	m = md5.New()
	m.Write(passwordPad)
	m.Write(id)
	u := m.Sum(nil)
	for i := range 20 {
		k := make([]byte, 16)
		for j := range k {
			k[j] = e.key[j] ^ byte(i)
		}
		u = rc4With(k, u)
	}
	e.u = append(u, make([]byte, 16)...)
	return e
}

func (e *encryption) dict() string {
	if e.rev == 2 {
		return fmt.Sprintf("<< /Filter /Standard /V 1 /R 2 /Length 40 /P %d /O <%X> /U <%X> >>", e.p, e.o, e.u)
	}
	return fmt.Sprintf("<< /Filter /Standard /V 2 /R 3 /Length 128 /P %d /O <%X> /U <%X> >>", e.p, e.o, e.u)
}

// objectKey is the RC4 key for the strings and streams of object n.
func (e *encryption) objectKey(n int) []byte {
	k := append([]byte{}, e.key...)
	k = append(k, byte(n), byte(n>>8), byte(n>>16), 0, 0)
	s := md5.Sum(k)
	return s[:min(len(e.key)+5, 16)]
}

var literal = regexp.MustCompile(`\(([A-Za-z0-9]*)\)`)

// apply encrypts object n's literal strings and stream data in place (the
// objects written here use only plain literal strings outside streams).
func (e *encryption) apply(n int, body []byte) []byte {
	key := e.objectKey(n)
	head, data, found := bytes.Cut(body, []byte("\nstream\n"))
	head = literal.ReplaceAllFunc(head, func(m []byte) []byte {
		return []byte(fmt.Sprintf("<%X>", rc4With(key, m[1:len(m)-1])))
	})
	if !found {
		return head
	}
	data, tail, _ := bytes.Cut(data, []byte("\nendstream"))
	out := append(head, "\nstream\n"...)
	out = append(out, rc4With(key, data)...)
	out = append(out, "\nendstream"...)
	return append(out, tail...)
}
