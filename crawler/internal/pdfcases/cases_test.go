package pdfcases

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/ from the generator")

// TestGolden keeps testdata/ equal to what the generator writes: NAME.pdf
// and NAME.txt, the known text.
func TestGolden(t *testing.T) {
	for _, c := range All() {
		pdf := filepath.Join("testdata", c.Name+".pdf")
		txt := filepath.Join("testdata", c.Name+".txt")
		if *update {
			if err := os.WriteFile(pdf, c.PDF, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(txt, []byte(c.Text+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		for file, want := range map[string][]byte{pdf: c.PDF, txt: []byte(c.Text + "\n")} {
			got, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the generator's output (run go test -update)", file)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := All(), All()
	for i := range a {
		if !bytes.Equal(a[i].PDF, b[i].PDF) {
			t.Errorf("%s: two builds differ", a[i].Name)
		}
	}
}

func TestMetrics(t *testing.T) {
	tests := []struct {
		want, got     string
		recall, order float64
	}{
		{"架空の告示", "架空の告示", 1, 1},
		{"架空の告示", "告示 架空の", 1, 0.6},
		{"架空の告示", "架空", 0.4, 2 * 2 / 7.0},
		{"ｱｲｳ", "アイウ", 1, 1},
		{"abc", "", 1, 1},
		{"一二三四", "", 0, 0},
	}
	for _, tt := range tests {
		if r := Recall(tt.want, tt.got); r != tt.recall {
			t.Errorf("Recall(%q, %q) = %v, want %v", tt.want, tt.got, r, tt.recall)
		}
		if o := Order(tt.want, tt.got); o != tt.order {
			t.Errorf("Order(%q, %q) = %v, want %v", tt.want, tt.got, o, tt.order)
		}
	}
}
