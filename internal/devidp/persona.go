package devidp

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
)

// Login types of the persona form.
const (
	loginPersonal = "personal"
	loginLegal    = "legal"
)

// persona is the person a tester logs in as. For a personal login the
// organization fields are empty.
type persona struct {
	Name       string
	IDNumber   string
	Phone      string
	LoginType  string
	OrgName    string
	CreditCode string
}

func (p persona) legal() bool { return p.LoginType == loginLegal }

// subjectFor derives the OIDC subject from the phone number, so that
// logging in twice with the same phone yields the same subject, as the
// provincial provider's stable subject does.
func subjectFor(phone string) string {
	sum := sha256.Sum256([]byte(phone))
	return "dev-" + hex.EncodeToString(sum[:12])
}

// wuhanDistricts are the administrative division codes (GB/T 2260) of
// Wuhan's districts between 420102 and 420117; 420108 to 420110 are unused.
var wuhanDistricts = []string{
	"420102", "420103", "420104", "420105", "420106", "420107",
	"420111", "420112", "420113", "420114", "420115", "420116", "420117",
}

var (
	surnames   = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈")
	givenChars = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬建国志文斌浩宇欣怡子涵梓轩思雨晨阳俊博")
	orgWords   = []string{"光谷", "江城", "楚天", "长江", "东湖", "汉江", "黄鹤", "荆楚", "晴川", "知音"}
	orgTrades  = []string{"信息科技", "智能制造", "生物医药", "新材料", "电子商务", "光电技术", "软件开发", "环保科技"}
	orgForms   = []string{"有限公司", "股份有限公司", "有限责任公司"}
)

// randomPersona returns a realistic persona with a valid resident ID
// number (GB 11643), a mobile number and, for loginType legal, an
// organization with a valid unified social credit code (GB 32100).
func randomPersona(rng *rand.Rand, loginType string) persona {
	p := persona{
		Name:      randomName(rng),
		IDNumber:  randomIDNumber(rng),
		Phone:     fmt.Sprintf("1%d%09d", 3+rng.IntN(7), rng.IntN(1_000_000_000)),
		LoginType: loginPersonal,
	}
	if loginType == loginLegal {
		p.LoginType = loginLegal
		p.OrgName = "武汉" + pick(rng, orgWords) + pick(rng, orgTrades) + pick(rng, orgForms)
		p.CreditCode = randomCreditCode(rng)
	}
	return p
}

func pick[T any](rng *rand.Rand, items []T) T { return items[rng.IntN(len(items))] }

func randomName(rng *rand.Rand) string {
	var b strings.Builder
	b.WriteRune(pick(rng, surnames))
	for range 1 + rng.IntN(2) {
		b.WriteRune(pick(rng, givenChars))
	}
	return b.String()
}

// randomIDNumber returns an 18-character resident ID number: a Wuhan
// district code, a birth date between 1960 and 2005, a sequence number
// and the check character.
func randomIDNumber(rng *rand.Rand) string {
	birth := fmt.Sprintf("%04d%02d%02d", 1960+rng.IntN(46), 1+rng.IntN(12), 1+rng.IntN(28))
	body := pick(rng, wuhanDistricts) + birth + fmt.Sprintf("%03d", rng.IntN(1000))
	return body + string(idNumberCheck(body))
}

// idNumberWeights are the GB 11643-1999 weights, 2^(17-i) mod 11.
var idNumberWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idNumberCheck returns the GB 11643 check character of the first 17
// digits of a resident ID number.
func idNumberCheck(body string) byte {
	sum := 0
	for i, w := range idNumberWeights {
		sum += int(body[i]-'0') * w
	}
	return "10X98765432"[sum%11]
}

// randomCreditCode returns a unified social credit code of an enterprise
// (registration authority 9, category 1) in a Wuhan district, whose
// embedded organization code carries a valid GB 11714 check character.
func randomCreditCode(rng *rand.Rand) string {
	org := fmt.Sprintf("%08d", rng.IntN(100_000_000))
	body := "91" + pick(rng, wuhanDistricts) + org + string(orgCodeCheck(org))
	return body + string(creditCodeCheck(body))
}

// creditCodeAlphabet lists the GB 32100-2015 characters in value order;
// I, O, S, V and Z are not used.
const creditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// creditCodeCheck returns the GB 32100 check character of the first 17
// characters of a unified social credit code.
func creditCodeCheck(body string) byte {
	sum := 0
	for i, w := range creditCodeWeights {
		sum += strings.IndexByte(creditCodeAlphabet, body[i]) * w
	}
	return creditCodeAlphabet[(31-sum%31)%31]
}

var orgCodeWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// orgCodeCheck returns the GB 11714 check character of an 8-digit
// organization code body.
func orgCodeCheck(body string) byte {
	sum := 0
	for i, w := range orgCodeWeights {
		sum += int(body[i]-'0') * w
	}
	switch check := 11 - sum%11; check {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + check)
	}
}
