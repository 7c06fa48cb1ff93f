import { describe, expect, it } from 'vitest'
import {
  creditCodeCheck,
  creditCodeError,
  emailError,
  idNumberCheck,
  idNumberError,
  keywordError,
  mobileError,
  normalizeCreditCode,
  normalizeMobile,
  orgSearchKeyword,
  passwordError,
  userSearchKeyword,
} from './rules'

describe('normalizeMobile', () => {
  it.each([
    ['13812345678', '13812345678'],
    [' 138 1234 5678 ', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
  ])('normalizes %s', (input, want) => {
    expect(normalizeMobile(input)).toBe(want)
  })
})

describe('mobileError', () => {
  it('accepts a valid number', () => {
    expect(mobileError('+86 138 1234 5678')).toBe('')
  })

  it.each(['', '12812345678', '1381234567', '138123456789', 'abcdefghijk'])('rejects %j', (input) => {
    expect(mobileError(input)).not.toBe('')
  })
})

/** Builds a credit code with a correct check character from its first 17 characters. */
function validCreditCode(first17: string): string {
  return first17 + creditCodeCheck(first17)
}

describe('creditCodeCheck', () => {
  it.each(['91110000600037341L', '121200004013590816', '91310115MA1K3BTP2B', '91310110666007217T'])(
    'matches the check character of %s',
    (code) => {
      expect(creditCodeCheck(code.slice(0, 17))).toBe(code[17])
    },
  )
})

describe('creditCodeError', () => {
  const valid = validCreditCode('91420100MA4K2BC8D')

  it('accepts a valid code, also lower case with spaces', () => {
    expect(creditCodeError(valid)).toBe('')
    expect(creditCodeError(` ${valid.toLowerCase().slice(0, 9)} ${valid.toLowerCase().slice(9)} `)).toBe('')
  })

  it('leaves a wrong check character to the server', () => {
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0')
    expect(creditCodeError(wrong)).toBe('')
  })

  it('rejects a wrong length with the count', () => {
    expect(creditCodeError(valid.slice(0, 17))).toContain('当前为17位')
  })

  it('rejects letters outside the code alphabet', () => {
    expect(creditCodeError('91420100MA4K2BC8DI')).toContain('不含I、O、S、V、Z')
  })

  it('rejects letters in the division code', () => {
    expect(creditCodeError(validCreditCode('9142A100MA4K2BC8D'))).toContain('第3至8位')
  })

  it('rejects an empty code', () => {
    expect(creditCodeError('  ')).toBe('请输入统一社会信用代码')
  })

  it('normalizes full-width characters', () => {
    expect(normalizeCreditCode('９１４２０１００ｍａ')).toBe('91420100MA')
  })
})

/** Builds an identity number with a correct check character from its first 17 digits. */
function validIdNumber(first17: string): string {
  return first17 + idNumberCheck(first17)
}

describe('idNumberError', () => {
  const today = new Date(2025, 5, 1)

  it('accepts a valid number', () => {
    expect(idNumberError(validIdNumber('42010619900101123'), today)).toBe('')
  })

  it('accepts a lower-case x check character', () => {
    // 11010519491231002 has the check character X.
    expect(idNumberCheck('11010519491231002')).toBe('X')
    expect(idNumberError('11010519491231002x', today)).toBe('')
  })

  it('rejects a wrong check character', () => {
    const id = validIdNumber('42010619900101123')
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0')
    expect(idNumberError(wrong, today)).toContain('校验位')
  })

  it('rejects an unknown province prefix', () => {
    expect(idNumberError(validIdNumber('99010619900101123').replace(/^9/, '7'), today)).toContain('省级行政区划')
  })

  it('rejects an impossible birth date', () => {
    expect(idNumberError(validIdNumber('42010619900231123'), today)).toContain('出生日期无效')
  })

  it('rejects a birth date after today', () => {
    expect(idNumberError(validIdNumber('42010620250602123'), today)).toContain('晚于今天')
  })

  it('rejects the wrong shape', () => {
    expect(idNumberError('4201061990010112', today)).toContain('18位')
  })
})

describe('emailError', () => {
  it.each(['name@example.com', 'a.b+c@sub.example.cn'])('accepts %s', (input) => {
    expect(emailError(input)).toBe('')
  })

  it.each(['', 'name', 'name@', '@example.com', 'name@example', 'name@example.', 'Name <name@example.com>', 'a b@example.com'])(
    'rejects %j',
    (input) => {
      expect(emailError(input)).not.toBe('')
    },
  )

  it('rejects a local part over 64 characters', () => {
    expect(emailError(`${'a'.repeat(65)}@example.com`)).toContain('64')
  })
})

describe('passwordError', () => {
  it.each(['abc12345', 'abcdefg!', '1234567!', '密码密码1234'])('accepts %s', (input) => {
    expect(passwordError(input)).toBe('')
  })

  it('rejects a short password', () => {
    expect(passwordError('ab12')).toContain('8 至 64')
  })

  it('rejects a long password', () => {
    expect(passwordError('a1'.repeat(33))).toContain('8 至 64')
  })

  it('rejects a single character class', () => {
    expect(passwordError('abcdefgh')).toContain('两类')
    expect(passwordError('12345678')).toContain('两类')
  })

  it('rejects control characters', () => {
    expect(passwordError('abc1234\u0007')).toContain('控制字符')
  })
})

describe('keywordError', () => {
  it('accepts 2 to 100 characters', () => {
    expect(keywordError('李明', '姓名')).toBe('')
    expect(keywordError('光'.repeat(100), '姓名')).toBe('')
  })

  it('counts characters after trimming', () => {
    expect(keywordError(' 李 ', '姓名')).toBe('请输入 2 至 100 个字的姓名')
  })

  it('rejects an empty keyword', () => {
    expect(keywordError('  ', '姓名')).toBe('请输入姓名')
  })

  it('rejects more than 100 characters', () => {
    expect(keywordError('光'.repeat(101), '姓名')).toContain('2 至 100')
  })
})

describe('userSearchKeyword', () => {
  it('normalizes a mobile number', () => {
    expect(userSearchKeyword(' +86 138-1234-5678 ')).toBe('13812345678')
  })

  it('trims a name', () => {
    expect(userSearchKeyword(' 李明 ')).toBe('李明')
  })
})

describe('orgSearchKeyword', () => {
  it('normalizes a credit code', () => {
    expect(orgSearchKeyword(' 91420106 mA4k 0000 0x ')).toBe('91420106MA4K00000X')
  })

  it('trims a name without folding its width', () => {
    expect(orgSearchKeyword(' 武汉（光谷）科技 ')).toBe('武汉（光谷）科技')
  })
})
