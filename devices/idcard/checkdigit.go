package idcard

// checkWeights are the ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 of the
// first 17 characters of a citizen number (GB 11643; r44cx/real-china-id
// validation.java, syzcch/IDCardNum CalId18.java).
const checkWeights = "\x07\x09\x0a\x05\x08\x04\x02\x01\x06\x03\x07\x09\x0a\x05\x08\x04\x02"

// checkChars maps (Σ weight·digit) mod 11 = 0…10 to the check character.
const checkChars = "10X98765432"

// CheckChar computes the ISO 7064 MOD 11-2 check character of the first 17
// characters of an 18-character number. ok is false unless they are 17
// ASCII digits.
func CheckChar(first17 string) (c byte, ok bool) { return checkChar(first17) }

func checkChar[T ~string | ~[]byte](first17 T) (c byte, ok bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		d := first17[i]
		if d < '0' || d > '9' {
			return 0, false
		}
		sum += int(d-'0') * int(checkWeights[i])
	}
	return checkChars[sum%11], true
}

// ValidNumber reports whether id is 17 digits followed by the right check
// character (a digit or upper-case X). It applies to resident cards,
// residence permits and the 2023 foreign permanent resident card.
func ValidNumber(id string) bool { return validNumber(id) }

func validNumber[T ~string | ~[]byte](id T) bool {
	if len(id) != 18 {
		return false
	}
	c, ok := checkChar(id[:17])
	return ok && id[17] == c
}
