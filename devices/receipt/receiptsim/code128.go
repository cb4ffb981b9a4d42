package receiptsim

// code128Patterns are the bar/space widths of the 107 CODE128 symbols
// (ISO/IEC 15417), symbol 106 being the stop pattern.
var code128Patterns = [107]string{
	"212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
	"221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
	"221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
	"212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
	"231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
	"231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
	"314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
	"112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
	"111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
	"214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
	"114131", "311141", "411131", "211412", "211214", "211232", "2331112",
}

// code128Modules encodes the GS k 73 payload of an ESC/POS printer: it
// starts with a code set selection ({A, {B or {C); "{" followed by A, B or
// C switches code set, "{S" shifts one character, "{1".."{4" are FNC1..4
// and "{{" is a literal "{". It returns the modules (true = bar), the
// human-readable text and whether the payload was valid.
func code128Modules(d []byte) ([]bool, string, bool) {
	if len(d) < 2 || d[0] != '{' || d[1] < 'A' || d[1] > 'C' {
		return nil, "", false
	}
	set := d[1]
	values := []int{int(103 + set - 'A')}
	var text []byte
	shift := false
	for i := 2; i < len(d); i++ {
		c := d[i]
		if c == '{' {
			if i+1 >= len(d) {
				return nil, "", false
			}
			i++
			switch k := d[i]; k {
			case 'A', 'B', 'C':
				if k == set {
					continue
				}
				// Code A = 101, code B = 100, code C = 99 in every set.
				values = append(values, int(101-(k-'A')))
				set = k
				continue
			case 'S':
				values = append(values, 98)
				shift = true
				continue
			case '1':
				values = append(values, 102)
				continue
			case '2':
				values = append(values, 97)
				continue
			case '3':
				values = append(values, 96)
				continue
			case '4':
				if set == 'A' {
					values = append(values, 101)
				} else {
					values = append(values, 100)
				}
				continue
			case '{':
			default:
				return nil, "", false
			}
		}
		cur := set
		if shift {
			shift = false
			if set == 'A' {
				cur = 'B'
			} else {
				cur = 'A'
			}
		}
		switch cur {
		case 'C':
			if c > 99 {
				return nil, "", false
			}
			values = append(values, int(c))
			text = append(text, '0'+c/10, '0'+c%10)
		case 'A':
			switch {
			case c >= 0x20 && c <= 0x5F:
				values = append(values, int(c-0x20))
			case c < 0x20:
				values = append(values, int(c+64))
			default:
				return nil, "", false
			}
			if c >= 0x20 {
				text = append(text, c)
			}
		case 'B':
			if c < 0x20 || c > 0x7F {
				return nil, "", false
			}
			values = append(values, int(c-0x20))
			text = append(text, c)
		}
	}
	if len(values) < 2 {
		return nil, "", false
	}
	sum := values[0]
	for i, v := range values[1:] {
		sum += (i + 1) * v
	}
	values = append(values, sum%103, 106)
	var mods []bool
	for _, v := range values {
		bar := true
		for _, w := range code128Patterns[v] {
			for k := 0; k < int(w-'0'); k++ {
				mods = append(mods, bar)
			}
			bar = !bar
		}
	}
	return mods, string(text), true
}
