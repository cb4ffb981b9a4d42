// Package receipts holds the kiosk's paper: the 受理回执 a citizen takes
// home, the 网办明白卡 that shows how to do the same service on the phone
// next time, the 网办有礼 coupon, and the printer test page.
//
// Each template takes a plain struct and the paper width and returns a
// receipt.Doc ready for (*receipt.Printer).Print; nothing here talks to a
// device. Personal data is masked here, not by the caller: a name is
// always printed as privacy.MaskName gives it (张*丰), so a full name never
// reaches paper. Layout follows the builder's column rules (a Chinese
// character is two columns), so the same template fits 58 mm (32 columns)
// and 80 mm (48 columns) paper.
package receipts
