package pdftext

import (
	"math"
	"strconv"
	"strings"

	"github.com/ledongthuc/pdf"
)

// maxAnnots bounds the annotations read on one page.
const maxAnnots = 4096

// annotations draws form fields as a viewer shows them: a widget's normal
// appearance stream placed on its rectangle, or, for a text field without
// one, its value (/V) set at the left of the rectangle. Check boxes and
// radio buttons are skipped (their appearance is a tick glyph, not text),
// and so are hidden widgets and other annotations (comments, links).
func (pr *pageReader) annotations(page, res pdf.Value, g textState) {
	annots := page.Key("Annots")
	for i := 0; i < annots.Len() && i < maxAnnots; i++ {
		a := annots.Index(i)
		if a.Key("Subtype").Name() != "Widget" || a.Key("F").Int64()&2 != 0 || fieldKey(a, "FT").Name() == "Btn" {
			continue
		}
		r := a.Key("Rect")
		if r.Len() != 4 {
			continue
		}
		x0, x1 := math.Min(r.Index(0).Float64(), r.Index(2).Float64()), math.Max(r.Index(0).Float64(), r.Index(2).Float64())
		y0, y1 := math.Min(r.Index(1).Float64(), r.Index(3).Float64()), math.Max(r.Index(1).Float64(), r.Index(3).Float64())
		ap := a.Key("AP").Key("N")
		if ap.Kind() == pdf.Dict {
			ap = ap.Key(a.Key("AS").Name()) // appearance states
		}
		if ap.Kind() == pdf.Stream {
			if pr.forms >= maxFormCalls {
				return
			}
			pr.forms++
			fg := g
			fg.ctm = appearanceMatrix(ap, x0, y0, x1, y1)
			fres := ap.Key("Resources")
			if fres.Kind() != pdf.Dict {
				fres = res
			}
			pr.run(ap, fres, fg, 1)
			continue
		}
		v := fieldKey(a, "V")
		if v.Kind() != pdf.String || pdfText(v) == "" {
			continue
		}
		size := daSize(pdfString(fieldKey(a, "DA")))
		if size <= 0 || size > y1-y0 {
			size = math.Max(1, 0.7*(y1-y0))
		}
		pr.plain(x0+2, y0+(y1-y0-size)/2+0.2*size, size, pdfText(v))
	}
}

// fieldKey looks a field entry up on the widget and then on its parent
// fields (a field's kids inherit FT, V and DA).
func fieldKey(a pdf.Value, key string) pdf.Value {
	for i := 0; i < 16 && a.Kind() == pdf.Dict; i, a = i+1, a.Key("Parent") {
		if v := a.Key(key); !v.IsNull() {
			return v
		}
	}
	return pdf.Value{}
}

// appearanceMatrix maps an appearance stream's bounding box, transformed
// by its /Matrix, onto the annotation's rectangle (PDF 32000 §12.5.5).
func appearanceMatrix(ap pdf.Value, x0, y0, x1, y1 float64) affine {
	m := identity
	if mv := ap.Key("Matrix"); mv.Len() == 6 {
		for i := range m {
			m[i] = mv.Index(i).Float64()
		}
	}
	bb := ap.Key("BBox")
	if bb.Len() != 4 {
		return m.mul(translate(x0, y0))
	}
	bx0, by0, bx1, by1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, c := range [][2]int{{0, 1}, {0, 3}, {2, 1}, {2, 3}} {
		x, y := bb.Index(c[0]).Float64(), bb.Index(c[1]).Float64()
		tx, ty := x*m[0]+y*m[2]+m[4], x*m[1]+y*m[3]+m[5]
		bx0, by0, bx1, by1 = math.Min(bx0, tx), math.Min(by0, ty), math.Max(bx1, tx), math.Max(by1, ty)
	}
	sx, sy := 1.0, 1.0
	if bx1 > bx0 && x1 > x0 {
		sx = (x1 - x0) / (bx1 - bx0)
	}
	if by1 > by0 && y1 > y0 {
		sy = (y1 - y0) / (by1 - by0)
	}
	return m.mul(affine{sx, 0, 0, sy, x0 - bx0*sx, y0 - by0*sy})
}

// daSize is the type size a default-appearance string sets ("/F1 12 Tf
// 0 g" → 12), 0 when it sets none or 0 (auto size).
func daSize(da string) float64 {
	f := strings.Fields(da)
	for i := 1; i < len(f); i++ {
		if f[i] == "Tf" {
			if v, err := strconv.ParseFloat(f[i-1], 64); err == nil {
				return v
			}
		}
	}
	return 0
}

// plain draws text given as Unicode, rightwards from x, y: a wide character
// an em, others half an em.
func (pr *pageReader) plain(x, y, size float64, s string) {
	for _, r := range s {
		if len(pr.glyphs) >= maxPageGlyphs {
			return
		}
		w := size / 2
		if r >= 0x2E80 {
			w = size
		}
		pr.glyphs = append(pr.glyphs, pdfGlyph{X: x, Y: y, DX: 1, W: w, FontSize: size, S: string(r)})
		x += w
	}
}
