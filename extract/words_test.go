package extract

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/kohyo-dev/kohyo/dict"
)

var (
	wordsExOnce sync.Once
	wordsEx     *Extractor
	wordsExErr  error
)

// wordsExtractor is one Extractor shared by the word-level tests (the IPA
// dictionary takes a while to load).
func wordsExtractor(t testing.TB) *Extractor {
	t.Helper()
	wordsExOnce.Do(func() { wordsEx, wordsExErr = New() })
	if wordsExErr != nil {
		t.Fatal(wordsExErr)
	}
	return wordsEx
}

// wordFields are the word-level fields of a result in comparable form.
type wordFields struct {
	attackers  []string // canonical names, "?" prefix when unknown
	categories []string
	incidents  []string
	victim     string // "" for null
}

func fieldsOf(r *Result) wordFields {
	var f wordFields
	for _, a := range r.Attackers {
		n := a.Name
		if !a.Known {
			n = "?" + n
		}
		f.attackers = append(f.attackers, n)
	}
	for _, c := range r.Categories {
		f.categories = append(f.categories, c.Category)
	}
	f.incidents = append(f.incidents, r.IncidentTypes...)
	if r.Victim != nil {
		f.victim = *r.Victim
	}
	sort.Strings(f.attackers)
	sort.Strings(f.categories)
	sort.Strings(f.incidents)
	return f
}

func words(s string) []string {
	w := strings.Fields(s)
	sort.Strings(w)
	return w
}

// TestWordsDocuments runs the word-level extractors over fictional
// documents of several styles (release headers, news reports, warnings,
// non-incidents) written for these tests.
func TestWordsDocuments(t *testing.T) {
	ex := wordsExtractor(t)
	for _, tc := range []struct {
		file                            string
		attackers, categories, incident string
		victim                          string
	}{
		{"words_release_header.txt", "Akira", "name birthdate education hr phone", "unauthorized_access ransomware", "サクラ電工株式会社"},
		{"words_news_legal.txt", "", "name health", "loss", "医療法人社団みどり会"},
		{"words_warning_only.txt", "", "", "", ""},
		{"words_ransom_unknown.txt", "?NightOwl_Syndicate LockBit", "name address phone member_id bank_account", "ransomware", "公益財団法人 ひなた文化振興会"},
		{"words_insider_theft.txt", "", "name address phone organization financial family", "insider", "カエデ不動産株式会社"},
		{"words_not_incident.txt", "", "", "", ""},
		{"words_news_paren.txt", "Black_Basta", "name organization email", "ransomware", "アマギ設計"},
		// pages a crawler meets on every corporate site: about no incident
		{"words_privacy_policy.txt", "", "", "", ""},
		{"words_ir_results.txt", "", "", "", ""},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			got := fieldsOf(ex.Extract(Input{Text: string(b)}))
			want := wordFields{
				attackers:  words(strings.ReplaceAll(tc.attackers, "_", "\x00")),
				categories: words(tc.categories),
				incidents:  words(tc.incident),
				victim:     tc.victim,
			}
			for i := range want.attackers {
				want.attackers[i] = strings.ReplaceAll(want.attackers[i], "\x00", " ")
			}
			if !slices.Equal(got.attackers, want.attackers) {
				t.Errorf("attackers = %q, want %q", got.attackers, want.attackers)
			}
			if !slices.Equal(got.categories, want.categories) {
				t.Errorf("categories = %q, want %q", got.categories, want.categories)
			}
			if !slices.Equal(got.incidents, want.incidents) {
				t.Errorf("incident types = %q, want %q", got.incidents, want.incidents)
			}
			if got.victim != want.victim {
				t.Errorf("victim = %q, want %q", got.victim, want.victim)
			}
		})
	}
}

func extractText(t *testing.T, text string) wordFields {
	t.Helper()
	return fieldsOf(wordsExtractor(t).Extract(Input{Text: text}))
}

// TestAttackerAliases: every alias of the dictionary, written in a
// sentence that names it as a group, gives the canonical name.
func TestAttackerAliases(t *testing.T) {
	d, err := dict.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range d.Attackers {
		for _, al := range a.Aliases {
			al = strings.TrimPrefix(al, "~")
			t.Run(al, func(t *testing.T) {
				got := extractText(t, "当社のサーバーが攻撃グループ「"+al+"」による攻撃を受けました。")
				if !slices.Equal(got.attackers, []string{a.Name}) {
					t.Errorf("attackers = %q, want [%q]", got.attackers, a.Name)
				}
			})
		}
	}
}

