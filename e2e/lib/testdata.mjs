// Test data that passes the server's checks: unified social credit codes
// (GB 32100-2015), resident identity numbers (GB 11643-1999) and mobile
// numbers, all random, and a tag that makes names unique per run.

import { randomInt } from 'node:crypto'

const creditCodeAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const creditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

const idNumberWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const idNumberCheckChars = '10X98765432'

/** Wuhan district codes (GB/T 2260) with their names, as the region cascader shows them. */
export const wuhanDistricts = [
  { code: '420102', name: '江岸区' },
  { code: '420103', name: '江汉区' },
  { code: '420106', name: '武昌区' },
  { code: '420111', name: '洪山区' },
]

/** Returns the GB 32100 check character for the first 17 characters of a credit code. */
export function creditCodeCheck(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += creditCodeAlphabet.indexOf(first17[i]) * creditCodeWeights[i]
  return creditCodeAlphabet[(31 - (sum % 31)) % 31]
}

/**
 * Returns a random valid credit code: prefix (registration authority,
 * entity type and the 6-digit division code) followed by random
 * characters from the code alphabet and the check character.
 */
export function creditCode(prefix = '91420106') {
  let body = prefix
  while (body.length < 17) body += creditCodeAlphabet[randomInt(creditCodeAlphabet.length)]
  return body + creditCodeCheck(body)
}

/** Returns code with a wrong check character, so only the checksum test fails. */
export function withWrongCreditCheck(code) {
  const good = code[17]
  const bad = creditCodeAlphabet[(creditCodeAlphabet.indexOf(good) + 1) % creditCodeAlphabet.length]
  return code.slice(0, 17) + bad
}

/** Returns the ISO 7064 MOD 11-2 check character for the first 17 digits of an identity number. */
export function idNumberCheck(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * idNumberWeights[i]
  return idNumberCheckChars[sum % 11]
}

/**
 * Returns a random valid identity number for a person born between 1960
 * and 2000 and registered in area (a 6-digit division code).
 */
export function idNumber(area = '420106') {
  const birth = new Date(Date.UTC(1960 + randomInt(41), randomInt(12), 1 + randomInt(28)))
  const yyyymmdd = birth.toISOString().slice(0, 10).replaceAll('-', '')
  const sequence = String(randomInt(1000)).padStart(3, '0')
  const first17 = area + yyyymmdd + sequence
  return first17 + idNumberCheck(first17)
}

/** Returns id with a wrong check character. */
export function withWrongIdCheck(id) {
  const good = idNumberCheckChars.indexOf(id[17])
  return id.slice(0, 17) + idNumberCheckChars[(good + 1) % idNumberCheckChars.length]
}

const issuedLastFour = new Set()

/**
 * Returns a mobile number 1[3-9]xxxxxxxxx whose last four digits differ
 * from those of every earlier call in this run, because the member list
 * shows phones masked as 138****5678.
 */
export function mobile() {
  for (;;) {
    const n = '1' + (3 + randomInt(7)) + String(randomInt(1e9)).padStart(9, '0')
    if (!issuedLastFour.has(n.slice(-4))) {
      issuedLastFour.add(n.slice(-4))
      return n
    }
  }
}

/** Returns a random tag of upper-case letters that makes names unique per run. */
export function runTag(length = 4) {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
  let tag = ''
  for (let i = 0; i < length; i++) tag += letters[randomInt(letters.length)]
  return tag
}
