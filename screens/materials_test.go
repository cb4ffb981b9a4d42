package screens

import (
	"strings"
	"testing"

	"hallkiosk/app"
	"hallkiosk/devices/camera"
)

// TestMaterialsPageAfterPage: a material is photographed page after page
// with the document camera, each page shown back from the PDF with 重拍
// and 删除; a material that can come from an 电子证照 offers
// "用我的电子证照" instead.
func TestMaterialsPageAfterPage(t *testing.T) {
	k := newTestKiosk(t)
	k.ui.deps.Documents = &app.Documents{Session: k.session, Camera: camera.NewFakeDocument()}
	k.session.Start()
	k.session.Open(app.Screen{ID: app.ScreenMaterials, Param: "GA-0502"})
	name := "居住证明（租房合同或房产证）"
	k.itemNamed(t, name+"拍第1页").Activate()
	k.itemNamed(t, name+"拍第2页").Activate()
	if !hasItem(k, "重拍"+name+"第2页") || !hasItem(k, "删除"+name+"第1页") {
		t.Fatalf("pages not shown: %v", k.ui.Items())
	}
	if !strings.Contains(strings.Join(pageTexts(k), "|"), "已拍2页") {
		t.Errorf("no page count: %q", pageTexts(k))
	}
	auditScreen(t, k, "materials with pages")
	k.itemNamed(t, "删除"+name+"第1页").Activate()
	if hasItem(k, "删除"+name+"第2页") || !hasItem(k, name+"拍第2页") {
		t.Fatalf("after deleting: %v", k.ui.Items())
	}
	pdf := k.session.Data().Material("residence_proof")
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatal("the material is not a PDF")
	}
	k.itemNamed(t, name+"用我的电子证照").Activate()
	if k.session.Data().Material("residence_proof") != nil || hasItem(k, name+"用我的电子证照") {
		t.Fatal("the license was chosen but the pages stay")
	}
	if !strings.Contains(strings.Join(pageTexts(k), "|"), "用您的电子证照") {
		t.Errorf("the choice is not shown: %q", pageTexts(k))
	}
	k.itemNamed(t, "下一步，核对信息").Activate()
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenConfirm {
		t.Fatalf("went to %+v", scr)
	}
}
