package idcardsim

import (
	"crypto/sha256"

	"hallkiosk/devices/idcard"
)

// withCheck appends the ISO 7064 MOD 11-2 check character to 17 digits.
func withCheck(first17 string) string {
	c, ok := idcard.CheckChar(first17)
	if !ok {
		panic("idcardsim: bad sample number " + first17)
	}
	return first17 + string(c)
}

// SyntheticPhoto returns 1024 bytes standing in for a WLT photo, derived
// from seed. It is not a real WLT image (that format is proprietary); it
// only gives every sample a distinct photo hash.
func SyntheticPhoto(seed string) []byte {
	out := make([]byte, 0, idcard.PhotoLen)
	block := sha256.Sum256([]byte("wlt:" + seed))
	for len(out) < idcard.PhotoLen {
		out = append(out, block[:]...)
		block = sha256.Sum256(block[:])
	}
	return out[:idcard.PhotoLen]
}

// SampleCards returns fresh copies of the demo's sample cards, synthetic
// people with valid check characters:
//
//  0. 王小明, resident, 汉, 20-year validity;
//  1. 阿依古丽·买买提, resident, 维吾尔, a name with "·", valid 长期;
//  2. 刘䶮, resident, 壮, a rare character (U+4DAE) and an appended address;
//  3. 陈大文, Hong Kong residence permit ('J') with pass number and issue count;
//  4. SMITH JOHN / 史密斯·约翰, 2017 foreign permanent resident card ('I').
func SampleCards() []*idcard.Card {
	cards := []*idcard.Card{
		{
			Type: idcard.Resident, Name: "王小明", Sex: idcard.SexMale,
			NationCode: "01", Nation: "汉", Birth: "1985-06-15",
			Address:   "北京市朝阳区建国路88号院3号楼2单元501室",
			IDNumber:  withCheck("11010519850615013"),
			Authority: "北京市公安局朝阳分局", ValidFrom: "2015-03-01", ValidTo: "2035-03-01",
		},
		{
			Type: idcard.Resident, Name: "阿依古丽·买买提", Sex: idcard.SexFemale,
			NationCode: "05", Nation: "维吾尔", Birth: "1962-03-08",
			Address:   "新疆乌鲁木齐市天山区解放南路123号",
			IDNumber:  withCheck("65010219620308024"),
			Authority: "乌鲁木齐市公安局天山区分局", ValidFrom: "2012-05-20", ValidTo: idcard.LongTerm,
		},
		{
			Type: idcard.Resident, Name: "刘䶮", Sex: idcard.SexMale,
			NationCode: "08", Nation: "壮", Birth: "1990-11-30",
			Address:         "广西壮族自治区南宁市青秀区民族大道100号",
			AppendedAddress: "广西壮族自治区南宁市西乡塘区大学东路1号",
			IDNumber:        withCheck("45010319901130031"),
			Authority:       "南宁市公安局青秀分局", ValidFrom: "2018-01-10", ValidTo: "2038-01-10",
		},
		{
			Type: idcard.HMTResidence, Name: "陈大文", Sex: idcard.SexMale, Birth: "1988-08-08",
			Address:   "广东省深圳市福田区福华一路1号",
			IDNumber:  withCheck("81000019880808015"),
			Authority: "深圳市公安局", ValidFrom: "2023-09-01", ValidTo: "2028-09-01",
			PassNumber: "H60012345", IssueCount: "01",
		},
		{
			Type: idcard.ForeignPermanent, NameEN: "SMITH JOHN", Name: "史密斯·约翰",
			Sex: idcard.SexMale, IDNumber: "USA110085061512", Nationality: "USA",
			Birth: "1985-06-15", ValidFrom: "2017-07-01", ValidTo: "2027-07-01",
			Version: "17", Authority: "1500",
		},
	}
	for _, c := range cards {
		c.Photo = SyntheticPhoto(c.IDNumber)
	}
	return cards
}

// Sample2023Text returns a text block flagged 'Y' (the 2023 foreign
// permanent resident card), whose layout package idcard refuses to guess.
// Place it with PlaceRaw to see the driver report it as unsupported.
func Sample2023Text() [idcard.TextLen]byte {
	var t [idcard.TextLen]byte
	for i := 0; i < len(t); i += 2 {
		t[i] = ' '
	}
	for i, ch := range "MUELLER ANNA" {
		t[2*i] = byte(ch)
	}
	t[248], t[249] = 'Y', 0
	return t
}