func TestAttackerContext(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"BlackCat（別名ALPHV、ブラックキャット）による被害です。", "ALPHV"},
		{"LockBit 3.0 とLockBit Black、ロックビットは同じ集団です。", "LockBit"},
		{"lockbit3.0を名乗る脅迫文が残されていた。", "LockBit"},
		{"MirrorFace（ミラーフェイス）がLODEINFOを使った。", "LODEINFO MirrorFace"},
		{"ランサムウェアグループ「Kurogane」が犯行を主張した。", "?Kurogane"},
		{"「Tsubame Team」を名乗る集団が声明を出した。", "?Tsubame_Team"},
		{"ハッカー集団「ヤミカラス」が関与した疑いがある。", "?ヤミカラス"},
		{"サイバー犯罪グループ「Cl0p（クロップ）」が声明を出した。", "Cl0p"},
		{"ランサムウェアグループを名乗る「Yamiyo」が、窃取したデータを公開した。", "?Yamiyo"},
		{"ハッカー集団と称する「クロハガネ」から連絡があった。", "?クロハガネ"},
		{"ロシア系を名乗るグループ「Fuyugare」が声明を出した。", "?Fuyugare"},
		{"「Shimotsuki」を名乗る犯行声明が届いた。", "?Shimotsuki"},
		{"攻撃グループ「Nagare」による攻撃を受けました。", "?Nagare"},
		// impersonation is no attacker
		{"「ミドリ銀行」を名乗るSMSが届いています。", ""},
		{"当社の名前を名乗る「サポート窓口」からの電話にご注意ください。", ""},
		// generic words and ordinary quotes are no attackers
		{"ランサムウェアによる攻撃を受け、第三者である攻撃者やハッカーが侵入した。", ""},
		{"企業グループ「ミドリホールディングス」の一員です。", ""},
		{"ランサムウェアグループ「ランサムウェア」と書かれていた。", ""},
		// ambiguous aliases need attacker context; no match inside words
		{"新製品「Hive」とDisplay Play Guideを発売します。", ""},
		{"ランサムウェアHiveに感染しました。", "Hive"},
		{"社員のアキラさんが担当します。", ""},
		{"委託先の株式会社ミライ・ブッキングが不正アクセスを受けました。", ""},
		{"IoT機器を狙うMiraiの亜種による攻撃を受けました。", "Mirai"},
		// an alias that only starts a longer word or a person's name is no
		// attacker, even with attack words in the sentence
		{"エベレスト登山隊の架空サイトがサイバー攻撃を受けた。", ""},
		{"ミライ工業がサイバー攻撃を受けたと発表した。", ""},
		{"社員のアキラさんのPCがウイルスに感染した。", ""},
		{"ローレンツ変換の解説ページが攻撃を受けた。", ""},
		{"Mirai工業のサーバーが攻撃を受けた。", ""},
		{"講師のAkira氏がランサムウェア対策を解説した。", ""},
		{"ランサムウェアの攻撃を受けた件でエベレスト様にご報告します。", ""},
		// attack words right after the alias keep it
		{"ロックビット3.0による攻撃を受けました。", "LockBit"},
		{"LockBit2.0の亜種による攻撃でした。", "LockBit"},
		{"「Akira」によるランサムウェア攻撃を受けました。", "Akira"},
		{"ランサムウェア「アキラ」の被害を受けました。", "Akira"},
		{"Emotet感染が社内で確認されました。", "Emotet"},
		{"LockBit攻撃により業務が停止しました。", "LockBit"},
		{"ランサムウェアのエベレスト被害が確認された。", "Everest"},
		{"ミライ感染したIoT機器が攻撃に使われた。", "Mirai"},
		{"Mirai型ボットネットによる攻撃を受けた。", "Mirai"},
		{"ランサムウェアLorenzに感染しました。", "Lorenz"},
		{"ミライ社のサーバーがサイバー攻撃を受けた。", ""},
		// words that do not continue a noun keep it too
		{"ランサムウェアHive及びPlayによる攻撃を受けた。", "Hive Play"},
		{"ランサムウェアHive側は犯行を認めていない。", "Hive"},
		{"ランサムウェアPlay同様に、Fogも攻撃を続けている。", "Fog Play"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			got := extractText(t, tc.text)
			want := words(tc.want)
			for i := range want {
				want[i] = strings.ReplaceAll(want[i], "_", " ")
			}
			if !slices.Equal(got.attackers, want) {
				t.Errorf("attackers = %q, want %q", got.attackers, want)
			}
		})
	}
}

