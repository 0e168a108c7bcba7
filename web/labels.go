package web

// Japanese names of the contract's incident type and category ids
// (/work/shared/spec/extraction.md §5 and §6), for display only: data
// and URLs keep the ids. An id missing here is shown as is.
var (
	typeLabels = map[string]string{
		"ransomware":          "ランサムウェア",
		"unauthorized_access": "不正アクセス",
		"malware":             "マルウェア",
		"phishing":            "フィッシング",
		"misdelivery":         "誤送信・誤送付",
		"misconfiguration":    "誤公開・設定不備",
		"loss":                "紛失",
		"theft":               "盗難",
		"insider":             "内部不正",
	}
	categoryLabels = map[string]string{
		"name":             "氏名",
		"address":          "住所",
		"phone":            "電話番号",
		"email":            "メールアドレス",
		"birthdate":        "生年月日",
		"age":              "年齢",
		"gender":           "性別",
		"organization":     "所属",
		"job_title":        "役職",
		"education":        "学歴",
		"hr":               "人事情報",
		"credit_card":      "クレジットカード",
		"bank_account":     "銀行口座",
		"credentials":      "認証情報",
		"member_id":        "会員番号",
		"purchase_history": "購入履歴",
		"health":           "健康・診療情報",
		"government_id":    "公的番号",
		"photo":            "顔写真",
		"family":           "家族情報",
		"financial":        "収入・税",
		"vehicle":          "車両情報",
	}
	fieldLabels = map[string]string{
		"dates":          "日付",
		"counts":         "件数",
		"attackers":      "攻撃者",
		"categories":     "漏えい項目",
		"incident_types": "事案種別",
		"victim":         "被害組織",
	}
)

// fields is the order of the mention fields in legends and tables.
var fields = []string{"victim", "incident_types", "dates", "counts", "attackers", "categories"}

func typeLabel(id string) string     { return label(typeLabels, id) }
func categoryLabel(id string) string { return label(categoryLabels, id) }
func fieldLabel(id string) string    { return label(fieldLabels, id) }

func label(m map[string]string, id string) string {
	if l, ok := m[id]; ok {
		return l
	}
	return id
}
