package pdftext

import (
	"bytes"
	"compress/flate"
	"io"
	"reflect"

	"github.com/ledongthuc/pdf"
)

// rawFlate returns the undecoded bytes of an unencrypted stream whose one
// filter is FlateDecode, cut from the file itself. The library offers no
// way to get them, so its Value is read with reflect (the stream's offset
// in the file); if the library's layout changes this gives up, and
// TestGeneratedPDFs' damaged-stream case fails.
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
	if r := rv.FieldByName("r"); r.IsNil() || r.Elem().FieldByName("key").Len() > 0 {
		return nil, false // encrypted: the bytes in the file are not the stream's
	}
	data := rv.FieldByName("data").Elem()
	off := data.FieldByName("offset").Int()
	n := v.Key("Length").Int64()
	if off < 0 || n <= 0 || off > int64(len(body)) || n > int64(len(body))-off {
		return nil, false
	}
	return body[off : off+n], true
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