// TestCategoryWords: every category word in a leak sentence gives its id.
func TestCategoryWords(t *testing.T) {
	d, err := dict.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range d.Categories {
		t.Run(c.Surface, func(t *testing.T) {
			got := extractText(t, "流出した可能性のある情報は、お客様の"+c.Surface+"です。")
			if !slices.Contains(got.categories, c.ID) {
				t.Errorf("categories = %q, want %s among them", got.categories, c.ID)
			}
		})
	}
}

// TestCategoryScope: which mentions count (leak contexts, sections, labels)
// and which do not (negations, warnings, incidental mentions).
func TestCategoryScope(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"sentence", "流出した可能性があるのは、顧客の氏名、住所、電話番号など。", "name address phone"},
		{"section", "2．漏えいした可能性のある情報\n・氏名、生年月日\n・メールアドレス\n\n3．今後の対応\nご登録の住所宛てにご連絡します。", "name birthdate email"},
		{"nested section", "1．調査結果\n(1) 攻撃の概要\nサーバーが暗号化された。\n(2) 流出したおそれのある情報\n① お客様の情報：氏名/住所\n(3) 身代金について\n口座番号は聞かれていない。", "name address"},
		{"label", "誤送付された情報：お客様1名の氏名、お客様番号", "name member_id"},
		{"contain heading", "二　盗まれたパソコンに保存されていた情報\n・お名前、保険証の記号・番号", "name government_id"},
		{"family", "漏えいしたのは、緊急連絡先となっているご家族の氏名です。", "family name phone"},
		{"negated sentence", "氏名が漏えいしましたが、クレジットカード情報は含まれておりません。", "name"},
		{"negated note", "2．漏えいした情報\n・氏名\n※クレジットカード情報は当社では保持しておらず、漏えいの対象には含まれません。", "name"},
		{"negated heading", "(1) 流出した可能性がある情報\n氏名、住所\n(2) 流出の可能性がないと判断した情報\n口座番号、マイナンバー", "name address"},
		{"not found", "顧客の氏名や住所などが流出した形跡は、現時点で見つかっていない。", ""},
		{"cannot deny", "氏名が流出した可能性を否定できません。", "name"},
		{"possibility then negation", "氏名と年収が流出した可能性があり、悪用は確認されていない。", "name financial"},
		{"negated intro list", "2．流出した情報\n・氏名\nなお、以下の情報は流出の対象に含まれておりません。\n・クレジットカード番号\n・パスワード", "name"},
		{"warning", "不審な電話でパスワードや口座番号をお尋ねすることはありません。ご注意ください。", ""},
		{"password change", "漏えいした情報：氏名\n\n■お願い\n他のサービスでも同じパスワードをお使いの場合は、パスワードを変更してください。", "name"},
		{"zip password", "パスワード付きのZIPファイルが添付されていた。", ""},
		{"biography", "3．新任取締役の略歴\n氏名：山田 花子\n生年月日：1970年1月1日生\n役職：取締役", ""},
		{"phishing asks", "ログインID、パスワード、口座番号の入力を求めるフィッシングメールが確認されています。", ""},
		{"aside in section", "2．盗まれたパソコンに保存されていた情報\n・氏名\nなお、パソコンの起動にはパスワードの入力が必要な設定としておりました。", "name"},
		{"stop word", "漏えいしたのは当社役職員の情報です。", ""},
		{"negation in the next clause", "誤送信の対象はお客様のメールアドレスで、氏名やご住所などは含まれておりません。", "email"},
		{"negation over a continued clause", "漏えいの対象について、顔写真は別のサーバーで管理しており、今回の漏えいの対象には含まれておりません。", ""},
		{"negated list", "漏えいしたのは注文番号のみで、氏名・住所、電話番号は含まれておりません。", "purchase_history"},
		{"account compounds", "流出したのは、従業員の氏名と給与振込口座、返金口座の情報です。", "name bank_account"},
		{"account counter", "流出した情報は約540口座分の口座番号です。", "bank_account"},
		{"counter, not a name", "流出したのは10名前後の顧客の住所です。", "address"},
		{"guardian", "漏えいしたのは、生徒の氏名、保護者の氏名および電話番号です。", "name family phone"},
		{"spouse", "流出したのは、配偶者様の勤務先です。", "family organization"},
		{"prevention", "当社は、漏えいを防止するため、氏名や住所の管理を徹底します。", ""},
		{"bullets under a bracket heading", "【漏えいのおそれがある情報】\n■お取引先様の情報（約1,800名分）\n　会社名、氏名\n■従業員の情報\n　住所\n\n【今後の対応】\n■ご登録の電話番号へご連絡します。", "organization name address"},
		{"leak at another service", "他社サービスから流出したとみられるIDとパスワードを用いた不正ログインを確認しました。", ""},
		{"list after 次の", "2．被害の状況\n不正ログインを受けたアカウントでは、次の情報が閲覧された可能性がございます。\n・会員ID\n・メールアドレス", "member_id email"},
		{"password set", "2．パソコンに保存されていた情報\n・氏名\nパソコンには起動時のパスワードを設定しておりました。", "name"},
		{"system named after data", "病院の電子カルテシステムが停止し、患者の氏名が流出した。", "name"},
		{"held on an encrypted server", "暗号化されたサーバーには、顧客の氏名と住所が保存されていた。", "name address"},
		{"organisation's name", "リークサイトに同社の名前が掲載された。", ""},
		{"negation past a PDF line break", "　当社が運営する会員制通販サイトにおいて、第三者による\n不正アクセスが発生し、お客様の情報が外部に流出したおそ\nれがあることが判明いたしました。お客様には多大なるご迷\n惑とご心配をおかけしますことを、深くお詫び申し上げます\n。当社は外部専門機関の協力を得て調査を進めており、判明\nした事実は改めてお知らせいたします。\n\n２．漏えいした情報\n・氏名、メールアドレス\n　また、パスワードは別のサーバーで管理しており、漏えい\nの対象には含まれません。", "name email"},
		{"leak denied far after the list", "2．漏えいした情報\n・氏名\n※ マイナンバー、健康保険証の記号番号、クレジットカード情報は、今回侵害されたサーバーとは分離されたシステムで管理しており、これらが漏えいした痕跡は確認されておりません。", "name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := extractText(t, tc.text)
			if want := words(tc.want); !slices.Equal(got.categories, want) {
				t.Errorf("categories = %q, want %q", got.categories, want)
			}
		})
	}
}

