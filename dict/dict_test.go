package dict

import (
	"slices"
	"strings"
	"testing"
)

func load(t *testing.T) *Dict {
	t.Helper()
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestAttackers(t *testing.T) {
	d := load(t)
	if len(d.Attackers) < 60 {
		t.Errorf("%d attackers, want at least 60", len(d.Attackers))
	}
	owner := map[string]string{}
	names := map[string]bool{}
	for _, a := range d.Attackers {
		if a.Name == "" || a.Kind == "" || len(a.Aliases) == 0 {
			t.Errorf("incomplete entry %+v", a)
		}
		if names[a.Name] {
			t.Errorf("canonical name %q twice", a.Name)
		}
		names[a.Name] = true
		switch a.Kind {
		case KindRansomware, KindMalware, KindActor:
		default:
			t.Errorf("%s: unknown kind %q", a.Name, a.Kind)
		}
		if AliasKey(a.Aliases[0]) != AliasKey(a.Name) {
			t.Errorf("%s: the canonical name is not the first alias", a.Name)
		}
		for _, al := range a.Aliases {
			k := AliasKey(al)
			if k == "" {
				t.Errorf("%s: empty alias", a.Name)
			}
			if o, ok := owner[k]; ok && o != a.Name {
				t.Errorf("alias %q belongs to both %s and %s", al, o, a.Name)
			}
			owner[k] = a.Name
		}
	}
}

// TestAttackerAliases pins the alias groups the contract names.
func TestAttackerAliases(t *testing.T) {
	d := load(t)
	byKey := map[string]string{}
	for _, a := range d.Attackers {
		for _, al := range a.Aliases {
			byKey[AliasKey(al)] = a.Name
		}
	}
	for _, tc := range []struct{ alias, name string }{
		{"BlackCat", "ALPHV"}, {"Noberus", "ALPHV"}, {"ブラックキャット", "ALPHV"},
		{"LockBit 3.0", "LockBit"}, {"LockBit Black", "LockBit"}, {"ロックビット", "LockBit"},
		{"エモテット", "Emotet"}, {"Clop", "Cl0p"}, {"クロップ", "Cl0p"},
		{"ミラーフェイス", "MirrorFace"}, {"Earth Kasha", "MirrorFace"},
		{"Agenda", "Qilin"}, {"ラザルス", "Lazarus"}, {"Sodinokibi", "REvil"},
		{"Qbot", "QakBot"}, {"menuPass", "APT10"}, {"ブラックバスタ", "Black Basta"},
		{"BlackBasta", "Black Basta"}, {"8Base", "8Base"}, {"Phobos", "Phobos"},
	} {
		if got := byKey[AliasKey(tc.alias)]; got != tc.name {
			t.Errorf("%s → %q, want %q", tc.alias, got, tc.name)
		}
	}
}

func TestTerms(t *testing.T) {
	d := load(t)
	for _, tc := range []struct {
		file  string
		terms []Term
		ids   []string
		min   int
	}{
		{"categories.tsv", d.Categories, CategoryIDs, 150},
		{"incidents.tsv", d.Incidents, IncidentTypes, 80},
		{"cues.tsv", d.Cues, CueKinds, 200},
	} {
		if len(tc.terms) < tc.min {
			t.Errorf("%s: %d terms, want at least %d", tc.file, len(tc.terms), tc.min)
		}
		used := map[string]bool{}
		seen := map[string]bool{}
		owner := map[string]string{}
		for _, term := range tc.terms {
			if term.Surface == "" || term.ID == "" {
				t.Errorf("%s: empty field in %+v", tc.file, term)
			}
			if !slices.Contains(tc.ids, term.ID) {
				t.Errorf("%s: %q has unknown id %q", tc.file, term.Surface, term.ID)
			}
			used[term.ID] = true
			k := term.Surface + "\t" + term.ID
			if seen[k] {
				t.Errorf("%s: %q listed twice", tc.file, term.Surface)
			}
			seen[k] = true
			// a category or incident word means one thing
			if tc.file != "cues.tsv" {
				if o, ok := owner[AliasKey(term.Surface)]; ok && o != term.ID {
					t.Errorf("%s: %q is both %s and %s", tc.file, term.Surface, o, term.ID)
				}
				owner[AliasKey(term.Surface)] = term.ID
			}
			switch term.Cond {
			case "", CondCyber, CondInsider, CondSent, CondCarry:
			default:
				t.Errorf("%s: %q has unknown condition %q", tc.file, term.Surface, term.Cond)
			}
		}
		if tc.file != "cues.tsv" {
			for _, id := range tc.ids {
				if !used[id] {
					t.Errorf("%s: no word for %s", tc.file, id)
				}
			}
		}
	}
}

// TestContractWords: every surface form the contract's tables give is in
// the dictionaries under the contract's id.
func TestContractWords(t *testing.T) {
	d := load(t)
	cat := map[string]string{}
	for _, c := range d.Categories {
		cat[c.Surface] = c.ID
	}
	for id, words := range map[string]string{
		"name": "氏名 名前 お名前 姓名 フリガナ カナ氏名", "address": "住所 郵便番号 ご住所 送付先住所",
		"phone": "電話番号 携帯電話番号 FAX番号 連絡先", "email": "メールアドレス Eメールアドレス メールアカウント名",
		"birthdate": "生年月日", "age": "年齢", "gender": "性別", "organization": "会社名 勤務先 所属 部署名 団体名",
		"job_title": "役職 役職名", "education": "学歴 学校名 在籍校 学年 出身校 学籍番号 出席番号",
		"hr":          "人事情報 人事評価 給与 職歴 社員番号 職員番号 保有資格",
		"credit_card": "クレジットカード番号 カード名義 有効期限 セキュリティコード", "bank_account": "口座番号 銀行口座 口座情報 金融機関名",
		"credentials": "パスワード ログインID ユーザーID 認証情報 資格情報", "member_id": "会員番号 顧客番号 会員ID お客様番号",
		"purchase_history": "購入履歴 注文履歴 注文番号 購入商品 取引履歴",
		"health":           "病名 病歴 診療情報 検査結果 健康診断 診療科 カルテ 要介護度",
		"government_id":    "マイナンバー 個人番号 運転免許証 パスポート番号 保険証 基礎年金番号",
		"photo":            "顔写真 写真", "family": "家族情報 家族構成 扶養家族", "financial": "年収 所得 税額 納税額 年税額 収入",
		"vehicle": "自動車登録番号 車台番号 ナンバープレート",
	} {
		for _, w := range strings.Fields(words) {
			if cat[w] != id {
				t.Errorf("category word %s → %q, want %s", w, cat[w], id)
			}
		}
	}
	inc := map[string]string{}
	for _, c := range d.Incidents {
		inc[c.Surface] = c.ID
	}
	for id, words := range map[string]string{
		"ransomware": "ランサムウェア 身代金 暗号化され", "unauthorized_access": "不正アクセス 不正ログイン 侵入 侵害 サイバー攻撃 アカウントの不正使用",
		"malware": "マルウェア ウイルス感染", "phishing": "フィッシング なりすましメール", "misdelivery": "誤送信 誤送付 誤配送 誤交付",
		"misconfiguration": "誤公開 誤掲載 閲覧可能な状態 設定不備", "loss": "紛失 誤廃棄 所在不明",
		"theft": "盗難 置き引き 車上荒らし", "insider": "内部不正 不正に取得",
	} {
		for _, w := range strings.Fields(words) {
			if inc[w] != id {
				t.Errorf("incident cue %s → %q, want %s", w, inc[w], id)
			}
		}
	}
}

func TestUserDict(t *testing.T) {
	d := load(t)
	if _, err := d.UserDict(); err != nil {
		t.Fatal(err)
	}
}

func TestAliasKey(t *testing.T) {
	for in, want := range map[string]string{
		"LockBit 3.0": "lockbit30", "Black-Basta": "blackbasta", "~Hive": "hive",
		"ブラック・バスタ": "ブラックバスタ", "LAPSUS$": "lapsus$",
	} {
		if got := AliasKey(in); got != want {
			t.Errorf("AliasKey(%q) = %q, want %q", in, got, want)
		}
	}
}
