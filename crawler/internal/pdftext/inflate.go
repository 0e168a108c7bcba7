package pdftext

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"io"
	"reflect"

	"github.com/ledongthuc/pdf"
)

// rawFlate returns the undecoded bytes of a stream whose one filter is
// FlateDecode, cut from the file itself (and decrypted, for RC4), for
// when the library cannot decode it. The library offers no way to get
// them, so its Value is read with reflect (the stream's offset in the
// file, its object number, the file key); if the library's layout changes
// this gives up, and TestGeneratedPDFs' damaged-stream case fails.
func rawFlate(v pdf.Value, body []byte) (raw []byte, ok bool) {
	defer func() {
		if recover() != nil {
			raw, ok = nil, false
		}
	}()
	if v.Kind() != pdf.Stream || v.Key("Filter").Name() != "FlateDecode" {
		return nil, false
	}
	rv := reflect.ValueOf(v)
	r := rv.FieldByName("r")
	if r.IsNil() {
		return nil, false
	}
	data := rv.FieldByName("data").Elem()
	off := data.FieldByName("offset").Int()
	n := v.Key("Length").Int64()
	if off < 0 || n <= 0 || off > int64(len(body)) || n > int64(len(body))-off {
		return nil, false
	}
	raw = body[off : off+n]
	if key := r.Elem().FieldByName("key"); key.Len() > 0 {
		if r.Elem().FieldByName("useAES").Bool() {
			return nil, false // AES: the library's own decryption is right
		}
		ptr := data.FieldByName("ptr")
		raw = decryptRC4(key.Bytes(), uint32(ptr.FieldByName("id").Uint()), uint16(ptr.FieldByName("gen").Uint()), raw)
	}
	return raw, true
}

// inflate decompresses a zlib stream strictly.
func inflate(raw []byte, limit int) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	_, err = io.Copy(&buf, io.LimitReader(zr, int64(limit)))
	return buf.Bytes(), err
}

// inflateTolerant decompresses a FlateDecode stream the way readers that
// forgive damage do: as raw DEFLATE after the two zlib header bytes
// (whatever they say) or with no header at all, ignoring the checksum and
// keeping what decompressed before an error. The longer result wins.
func inflateTolerant(raw []byte, limit int) []byte {
	var best []byte
	for _, skip := range []int{2, 0} {
		if len(raw) <= skip {
			continue
		}
		var buf bytes.Buffer
		io.Copy(&buf, io.LimitReader(flate.NewReader(bytes.NewReader(raw[skip:])), int64(limit)))
		if buf.Len() > len(best) {
			best = buf.Bytes()
		}
	}
	return best
}
