// Client-side checks that mirror the server's validation, so most mistakes
// show before a round trip. The server still decides: its field errors are
// shown on the same form items.

import type { FormItemRule } from 'element-plus'

/** Converts full-width ASCII characters (such as "１３８") and the ideographic space to their ASCII forms. */
export function foldWidth(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim()
}

/**
 * Normalizes a mainland China mobile number the way the server does:
 * full-width digits folded, spaces and hyphens dropped, and a +86, 0086 or
 * 86 prefix removed when 11 digits follow it.
 */
export function normalizeMobile(s: string): string {
  let n = foldWidth(s).replace(/[\s-]/g, '')
  for (const prefix of ['+86', '0086', '86']) {
    if (n.startsWith(prefix) && n.length - prefix.length === 11) {
      n = n.slice(prefix.length)
      break
    }
  }
  return n
}

/** Returns a message when s is not a mainland China mobile number, else "". */
export function mobileError(s: string): string {
  const n = normalizeMobile(s)
  if (n === '') return '请输入手机号码'
  if (!/^1[3-9]\d{9}$/.test(n)) return '手机号码格式不正确，请输入以1开头的11位中国大陆手机号码'
  return ''
}

const creditCodeAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const creditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** Normalizes a unified social credit code: folded width, upper case, no spaces or hyphens. */
export function normalizeCreditCode(s: string): string {
  return foldWidth(s).toUpperCase().replace(/[\s-]/g, '')
}

/**
 * Returns a message when s is not shaped like a unified social credit code
 * (GB 32100-2015), else "". It does not test the check character, because
 * the server reports a wrong one with reason "checksum" and lets the
 * applicant confirm a code printed on a real licence.
 */
export function creditCodeError(s: string): string {
  const code = normalizeCreditCode(s)
  if (code === '') return '请输入统一社会信用代码'
  const n = [...code].length
  if (n !== 18) return `统一社会信用代码应为18位，当前为${n}位，请核对营业执照上的代码`
  for (const c of code) {
    if (!creditCodeAlphabet.includes(c)) {
      return '统一社会信用代码只能包含数字和大写字母（不含I、O、S、V、Z），请核对营业执照上的代码'
    }
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return '统一社会信用代码第3至8位应为数字（登记管理机关行政区划码），请核对营业执照上的代码'
  }
  return ''
}

/** Computes the check character for the first 17 characters of a credit code. Tests use it to build valid codes. */
export function creditCodeCheck(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += creditCodeAlphabet.indexOf(first17[i]) * creditCodeWeights[i]
  return creditCodeAlphabet[(31 - (sum % 31)) % 31]
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const idCheckChars = '10X98765432'
const idProvinces = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '81', '82', '83',
])

/** Normalizes a resident identity number: folded width, no spaces, upper-case X. */
export function normalizeIdNumber(s: string): string {
  return foldWidth(s).replace(/\s/g, '').toUpperCase()
}

/** Computes the ISO 7064 MOD 11-2 check character for the first 17 digits of an identity number. */
export function idNumberCheck(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * idWeights[i]
  return idCheckChars[sum % 11]
}

/**
 * Returns a message when s is not a valid 18-character resident identity
 * number (GB 11643-1999), else "". It checks the shape, the province
 * prefix (or a leading 9 for permanent residence cards), the birth date
 * (1900 up to today) and the check character.
 */
export function idNumberError(s: string, today = new Date()): string {
  const id = normalizeIdNumber(s)
  if (id === '') return '请输入身份证号码'
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号码应为18位，前17位为数字，最后一位为数字或X'
  if (id[0] !== '9' && !idProvinces.has(id.slice(0, 2))) {
    return '身份证号码前两位不是有效的省级行政区划代码，请核对身份证上的号码'
  }
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  const birth = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) {
    return '身份证号码中的出生日期无效，请核对身份证上的号码'
  }
  const todayUTC = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate())
  if (birth.getTime() > todayUTC) return '身份证号码中的出生日期晚于今天，请核对身份证上的号码'
  if (id[17] !== idNumberCheck(id.slice(0, 17))) return '身份证号码校验位不正确，请核对身份证上的号码'
  return ''
}

