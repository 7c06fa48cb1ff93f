package redact

import "strings"

// maskRune replaces each hidden character.
const maskRune = '*'

// Phone masks a phone number for display. An 11-digit mainland mobile
// number keeps its first 3 and last 4 digits ("13812345678" becomes
// "138****5678"). Any other value keeps only its last 2 characters, and a
// value of 2 characters or fewer is masked entirely.
func Phone(p string) string {
	if len(p) == 11 && isDigits(p) {
		return keep(p, 3, 4)
	}
	return keep(p, 0, 2)
}

// IDNumber masks a resident ID number for display, keeping its first 4 and
// last 4 characters ("420102199001011234" becomes "4201**********1234"). A
// value of 8 characters or fewer is masked entirely.
func IDNumber(id string) string {
	return keep(id, 4, 4)
}

// Name masks a personal name for display, keeping its first character
// ("张三丰" becomes "张**"). A one-character name is masked entirely,
// because keeping it would show the whole name.
func Name(n string) string {
	return keep(n, 1, 0)
}

// keep returns s with every character masked except the first head and
// last tail ones. When head+tail would leave nothing masked, it masks all
// characters. Characters are counted as runes so Chinese text is masked
// one character per '*'.
func keep(s string, head, tail int) string {
	runes := []rune(s)
	if len(runes) <= head+tail {
		return strings.Repeat(string(maskRune), len(runes))
	}
	for i := head; i < len(runes)-tail; i++ {
		runes[i] = maskRune
	}
	return string(runes)
}

func isDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
