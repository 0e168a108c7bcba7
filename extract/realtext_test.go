package extract

import (
	"slices"

	"testing"
	"time"
)

// Phenomena seen in real notices and news articles (../shared/eval/
// real-dev.jsonl, spec §10), each written here as fictional text with
// invented organisations. One table per field.

func TestRealTextVictim(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"news subject after a descriptor",
			"東証スタンダードに上場する風見精機株式会社が3日、子会社のサーバーがランサムウェアに感染したと公表した。",
			"風見精機株式会社"},
		{"news subject with が and a date, no legal form",
			"倉庫業のハヤテ通運が12日、社内の受注システムがランサムウエアに感染していたと明らかにした。",
			"ハヤテ通運"},
		{"news subject: an all-caps brand after 大手",
			"精密機器大手KOMORIXは8日、不正アクセスを受けて顧客の氏名が流出したおそれがあると発表した。",
			"KOMORIX"},
		{"subject of the attack, the outlet is not the victim",
			"海外メディアのTechDailyは5日、ミナモ・エンタテインメント(MNE)がランサムウェアグループ「Kuroshio」に攻撃され、従業員の個人情報が流出したと伝えた。",
			"ミナモ・エンタテインメント"},
		{"parent of a subsidiary that was attacked",
			"精密部品メーカーZEPHTRONのタイ子会社がサイバー攻撃に遭っていたことが判明した。攻撃者側は犯行声明をネット上に載せている。",
			"ZEPHTRON"},
		{"headline target",
			"ミヤビサイクルにランサムウェア攻撃、身代金要求\n\n攻撃者は機密情報を公開すると脅している。",
			"ミヤビサイクル"},
		{"a maker descriptor is no part of the name",
			"計測機器メーカーアオバ精工が、社内サーバーへの不正アクセスを受けたと発表した。",
			"アオバ精工"},
		{"a person by role is no victim",
			"町立小学校の教員が児童名簿をなくしたと町が発表した。名簿には児童12人分の氏名と住所が書かれていた。",
			""},
		{"self-definition of a hospital",
			"朝霧台中央病院(以下「当院」)において、外来の検査結果を記録したUSBメモリが所在不明となりました。",
			"朝霧台中央病院"},
		{"title that opens with its issuer",
			"ひばり医療センター 外付けハードディスク所在不明についてのお詫び\n当院において、受診者の情報を保存していた外付けハードディスクが見当たらなくなりました。",
			"ひばり医療センター"},
		{"signature line of a mayor",
			"市民の皆様の個人情報が漏えいしたことをお詫びいたします。\n潮見市長 海野 太郎\n担当課がお知らせを一斉送信した際、BCCにすべき受信者のアドレスをTOに入れてしまい、個人情報が漏えいしました。",
			"潮見市"},
		{"the board of education cited by news",
			"中学校の教諭の車が荒らされ、生徒の名前が書かれた連絡網が盗まれた。\n若葉市教育委員会によると、連絡網は後部座席のかばんに入っていた。",
			"若葉市教育委員会"},
		{"impersonated issuer of a phishing notice",
			"不審なメールにご注意ください\n桐野市を装ったメールが、市の委託業者あてに届いているとの連絡が複数ありました。\n市がこのようなメールを送ることはありません。",
			"桐野市"},
		{"a shop the issuer runs is its only name",
			"「Lumen Garden」への不正アクセスに関するお知らせ\n弊社が運営する「Lumen Garden」のサーバーが不正アクセスを受け、ご利用者のカード情報が流出した可能性がございます。",
			"Lumen Garden"},
		{"the lead's subject, named again by an anaphor",
			"ドラッグストアチェーンのマルミツは、会員アプリのポイントが第三者に使われる被害が相次いでいると発表し、パスワードの変更を呼びかけた。\n同社によると、本人以外によるログインが相次いだ。",
			"マルミツ"},
		{"the lead's subject after a clause, named twice",
			"青葉県の開示文書 黒塗り外せる状態に\n情報公開請求を受けて青葉県が開示した公文書で、黒塗りを外せる状態になっていたことが分かった。",
			"青葉県"},
		{"the tail of a word broken over a line is no name",
			"1 要旨\n参加者あてに、宛先欄に入れたままのメールが送られ、メ\nールアドレスが漏洩しました。",
			""},
		{"a quoted name as the subject of the attack; the headline is no issuer",
			"ランサムウェア攻撃でデータ流出か　港の病院\n県内の総合病院「しおかぜ中央病院」がランサムウェアの被害を受け、患者の診療情報が流出した可能性があることが分かった。",
			"しおかぜ中央病院"},
		{"an attacker found by context is no victim",
			"ランサムウェア集団のNightowlが、リークサイトに盗んだとするデータを掲載した。",
			""},
		{"the police announcing an arrest are no victim",
			"若葉県警は3日、元職員が住民の個人情報を無断で持ち出したとして逮捕したと発表した。", ""},
		{"a person with a title is no victim",
			"山田社長は5日、不正アクセスで顧客の氏名が流出したと明らかにした。", ""},
		{"a notice's lead names no victim by its subject",
			"令和6年2月20日\n令和6年2月1日にお知らせした本市職員によるUSBメモリの紛失について、発見の連絡がありました。\nUSBメモリは駅構内で拾得されたもので、USBメモリのデータが閲覧された形跡はありませんでした。",
			""},
		{"a device is no organisation",
			"USBメモリの紛失\nハードディスクが、不正アクセスを受けた。ハードディスクには氏名が記録されていた。", ""},
		{"common katakana nouns are no victim",
			"当社の事務用パソコン数台がコンピューターウイルスに感染し、取引先に不審なメールが届いていることが判明しました。",
			""},
		{"anaphors are no victim",
			"同会によると、看護師がUSBメモリを紛失した。氏名が記録されていた。", ""},
		{"a header date line is no issuer",
			"更新日:2025年3月5日\n個人情報を含む文書の滅失について\n福祉課で文書を誤って滅失させてしまいました。", ""},
		{"a hiragana name before its suffix, then 同金庫",
			"こまどり信用金庫（本店・春野市）は2日、委託先の社員が顧客の氏名を記載した名簿を盗まれたと発表した。\n同金庫によると、車の窓ガラスが割られた。",
			"こまどり信用金庫"},
		{"同金庫 alone is no victim",
			"同金庫によると、委託先の社員が顧客の氏名を記載した名簿を盗まれた。", ""},
		{"a salutation line is no issuer",
			"お客様各位\n\nメール誤送信に関するお詫び\n\n当社が送信したメールに、ご登録者様の氏名を含むファイルを誤って添付しました。\n\n株式会社ツバメキャリア\n個人情報保護管理者 佐藤 花子",
			"株式会社ツバメキャリア"},
		{"a press-release header and a division are no issuer; the contact line names the city",
			"記者発表資料\n令和7年6月20日\n市民部 保険年金課\n\n納税通知書の誤送付について\n\n本市が送付した通知書に、別の世帯の氏名と住所が記載されていました。\n\n問い合わせ先\n若草台市 市民部 保険年金課\n電話 0000-00-0000",
			"若草台市"},
		{"a hospital named in a quote as the place hit",
			"大阪府の「みずなら記念病院」で、電子カルテのシステムがサイバー攻撃を受けて使えなくなった。\n病院によると、患者の氏名が保存されていた。",
			"みずなら記念病院"},
		{"the government is no victim",
			"サイバー攻撃を防ぐため、政府が攻撃元のサーバーに侵入して無害化する法律が成立した。政府は事業者に報告を求める。氏名は公表されていない。", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := extractText(t, tc.text).victim; got != tc.want {
				t.Errorf("victim = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRealTextIncidentTypes(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"ransomware called ウイルス is ransomware only",
			"ハヤテ通運は、受注サーバーが「ランサムウエア」と呼ばれる身代金型ウイルスの被害に遭ったと発表した。同社はウイルス感染を確認したという。",
			[]string{"ransomware"}},
		{"ランサムウエア spelling",
			"光学部品のコマチ光機は、海外拠点がランサムウエアの被害を受けたと発表した。",
			[]string{"ransomware"}},
		{"a named family stays malware beside ransomware",
			"当社サーバーがランサムウェアに感染しました。また、一部の端末でEmotetへの感染を確認しました。",
			[]string{"malware", "ransomware"}},
		{"なくした is a loss",
			"職員が出張先で、利用者の名簿を入れたかばんをなくしたことが分かりました。",
			[]string{"loss"}},
		{"少なくした is no loss",
			"新しい端末は消費電力を少なくしたモデルです。",
			nil},
		{"vulnerability alone is no unauthorized access",
			"ランサムウェアグループが転送ソフトの脆弱性を突き、ファイルを盗んだ。同社はランサムウェアの被害を公表した。",
			[]string{"ransomware"}},
		{"To instead of BCC",
			"担当者が講座の案内を送る際、BCCで送るべき受講者のアドレスをTO欄に入力して送信してしまいました。",
			[]string{"misdelivery"}},
		{"TO instead of BCC, described as visible",
			"白鷺大学は、教員が学生約200人にメールを送る際、宛先を「BCC」ではなく「TO」に入れて送信し、メールアドレスが他の学生に見える状態になったと発表した。",
			[]string{"misdelivery"}},
		{"BCC not used",
			"担当者がBCCを使わずに案内メールを送信したため、受信者全員のメールアドレスが表示されました。",
			[]string{"misdelivery"}},
		{"removable 黒塗り",
			"県が開示した公文書で、黒塗りを外せる状態になっており、個人の氏名が閲覧できる状態だった。",
			[]string{"misconfiguration"}},
		{"滅失 by mistake",
			"保健センターにおいて、住民の個人情報が記載された台帳を誤って滅失していたことが判明しました。",
			[]string{"loss"}},
		{"staff taking data home without permission",
			"市の職員が、住民の電話番号を無断で持ち帰り、私用の携帯電話から連絡していました。",
			[]string{"insider"}},
		{"staff looking up records without need",
			"当院職員が、業務上の必要がないにもかかわらず、電子カルテで知人の診療記録を閲覧していたことが判明しました。",
			[]string{"insider"}},
		{"account takeover without 不正アクセス",
			"通販サイトで本人以外によるログインが相次ぎ、会員のポイントが使われる被害が続いている。",
			[]string{"unauthorized_access"}},
		{"spoofed mail sent in the issuer's name",
			"当市を装った迷惑メールが、市の委託業者に送られる事案が続いています。なりすましメールにご注意ください。",
			[]string{"phishing"}},
		{"hypothetical infection in a warning",
			"お客様各位\n\nランサムウェアへの注意のお願い\n\nランサムウェアに感染すると、ファイルが暗号化されるおそれがあります。\n添付ファイルを開いたりすると、ウイルス感染につながるおそれがあります。",
			nil},
		{"TO instead of BCC, described as 閲覧できる状態",
			"市は13日、職員が宛先を「BCC」とすべきところを「TO」に入力したため、受信者同士でメールアドレスが閲覧できる状態になったと明らかにした。",
			[]string{"misdelivery"}},
		{"taken out without permission, then lost",
			"教諭が、校長の許可を得ずに、生徒の氏名を保存したUSBメモリを校外に持ち出しました。同日夕方、店舗で紛失に気付きました。",
			[]string{"insider", "loss"}},
		{"an account used by a third party",
			"本学教員のメールアカウントが第三者に不正に使用され、迷惑メールが送信されました。",
			[]string{"unauthorized_access"}},
		{"an attack whose consequence is negated is still an attack",
			"病院の電子カルテのシステムがサイバー攻撃を受けて使えなくなりました。患者の氏名が保存されていました。",
			[]string{"unauthorized_access"}},
		{"や、 carries the negation",
			"当社の名称を騙るフィッシングメールが確認されています。なお、当社システムへの不正アクセスや、当社からの情報流出は確認されておりません。",
			[]string{"phishing"}},
		{"an earlier case adds nothing",
			"当社のサーバーがランサムウェアに感染しました。当社は2024年にもフィッシングメールによる被害を受けています。",
			[]string{"ransomware"}},
		{"a trend and a hypothetical are no incident",
			"近年、ランサムウェアによる被害が中小企業でも相次いでいます。事業者にはサイバー攻撃を受けた際の報告を求めます。",
			nil},
		{"a product launch is no incident",
			"ミドリソフトは6月1日に、ランサムウェア対策ソフト「FileGuard」を売り出したと発表した。未知のランサムウェアによるファイルの書き換えを食い止める。ランサムウェアの動きを検出する。",
			nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := extractText(t, tc.text).incidents; !slices.Equal(got, tc.want) {
				t.Errorf("incident types = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRealTextCategories(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"listed without a leak verb, held on what was lost",
			"町立中学校の教員が私物のUSBメモリをなくしたと町が発表した。メモリには生徒31人の氏名や住所、電話番号、生年月日のデータが保存されていた。",
			[]string{"address", "birthdate", "name", "phone"}},
		{"the negation after the clause that held the data",
			"診療所が外付けディスクをなくした。そのディスクに受診者の氏名は含まれていないものの、受診者の年齢、性別、病名の一覧が保存されており、暗号化もされていなかった。",
			[]string{"age", "gender", "health"}},
		{"mappings: 担当者名, 通知表",
			"委託先のサーバーが不正アクセスを受け、顧客情報(会社名、担当者名)が流出したおそれがある。\n別の件で、児童の通知表を保護者に誤送信した。",
			[]string{"education", "name", "organization"}},
		{"保存されており holds the data",
			"職員が外付けディスクを紛失した。ディスクには利用者の氏名、住所が保存されており、暗号化されていなかった。",
			[]string{"address", "name"}},
		{"concessive ないにもかかわらず is no negation",
			"窓口の担当者が、相談者の携帯電話番号を無断で書き写して持ち帰り、用件がないにもかかわらず電話をかけていた。",
			[]string{"phone"}},
		{"credentials obtained by the attacker",
			"第三者が利用者のログインIDとパスワードを手に入れて予約サイトに不正ログインし、クーポンを使用した。",
			[]string{"credentials"}},
		{"polite past of a containment verb",
			"担任教諭が名簿を紛失しました。名簿には、児童27名の氏名が記載されていました。",
			[]string{"name"}},
		{"what was not recorded stays out",
			"USBメモリを紛失しました。USBメモリには氏名や住所は記録されておりません。",
			nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := extractText(t, tc.text).categories; !slices.Equal(got, tc.want) {
				t.Errorf("categories = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRealTextAttackers(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"spelling variants are never names",
			"基幹システムが「ランサムウエア」と呼ばれる身代金型のウイルスに感染した。マルウエア「マルウエア」ではない。",
			nil},
		{"katakana name before と名乗る and a group word",
			"「ツキカゲチーム」と名乗るハッカー集団が、約120ギガバイトのデータを入手したとSNSに投稿した。",
			[]string{"?ツキカゲチーム"}},
		{"group word then an unquoted Latin name",
			"ランサムウェア集団のNightowlが、同社から盗んだとするデータを公開した。",
			[]string{"?Nightowl"}},
		{"ハッカー集団 then a quoted name",
			"ハッカー集団「Blue Lantern」が犯行声明を出した。",
			[]string{"?Blue Lantern"}},
		{"unquoted name before を名乗る and a group",
			"Crimson Mothを名乗るグループが、データを盗んだと主張している。",
			[]string{"?Crimson Moth"}},
		{"name before a claim",
			"ShadowPineの犯行声明によると、10万件のデータを盗んだという。",
			[]string{"?ShadowPine"}},
		{"name before a leak site",
			"RedHeronがリークサイトに同社のデータを掲載した。",
			[]string{"?RedHeron"}},
		{"full-width Latin name",
			"ランサムウェアグループ「Ｇｒａｙｆｉｎ」が犯行声明を出した。",
			[]string{"?Ｇｒａｙｆｉｎ"}},
		{"a company impersonated in mail is no attacker",
			"ミナト銀行を名乗るメールが届いています。ご注意ください。",
			nil},
		{"a company group is no attacker",
			"ハッカー集団が、アオバ株式会社の犯行声明を…", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := extractText(t, tc.text).attackers; !slices.Equal(got, tc.want) {
				t.Errorf("attackers = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRealTextDates(t *testing.T) {
	pub := time.Date(2025, 5, 7, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"range end after a time of day",
			"作業日時:2024年11月9日(土)23:30~2024年11月10日(日)05:00", []string{"2024-11-09", "2024-11-10"}},
		{"two months in one expression",
			"令和5年6・7月分の診療記録", []string{"2023-06", "2023-07"}},
		{"翌朝 and 今朝", "2025年4月10日に発覚し、翌朝に公表した。今朝、続報を出した。", []string{"2025-04-10", "2025-04-11", "2025-05-07"}},
		{"ことし", "ことし3月ごろから不正な利用が続いていた。", []string{"2025-03"}},
		{"退職日翌日 is no anaphor",
			"元職員は2021年9月30日に退職したが、令和3年10月1日(退職日翌日)に社内システムへログインしていた。", []string{"2021-09-30", "2021-10-01"}},
		{"a date qualifying a noun is no anchor",
			"2023年8月7日、保存期間の過ぎた台帳(令和5年9月30日廃棄予定)を倉庫へ移した。翌日、台帳が見当たらなくなった。",
			[]string{"2023-08-07", "2023-09-30", "2023-08-08"}},
		{"two-digit year where the text writes the 2000s",
			"25年12月19日に障害が発生し、同日中に復旧した。2025年末に公表した。", []string{"2025-12-19", "2025-12-19", "2025"}},
		{"two-digit year alone stays unread", "25年12月19日に発生した。", nil},
		{"fiscal range in one era", "平成10~19年度の資料", []string{"FY1998", "FY2007"}},
		{"fiscal range, second year without its era", "平成10年度~19年度の資料", []string{"FY1998", "FY2007"}},
		{"year range with a four-digit start", "2010~2019年度の資料", []string{"FY2010", "FY2019"}},
		{"day alone in news resolves in the publication month", "ハクチョウ電機は2日、不正アクセスを受けたと発表した。", []string{"2025-05-02"}},
		{"停職3月 is a duration", "2018年11月29日、停職3月の懲戒処分とした。", []string{"2018-11-29"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := wordsExtractor(t).Extract(Input{Text: tc.text, Published: pub})
			var got []string
			for _, d := range r.Dates {
				got = append(got, d.Value)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("dates = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSelfReference(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"当社サーバーが不正アクセスを受けました。", "当社"},
		{"本市の職員がUSBメモリを紛失しました。", "本市"},
		{"同社によると、サーバーが不正アクセスを受けた。", ""},
	} {
		r := wordsExtractor(t).Extract(Input{Text: tc.text})
		got := ""
		if r.SelfReference != nil {
			got = r.SelfReference.Text
		}
		if got != tc.want {
			t.Errorf("%s: self reference %q, want %q", tc.text, got, tc.want)
		}
	}
}
