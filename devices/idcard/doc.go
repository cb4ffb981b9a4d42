// Package idcard drives the resident ID-card reader of the kiosk: a SAM
// module (安全模块) behind a serial line that reads China's second-generation
// ID card (二代证) and the two permits built on it.
//
// # Wire protocol
//
// The facts below are collected, with their sources, in
// shared/research/devices.md §1; the code cites the same sources where it
// relies on them.
//
//   - Every frame starts with the preamble AA AA AA 96 69, then a two-byte
//     big-endian length counting the bytes after it, checksum included.
//     A request carries CMD PARA [data] CHK, a response SW1 SW2 SW3 [data]
//     CHK. The checksum is the XOR of every byte from the first length byte
//     to the last data byte (cdGH/Ids HslCommunication_Net45/Profinet/IDCard/
//     SAMSerial.cs PackToSAMCommand and CheckADSCommandAndSum;
//     Yangyuanxin/BearPi 10.ZKT_BearPi/ZKT_SDK/IDReader.c).
//   - The result is in SW3: 0x90 success, 0x9F card found, 0x80 no card,
//     0x81 select failed, 0x41 read failed, and the error codes listed in
//     errors.go (SAMSerial.cs GetErrorDescription; libsamv.h).
//   - A read is find card (20 01) → select card (20 02) → read text and photo
//     (30 01) or text, photo and fingerprint (30 10). After a read the card
//     no longer answers find card until it has left the field
//     (waitingsong/node-idcard-reader README.md); the appended address
//     (30 03) keeps answering while the card stays, which is how vendor SDKs
//     tell "still there" from "removed" (c786909486/JingLunReader
//     ReaderTask.java: "读追加信息，判断卡是否在位").
//   - The 30 01 reply is 1295 bytes: text length and photo length (both
//     big-endian), a 256-byte UTF-16LE text block and a 1024-byte WLT photo
//     (SAMSerial.cs ExtractIdentityCard; lochyhuang/DKCloudID_UART_Andoird
//     IDCardData.java). The text block's layout depends on the card type
//     flag at byte 248: resident card, 'J' Hong Kong/Macau/Taiwan residence
//     permit, 'I' foreign permanent resident card (2017). The 2023 'Y'
//     layout is not verified by any source we hold, so such cards are
//     reported as ErrUnsupportedLayout and never shown half-decoded.
//   - 18-character numbers end in an ISO 7064 MOD 11-2 check character
//     (r44cx/real-china-id validation.java). A failed check is a read
//     error: the reader reads again instead of trusting the card.
//   - The WLT photo needs a proprietary decoder, so it stays raw bytes
//     behind PhotoDecoder (NoPhoto by default).
//
// # Layers
//
// Decoder and AppendRequest are the codec; ParseCard turns a read response
// into a Card; Conn runs one command at a time over an open port; Reader is
// the goroutine that owns the port, polls for cards, survives unplug and
// replug and reports everything as Events; ReadOnce reads one card for the
// command line. The simulator in idcardsim serves the same bytes on a
// pseudo-terminal.
//
// # Privacy
//
// A Card holds a citizen's identity. Its String, GoString and LogValue
// methods print the masked form only, error messages never quote card
// text, and Wipe zeroes the photo and fingerprint and drops every field
// when the session ends.
package idcard
