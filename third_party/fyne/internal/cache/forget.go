package cache

import "fyne.io/fyne/v2"

// ForgetAllBut drops what the caches hold for the objects of canvas c that
// are not in keep (hallkiosk patch, see glCanvas.ForgetTextures): their
// renderers (destroyed), their place in the canvas map, and their
// textures, which freeTexture frees in the GL context. It also drops every
// text texture of c whose text keepText does not accept (nil accepts
// none): a frame drawn whole makes again those it shows. Fyne's own
// cleaning does the same for what was not seen for a minute.
func ForgetAllBut(c fyne.Canvas, keep map[fyne.CanvasObject]struct{}, freeTexture func(fyne.CanvasObject), keepText func(string) bool) {
	deleteTextTexturesBut(c, keepText)
	objectTextures.Range(func(obj fyne.CanvasObject, tinfo *textureInfo) bool {
		if _, ok := keep[obj]; !ok && tinfo.canvas == c {
			freeTexture(obj)
		}
		return true
	})
	canvases.Range(func(obj fyne.CanvasObject, cinfo *canvasInfo) bool {
		if _, ok := keep[obj]; !ok && cinfo.canvas == c {
			forgetObject(obj)
		}
		return true
	})
}