// TestIncidentCues: cue words per type and the distractors around them.
func TestIncidentCues(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"サーバーがランサムウェアに感染し、ファイルが暗号化されました。", "ransomware"},
		{"攻撃者から身代金の要求がありました。", "ransomware"},
		{"第三者による不正アクセスを受けました。", "unauthorized_access"},
		{"攻撃者は社内ネットワークに侵入しました。", "unauthorized_access"},
		{"当院が空き巣の被害に遭い、窓を割って侵入した何者かにパソコンを盗まれました。", "theft"},
		{"従業員のパソコンがマルウェア「Emotet」に感染しました。", "malware"},
		{"エモテットの感染を確認しました。", "malware"},
		{"取引先を装ったなりすましメールが送信されました。", "phishing"},
		{"当行を装ったフィッシングメールにご注意ください。", ""},
		{"本件に便乗した不審なメールにご注意ください。", ""},
		{"中小企業向けランサムウェア対策サービスを提供開始いたします。", ""},
		{"全従業員を対象に標的型メール訓練を実施しました。", ""},
		{"ランサムウェアへの備えとして、バックアップを切り離して保管しています。", ""},
		{"当社を装った不審なメールが多数送信されました。", "phishing"},
		{"メールを誤送信しました。", "misdelivery"},
		{"書類を別のお客様へ誤って送付しました。", "misdelivery"},
		{"共有設定の不備により、外部から閲覧可能な状態となっていました。", "misconfiguration"},
		{"USBメモリを紛失しました。", "loss"},
		{"申告書を誤って廃棄しました。", "loss"},
		{"社員が車上荒らしの被害に遭いました。", "theft"},
		{"元従業員が顧客情報を不正に持ち出していました。", "insider"},
		{"委託先の元派遣社員がお客様の情報を不正に取得していました。", "insider"},
		{"暗号化機能付きのUSBメモリのみを使用します。", ""},
		{"保存データの暗号化は行っておりませんでした。", ""},
		{"USBメモリは暗号化されていませんでした。", ""},
		{"ウイルス対策ソフトで検査しました。", ""},
		{"ランサムウェアグループ「Cl0p」が声明を出した。", "ransomware"},
		{"サイバー犯罪グループ「Cl0p」が声明を出した。", ""},
		{"現時点で不正アクセスの事実は確認されておりません。", ""},
		// prevention, policy and hypotheticals report no incident
		{"個人情報への不正アクセス、紛失、改ざん及び漏えいを防止するため、安全管理措置を講じます。", ""},
		{"従業員による不正な持ち出しの防止に努めます。", ""},
		{"万一、情報の紛失が発生した場合には、速やかに報告します。", ""},
	} {
		t.Run(tc.text, func(t *testing.T) {
			got := extractText(t, tc.text)
			if want := words(tc.want); !slices.Equal(got.incidents, want) {
				t.Errorf("incident types = %q, want %q", got.incidents, want)
			}
		})
	}
}

