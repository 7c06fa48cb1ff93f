package region

import "wct/internal/validate"

// ValidateAddress checks that code is a region an address may end in: a
// known code without subdivisions (see IsLeaf). It returns a
// *validate.Error wrapping validate.ErrRequired for an empty code and
// validate.ErrFormat for an unknown or incomplete one.
func ValidateAddress(code string) error {
	if code == "" {
		return &validate.Error{Reason: validate.ErrRequired, Message: "请选择所在地区"}
	}
	r, ok := Lookup(code)
	if !ok {
		return &validate.Error{Reason: validate.ErrFormat, Message: "所选地区不存在，请重新选择"}
	}
	if !IsLeaf(code) {
		return &validate.Error{Reason: validate.ErrFormat, Message: "请选择到区县一级，当前只选到了" + r.Name}
	}
	return nil
}
