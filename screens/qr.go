package screens

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	qrcode "github.com/skip2/go-qrcode"

	"hallkiosk/screens/typeset"
)

// qrImage renders content as a QR code of side logical pixels at st's
// zoom, black on white with a quiet zone, crisp at any zoom.
func qrImage(st typeset.Style, content string, side float32) fyne.CanvasObject {
	var img image.Image
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		img = image.NewUniform(color.White)
	} else {
		img = q.Image(256)
	}
	ci := canvas.NewImageFromImage(img)
	ci.FillMode = canvas.ImageFillContain
	ci.ScaleMode = canvas.ImageScalePixels
	ci.SetMinSize(fyne.NewSize(st.Scale(side), st.Scale(side)))
	return ci
}