// TestVictimForms: the issuer of a release, the subject of a news report,
// null for texts about no incident.
func TestVictimForms(t *testing.T) {
	const body = "\n\n個人情報漏えいに関するお詫び\n\n当社のサーバーが不正アクセスを受けました。\n"
	for _, tc := range []struct{ name, text, want string }{
		{"legal form first", "2024年1月5日\n株式会社ヤマブキ\n代表取締役 山吹 太郎" + body, "株式会社ヤマブキ"},
		{"legal form last", "2024年1月5日\nヤマブキ株式会社" + body, "ヤマブキ株式会社"},
		{"same line signatory", "2024年1月5日\nヤマブキ株式会社　代表取締役社長　山吹 太郎" + body, "ヤマブキ株式会社"},
		{"city", "令和6年1月5日\n東山市" + body, "東山市"},
		{"hospital", "２０２４年１月５日\nみなと市立病院\n院長　港 一郎" + body, "みなと市立病院"},
		{"welfare corporation", "令和6年1月5日\n社会福祉法人 こだま会\n理事長 木霊 花子" + body, "社会福祉法人 こだま会"},
		{"title first", "個人情報漏えいに関するお詫び\n2024年1月5日\nヤマブキ工業株式会社\n\n当社のサーバーが不正アクセスを受けました。\n", "ヤマブキ工業株式会社"},
		{"news", "精密機器のカスミ光学（本社・東京都港区）は5日、同社のサーバーが不正アクセスを受けたと発表した。", "カスミ光学"},
		{"news topic", "カスミ光学は5日、不正アクセスを受けたと発表した。", "カスミ光学"},
		{"contractor in body", "2024年1月5日\n株式会社ヤマブキ\n\n委託先への不正アクセスについて\n\n当社が業務を委託している株式会社アサツユ印刷が不正アクセスを受けました。\n", "株式会社ヤマブキ"},
		{"not an incident", "2024年1月5日\n株式会社ヤマブキ\n\n新製品発売のお知らせ\n\n当社は新製品を発売します。\n", ""},
		{"earnings", "2024年11月1日\n株式会社ヤマブキ\n\n2025年3月期 第2四半期決算に関するお知らせ\n\n当社の第2四半期の業績をお知らせします。\n\n1．特別損失\n8月に発生した不正アクセスに伴う復旧費用を特別損失として計上しました。\n", ""},
		{"generic subject", "個人情報は、公表している利用目的の範囲内で利用いたします。個人情報が流出したことを公表しました。", ""},
		{"apology title, one cue", "2024年1月5日\n東山市\n\n個人情報の取り扱いに関するお詫び\n\nこのたび、下記の事案が発生しました。\n\n1．概要\n職員が書類を紛失しました。\n", "東山市"},
		{"customers are no victim", "お客様は5日、不正アクセスを受けたと発表した。", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := extractText(t, tc.text).victim; got != tc.want {
				t.Errorf("victim = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestWordOffsets: every mention's text is the document's text at its
// offsets, also when NFKC changed the text (全角, ①).
func TestWordOffsets(t *testing.T) {
	text := "２０２４年１月５日\n株式会社ＡＢＣ\n\n①氏名　②住所　が流出した可能性があります。ＬｏｃｋＢｉｔ ３.０ による不正アクセスです。"
	r := wordsExtractor(t).Extract(Input{Text: text})
	doc := []rune(text)
	var spans []Span
	for _, a := range r.Attackers {
		spans = append(spans, a.Span)
	}
	for _, c := range r.Categories {
		spans = append(spans, c.Span)
	}
	for _, c := range r.IncidentCues {
		spans = append(spans, c.Span)
	}
	if r.VictimSpan != nil {
		spans = append(spans, *r.VictimSpan)
	}
	if len(spans) < 5 {
		t.Fatalf("only %d mentions: %+v", len(spans), r)
	}
	for _, s := range spans {
		if s.Start < 0 || s.End > len(doc) || string(doc[s.Start:s.End]) != s.Text {
			t.Errorf("span %+v does not match the text", s)
		}
	}
}
