package incident

// Cause classes of the annual surveys (東京商工リサーチ「上場企業の個人情報
// 漏えい・紛失事故」調査; JNSA インシデント調査の原因分類), so that kohyo's
// counts can be set beside theirs. Each incident counts once, in the class
// of its strongest cause (the order below), as the surveys count an
// incident once.
const (
	CauseCyber      = "不正アクセス・ウイルス感染"
	CauseMisdeliver = "誤表示・誤送信"
	CauseLoss       = "紛失・誤廃棄"
	CauseTheft      = "盗難・不正持ち出し"
	CauseOther      = "その他"
)

// causeOf maps kohyo's incident types (dict.IncidentTypes) to the survey
// classes. The README's stats section shows the same table.
var causeOf = map[string]string{
	"ransomware":          CauseCyber,
	"unauthorized_access": CauseCyber,
	"malware":             CauseCyber,
	"phishing":            CauseCyber,
	"misdelivery":         CauseMisdeliver,
	"misconfiguration":    CauseMisdeliver,
	"loss":                CauseLoss,
	"theft":               CauseTheft,
	"insider":             CauseTheft,
}

// Causes lists the classes in order of precedence.
var Causes = []string{CauseCyber, CauseMisdeliver, CauseLoss, CauseTheft, CauseOther}

// CauseOfType is the survey class of one incident type (CauseOther when
// the type is unknown).
func CauseOfType(t string) string {
	if c, ok := causeOf[t]; ok {
		return c
	}
	return CauseOther
}

// Cause is the survey class of an incident with these types: the first
// class of Causes that one of them maps to.
func Cause(types []string) string {
	best := len(Causes) - 1
	for _, t := range types {
		for i, c := range Causes {
			if c == CauseOfType(t) && i < best {
				best = i
			}
		}
	}
	return Causes[best]
}