/** Returns a message when s is not a single bare e-mail address with a dotted domain, else "". */
export function emailError(s: string): string {
  const v = s.trim()
  if (v === '') return '请输入电子邮箱'
  if (v.length > 254) return '电子邮箱地址过长，不能超过254个字符'
  const at = v.lastIndexOf('@')
  const local = v.slice(0, at)
  const domain = v.slice(at + 1)
  if (at <= 0 || /[\s<>(),;:"[\]\\]/.test(v) || local.includes('@') || domain === '') {
    return '电子邮箱格式不正确，请输入类似 name@example.com 的地址'
  }
  if (local.length > 64) return '电子邮箱@前的部分不能超过64个字符'
  if (!domain.includes('.') || domain.endsWith('.') || domain.startsWith('.')) {
    return '电子邮箱域名不完整，请输入类似 name@example.com 的地址'
  }
  return ''
}

export const passwordMinLength = 8
export const passwordMaxLength = 64

/**
 * Returns a message when password breaks the password policy, else "":
 * 8 to 64 characters, no control characters, and at least two of letters,
 * digits and symbols.
 */
export function passwordError(password: string): string {
  if (password === '') return '请输入密码'
  const chars = [...password]
  if (chars.length < passwordMinLength || chars.length > passwordMaxLength) {
    return `密码长度须为 ${passwordMinLength} 至 ${passwordMaxLength} 位`
  }
  let letters = false
  let digits = false
  let symbols = false
  for (const c of chars) {
    if (/\p{Cc}/u.test(c)) return '密码不能包含控制字符'
    if (/\p{L}/u.test(c)) letters = true
    else if (/\p{Nd}/u.test(c)) digits = true
    else symbols = true
  }
  if ([letters, digits, symbols].filter(Boolean).length < 2) return '密码须至少包含字母、数字、符号中的两类'
  return ''
}

/** Bounds, in characters, of a name keyword in the back office's directory searches, as the server enforces them. */
export const keywordMinLength = 2
export const keywordMaxLength = 100

/**
 * Returns a message when q, trimmed, is shorter or longer than the keyword
 * bounds, else "". The message names the expected input, such as 姓名.
 */
export function keywordError(q: string, expected: string): string {
  const n = [...q.trim()].length
  if (n === 0) return `请输入${expected}`
  if (n < keywordMinLength || n > keywordMaxLength) {
    return `请输入 ${keywordMinLength} 至 ${keywordMaxLength} 个字的${expected}`
  }
  return ''
}

/** Returns the keyword of a user search: a mobile number normalized as the server stores it, else the trimmed text. */
export function userSearchKeyword(q: string): string {
  return mobileError(q) === '' ? normalizeMobile(q) : q.trim()
}

/** Returns the keyword of an organization search: a credit code normalized as the server stores it, else the trimmed text. */
export function orgSearchKeyword(q: string): string {
  return creditCodeError(q) === '' ? normalizeCreditCode(q) : q.trim()
}

type Check = (value: string) => string

/**
 * Builds an Element Plus form rule for a required field from a check that
 * returns an error message or "". The check also reports empty values, so
 * required only marks the label with an asterisk.
 */
export function checkRule(check: Check, trigger: 'blur' | 'change' | Array<'blur' | 'change'> = 'blur'): FormItemRule {
  return {
    required: true,
    trigger,
    validator: (_rule, value, callback) => {
      const message = check(typeof value === 'string' ? value : value == null ? '' : String(value))
      if (message) callback(new Error(message))
      else callback()
    },
  }
}

/** Builds a required-field rule with a Chinese message. */
export function requiredRule(message: string, trigger: 'blur' | 'change' | Array<'blur' | 'change'> = 'blur'): FormItemRule {
  return { required: true, message, trigger }
}

/** Builds a rule that rejects text longer than max characters. */
export function maxLengthRule(max: number): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value, callback) => {
      const n = [...String(value ?? '').trim()].length
      if (n > max) callback(new Error(`不能超过${max}个字，当前为${n}个字`))
      else callback()
    },
  }
}
