package core

import "time"

// SMSLimits are the sending limits of verification codes.
type SMSLimits struct {
	ResendAfter  time.Duration // minimum gap between two codes to one phone
	PerPhoneHour int
	PerPhoneDay  int
	PerAddrDay   int // per client address
	GlobalHour   int // all phones together
}

// SMSCode is a verification code to store; only its hash is kept.
type SMSCode struct {
	Phone      string
	Purpose    string
	CodeHash   string
	ClientAddr string
	TTL        time.Duration
}
