package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app/portal"
)

// 进度查询 as a timeline: an application's history from the first step to
// where it stands, a dot and a line per step (status, time, note), the
// latest marked; a 需补正 says what is missing.

// timelineView draws a's history, oldest first.
func (u *UI) timelineView(a portal.ApplicationStatus) fyne.CanvasObject {
	st := u.style()
	z := u.zoom
	rows := vbox()
	for i, h := range a.History {
		last := i == len(a.History)-1
		col := fyne.ThemeColorName(ColorNameMuted)
		if last {
			col = theme.ColorNamePrimary
			if h.Status == portal.StatusNeedsSupplement || h.Status == portal.StatusRejected {
				col = theme.ColorNameError
			}
		}
		dot := canvas.NewCircle(colorOf(col))
		dot.StrokeColor, dot.StrokeWidth = colorOf(col), 2*z
		if !last {
			dot.FillColor = color.Transparent
		}
		side := 28 * z
		dotBox := container.New(&fixedLayout{size: fyne.NewSize(side, side)}, dot)
		line := canvas.NewRectangle(colorOf(ColorNameMuted))
		lineBox := container.New(&fixedLayout{size: fyne.NewSize(4*z, 0)}, line)
		marker := container.NewBorder(dotBox, nil, nil, nil, container.NewCenter(lineBox))
		if last {
			marker = container.NewBorder(dotBox, nil, nil, nil)
		}
		status := portal.StatusName(h.Status)
		if last {
			status += "（当前）"
		}
		head := u.text(status, theme.SizeNameSubHeadingText, col)
		when := u.text(h.At.Local().Format("2006年1月2日 15:04"), theme.SizeNameText, ColorNameMuted)
		text := vbox(container.NewHBox(head, container.NewCenter(when)))
		if h.Note != "" {
			text.Add(body(st, h.Note, u.contentWidth()-200))
		}
		text.Add(spacer(st, 0, 16))
		rows.Add(container.NewBorder(nil, nil, container.NewPadded(marker), nil, text))
	}
	return rows
}

// missingOf is what a 需补正 application still needs: the note of its
// latest needs_supplement step ("" when it is not waiting for one).
func missingOf(a portal.ApplicationStatus) string {
	if a.Status != portal.StatusNeedsSupplement {
		return ""
	}
	for i := len(a.History) - 1; i >= 0; i-- {
		if h := a.History[i]; h.Status == portal.StatusNeedsSupplement {
			if h.Note != "" {
				return h.Note
			}
			break
		}
	}
	return "需要补充材料，具体请咨询网办优先窗口。"
}

// fixedLayout gives its objects one fixed minimum size, stretched to the
// height it gets when that is larger (the timeline's connecting line).
type fixedLayout struct{ size fyne.Size }

func (l *fixedLayout) MinSize([]fyne.CanvasObject) fyne.Size { return l.size }

func (l *fixedLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		w := l.size.Width
		h := max(l.size.Height, size.Height)
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
	}
}

var _ fyne.Layout = (*fixedLayout)(nil)
