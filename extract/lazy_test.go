package extract

import (
	"errors"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"

	kdict "github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome-dict/ipa"
)

// Fictional texts: a notice with no incident cue (a dictionary scan is all
// it needs) and a breach notice whose rules read tokens (a negated leak,
// a victim name).
const (
	lazyOfficeMove = `2024年11月15日
株式会社みなと精機

本社移転のお知らせ

このたび当社は業務拡大に伴い、本社を下記のとおり移転することとなりましたので、お知らせいたします。

1．新住所　東京都港区芝公園九丁目8番7号　みなとビル12階
2．業務開始日　2024年12月2日（月）

なお、電話番号およびFAX番号に変更はございません。
`
	lazyBreach = `2024年10月25日
株式会社かもめ物産

当社サーバーへの不正アクセスに関するお知らせ

このたび、当社が運用するサーバーが第三者による不正アクセスを受け、ランサムウェアに感染したことが判明いたしました。
漏えいのおそれがある情報は、お客様情報約1万2千件（氏名、住所、電話番号）です。
なお、クレジットカード情報は当社では保有しておらず、流出はございません。
`
)

// countingExtractor is a new Extractor (its own tokenizer, not yet built)
// whose system dictionary loads through sys; builds counts the loads.
func countingExtractor(t *testing.T, sys func() *kdict.Dict) (*Extractor, *atomic.Int32) {
	t.Helper()
	e, err := New(WithClock(testClock))
	if err != nil {
		t.Fatal(err)
	}
	var builds atomic.Int32
	e.system = func() *kdict.Dict { builds.Add(1); return sys() }
	return e, &builds
}

// TestTokenizerLazy: the tokenizer is built when, and only when, a
// document needs tokens, and the result is the one of an extractor whose
// tokenizer was built up front.
func TestTokenizerLazy(t *testing.T) {
	eager := testExtractor(t)
	for _, tc := range []struct {
		name      string
		in        Input
		wantBuild bool
	}{
		{"no incident cue", Input{Text: lazyOfficeMove}, false},
		{"empty", Input{Text: ""}, false},
		{"breach notice", Input{Text: lazyBreach}, true},
		{"words asked for", Input{Text: lazyOfficeMove, Words: true}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, builds := countingExtractor(t, ipa.Dict)
			got := e.Extract(tc.in)
			if n := builds.Load(); (n == 1) != tc.wantBuild || n > 1 {
				t.Errorf("tokenizer built %d times, want built: %v", n, tc.wantBuild)
			}
			if got.Err != nil {
				t.Fatalf("Err = %v", got.Err)
			}
			if want := eager.Extract(tc.in); !reflect.DeepEqual(got, want) {
				t.Errorf("lazy result differs from the eager one:\n got %+v\nwant %+v", got, want)
			}
			e.Extract(tc.in)
			if err := e.Ready(); err != nil {
				t.Fatal(err)
			}
			if n := builds.Load(); n != 1 {
				t.Errorf("after Ready the tokenizer was built %d times, want once", n)
			}
		})
	}
}

// TestTokenizerConcurrentFirstUse: goroutines that need tokens at once
// build the tokenizer once and agree (run it with -race).
func TestTokenizerConcurrentFirstUse(t *testing.T) {
	e, builds := countingExtractor(t, ipa.Dict)
	want := testExtractor(t).Extract(Input{Text: lazyBreach})
	var wg sync.WaitGroup
	results := make([]*Result, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			text := lazyBreach
			if i%2 == 1 {
				text = lazyOfficeMove
				e.Wakati(text)
			}
			results[i] = e.Extract(Input{Text: text})
		}()
	}
	wg.Wait()
	if n := builds.Load(); n != 1 {
		t.Errorf("tokenizer built %d times, want once", n)
	}
	for i := 0; i < len(results); i += 2 {
		if !reflect.DeepEqual(results[i], want) {
			t.Errorf("goroutine %d: result differs from the eager one", i)
		}
	}
}

// TestTokenizerBuildFailure: a tokenizer that cannot be built is an error
// of Ready and of every result that needed tokens, never a panic; a
// document that needs no tokens is unaffected.
func TestTokenizerBuildFailure(t *testing.T) {
	for _, tc := range []struct {
		name string
		sys  func() *kdict.Dict
	}{
		{"no dictionary", func() *kdict.Dict { return nil }},
		{"dictionary panics", func() *kdict.Dict { panic("zip: not a valid zip file") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, builds := countingExtractor(t, tc.sys)
			if res := e.Extract(Input{Text: lazyOfficeMove}); res.Err != nil {
				t.Errorf("a document without cues: Err = %v, want nil", res.Err)
			}
			res := e.Extract(Input{Text: lazyBreach})
			if !errors.Is(res.Err, ErrTokenizer) {
				t.Errorf("Err = %v, want an ErrTokenizer", res.Err)
			}
			if err := e.Ready(); !errors.Is(err, ErrTokenizer) || err != res.Err {
				t.Errorf("Ready() = %v, want the result's error %v", err, res.Err)
			}
			if w := e.Wakati(lazyBreach); w != nil {
				t.Errorf("Wakati = %v, want nil", w)
			}
			if res := e.Extract(Input{Text: lazyBreach, Words: true}); !errors.Is(res.Err, ErrTokenizer) {
				t.Errorf("with Words: Err = %v, want an ErrTokenizer", res.Err)
			}
			if n := builds.Load(); n != 1 {
				t.Errorf("tokenizer build tried %d times, want once", n)
			}
		})
	}
}
