package journey

import (
	"context"
	"fmt"
	"image"
	"slices"

	"hallkiosk/app"
	"hallkiosk/app/portal"
)

// RecordsSource is what the records journeys need of the portal and the
// A4 printer: the citizen's applications and licenses, a license's PDF
// with its first page drawn, and printing it; *app.Records has it.
type RecordsSource interface {
	Applications(ctx context.Context) ([]portal.ApplicationStatus, error)
	Licenses(ctx context.Context) ([]portal.License, error)
	LicensePreview(ctx context.Context, licenseID string, dpi float64) (image.Image, []byte, error)
	Print(ctx context.Context, pdf []byte) error
}

var _ RecordsSource = (*app.Records)(nil)

// RecordsKind is which of the citizen's records a Records journey shows.
type RecordsKind string

// Kinds of records journeys; each is also the journey's name in
// snapshots.
const (
	RecordsProgress RecordsKind = "progress" // 进度查询: applications and where they stand
	RecordsLicenses RecordsKind = "licenses" // 电子证照: licenses, seen and printed
)

// RecordsKindOf is the kind of records an identity screen's purpose
// (app.PurposeProgress, app.PurposeLicenses) leads to.
func RecordsKindOf(purpose string) (RecordsKind, bool) {
	switch purpose {
	case app.PurposeProgress:
		return RecordsProgress, true
	case app.PurposeLicenses:
		return RecordsLicenses, true
	}
	return "", false
}

// Kinds of slow work of the records journeys.
const (
	BusyRecords Busy = "records" // fetching the list: 正在查询…
	BusyPreview Busy = "preview" // fetching and drawing a license
)

// PreviewDPI is the resolution a license's first page is drawn at for the
// screen.
const PreviewDPI = 96

// LicensePreview is a license as the screen shows it: its entry in the
// list and a picture of its first page.
type LicensePreview struct {
	License portal.License
	Image   image.Image
}

// RecordsPage is the part of the list on screen: records [From, To), page
// Index (from 0) of Pages.
type RecordsPage struct {
	From, To     int
	Index, Pages int
}

// preview is a license fetched for the screen, or why it could not be.
type preview struct {
	id  string
	img image.Image
	pdf []byte
	err error
}

// Records is the journey of 进度查询 or 电子证照: the ID card, the face
// check (skipped when the citizen's identity was checked earlier in the
// session), then what the portal holds for them — their applications with
// each one's history, or their licenses, one of which they may see and
// print. It is safe for concurrent use.
type Records struct {
	worker
	noFace // identity without a face: the code to the phone on file, the staff's check
	kind   RecordsKind

	// guarded by worker.mu
	apps     []portal.ApplicationStatus
	lics     []portal.License
	listed   bool  // the list was fetched
	listErr  error // why it could not be
	page     int   // the page of the list on screen, from 0
	per      int   // records per page, as the screen last drew them
	prev     *preview
	print    PrintState
	printErr error
	printID  string // the license print and printErr are about

	rating     string // the application being rated (records_rating.go)
	rateLatest bool   // rate the latest application once the list is there

	supplement    string          // the application being completed (supplement.go)
	supplementSub *app.Submission // the 补正 stored
}

// NewRecords starts the records journey of kind in the current session.
// The records the portal sent are dropped when the session ends.
func NewRecords(d Deps, kind RecordsKind) (*Records, error) {
	switch kind {
	case RecordsProgress, RecordsLicenses:
	default:
		return nil, fmt.Errorf("journey: no records journey %q", kind)
	}
	j := &Records{worker: newWorker(d), kind: kind}
	j.where = j.Current
	j.noFace = noFace{wk: &j.worker, h: noFaceHooks{alternatives: j.FaceAlternatives, holder: j.holder,
		identified: j.identified, screen: j.Screen, subject: j.Purpose()}}
	context.AfterFunc(j.ctx, j.forget)
	return j, nil
}

// Records returns the citizen's records journey of kind, starting it (and
// ending the journey before) when there is none.
func (c *Current) Records(kind RecordsKind) (*Records, error) {
	j, err := c.get(func(j Journey) bool {
		r, ok := j.(*Records)
		return ok && r.kind == kind
	}, func(d Deps) (Journey, error) { return NewRecords(d, kind) })
	if err != nil {
		return nil, err
	}
	return j.(*Records), nil
}

// forget drops the citizen's records: the session is over.
func (j *Records) forget() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.apps, j.lics, j.prev, j.listed, j.rating = nil, nil, nil, false, ""
	j.supplement, j.supplementSub = "", nil
}

// Kind is which records the journey shows.
func (j *Records) Kind() RecordsKind { return j.kind }

// Purpose is the identity screens' parameter of the journey
// (app.PurposeProgress or app.PurposeLicenses).
func (j *Records) Purpose() string {
	if j.kind == RecordsLicenses {
		return app.PurposeLicenses
	}
	return app.PurposeProgress
}

// Steps lists the journey's steps: the card, the face check and the
// records.
func (j *Records) Steps() []Step {
	return []Step{{Kind: StepIdentify}, {Kind: StepFace}, {Kind: StepRecords}}
}

// Stages are the steps as the citizen is told them.
func (j *Records) Stages() []Stage { return []Stage{StageCard, StageFace, StageRecords} }

// Stage returns the stage of step s as "k of n" (k from 1).
func (j *Records) Stage(s Step) (k, n int) { return stageIn(j.Stages(), s) }

// recordsScreen is the screen of the records step.
func (j *Records) recordsScreen() app.ScreenID {
	if j.kind == RecordsLicenses {
		return app.ScreenLicenses
	}
	return app.ScreenProgress
}

// At returns the step the session's screen shows, and whether the screen
// belongs to this journey. The licenses screen with a license's ID as its
// parameter is that license's preview, within the records step.
func (j *Records) At(s app.Screen) (Step, bool) {
	switch s.ID {
	case app.ScreenIDCard:
		return Step{Kind: StepIdentify}, s.Param == j.Purpose()
	case app.ScreenFace:
		return Step{Kind: StepFace}, s.Param == j.Purpose()
	case app.ScreenIDCode:
		return Step{Kind: StepIDCode}, s.Param == j.Purpose()
	case app.ScreenWitness:
		return Step{Kind: StepWitness}, s.Param == j.Purpose()
	case j.recordsScreen():
		return Step{Kind: StepRecords}, true
	case app.ScreenRating:
		return Step{Kind: StepRate}, s.Param == j.Purpose()
	}
	return Step{}, false
}

// Current is the step on screen now (StepNone when the session shows
// something else).
func (j *Records) Current() Step {
	s, ok := j.At(j.d.Session.Snapshot().Screen)
	if !ok {
		return Step{}
	}
	return s
}

// Screen is where step s is drawn.
func (j *Records) Screen(s Step) app.Screen {
	switch s.Kind {
	case StepIdentify:
		return app.Screen{ID: app.ScreenIDCard, Param: j.Purpose()}
	case StepFace:
		return app.Screen{ID: app.ScreenFace, Param: j.Purpose()}
	case StepIDCode:
		return app.Screen{ID: app.ScreenIDCode, Param: j.Purpose()}
	case StepWitness:
		return app.Screen{ID: app.ScreenWitness, Param: j.Purpose()}
	}
	return app.Screen{ID: j.recordsScreen()}
}

// FaceAlternatives are the identity methods besides the face the citizen
// may choose here. 进度查询 and 电子证照 are no catalog service, so no
// face_alternatives narrows them: the portal shows records to any
// verified identity session (shared/portal-api.md). sms_on_file where the
// kiosk can text the phone on file; staff_witnessed always (at this kiosk
// when staff can sign in here, else at the 网办优先窗口).
func (j *Records) FaceAlternatives() []string {
	var out []string
	if j.d.OnFile != nil && j.d.OnFile.Possible() {
		out = append(out, portal.MethodSMSOnFile)
	}
	return append(out, portal.MethodStaffWitnessed)
}

// holder is whom the identity check is for: the card's holder.
func (j *Records) holder() app.Holder {
	if c := j.d.Session.Data().Card(); c != nil {
		return app.HolderOf(c)
	}
	return app.Holder{}
}

// identified shows the records of a citizen whose identity passed a check
// without the face, and fetches them.
func (j *Records) identified() {
	j.d.Session.Replace(j.Screen(Step{Kind: StepRecords}))
	j.Load()
}

// Checked reports whether the citizen's identity was checked in this
// session, so the portal shows their records.
func (j *Records) Checked() bool { return j.d.Session.Data().Identity() != "" }

// Begin opens the journey (进度查询 or 电子证照 on the home screen): the
// records at once when the citizen's identity was checked earlier in the
// session, else the card. A list fetched before is fetched again.
func (j *Records) Begin() {
	j.mu.Lock()
	j.err, j.listed, j.listErr, j.apps, j.lics, j.page = nil, false, nil, nil, nil, 0
	j.mu.Unlock()
	if j.Checked() {
		j.d.Session.Open(j.Screen(Step{Kind: StepRecords}))
		j.Load()
		return
	}
	j.d.Session.Open(j.Screen(Step{Kind: StepIdentify}))
}

// Identify replaces the records screen of a citizen not checked yet with
// the card step.
func (j *Records) Identify() {
	j.clearErr()
	j.d.Session.Replace(j.Screen(Step{Kind: StepIdentify}))
}

// CardConfirmed moves on from a card the citizen confirmed as theirs: the
// face check always follows.
func (j *Records) CardConfirmed() {
	if j.d.Session.Data().Card() == nil {
		j.fail(fmt.Errorf("journey: records: %w", app.ErrNoCard))
		return
	}
	j.clearErr()
	j.d.Session.Replace(j.Screen(Step{Kind: StepFace}))
}

// CardRejected forgets a card the citizen says is not theirs.
func (j *Records) CardRejected() {
	j.d.Session.Data().SetCard(nil)
	j.clearErr()
}

// FaceReady says why a face check cannot succeed here now, nil when it
// can: the screen tells the citizen before they try.
func (j *Records) FaceReady() error {
	if j.d.Identity == nil {
		return fmt.Errorf("journey: records: %w", app.ErrNoIdentityCheck)
	}
	return j.d.Identity.Ready()
}

// FaceOptional reports whether the citizen may go on without the face
// check: never, the portal shows records only to a checked citizen.
func (j *Records) FaceOptional() bool { return false }

// Verify runs the face check in the background and, when it passes, shows
// the records and fetches them.
func (j *Records) Verify() {
	if j.d.Identity == nil {
		j.fail(fmt.Errorf("journey: records: %w", app.ErrNoIdentityCheck))
		return
	}
	j.run(BusyFace, j.d.Identity.Verify, func(err error) {
		if err == nil {
			j.d.Session.Replace(j.Screen(Step{Kind: StepRecords}))
			j.Load()
		}
	})
}

// Showing is the ID of the license previewed on screen, "" on the list or
// elsewhere.
func (j *Records) Showing() string {
	s := j.d.Session.Snapshot().Screen
	if j.kind != RecordsLicenses || s.ID != app.ScreenLicenses {
		return ""
	}
	return s.Param
}

// Load fetches what the records step on screen shows, in the background,
// unless it is there already, on its way, or failed (Retry tries again):
// the list, or the license previewed.
func (j *Records) Load() {
	if j.Current().Kind != StepRecords {
		return
	}
	if id := j.Showing(); id != "" {
		j.loadPreview(id)
		return
	}
	j.loadList()
}

// Retry forgets why the records on screen could not be fetched and
// fetches them again (再试一次).
func (j *Records) Retry() {
	id := j.Showing()
	j.mu.Lock()
	if id != "" && j.prev != nil && j.prev.id == id && j.prev.err != nil {
		j.prev = nil
	}
	if id == "" {
		j.listErr = nil
	}
	j.mu.Unlock()
	j.d.Session.Touch()
	j.Load()
}

func (j *Records) loadList() {
	j.mu.Lock()
	if j.listed || j.listErr != nil {
		j.mu.Unlock()
		return
	}
	j.mu.Unlock()
	src, kind := j.d.Records, j.kind
	var apps []portal.ApplicationStatus
	var lics []portal.License
	j.run(BusyRecords, func(ctx context.Context) error {
		if src == nil {
			return fmt.Errorf("journey: %s: %w", kind, ErrUnavailable)
		}
		var err error
		if kind == RecordsLicenses {
			lics, err = src.Licenses(ctx)
		} else {
			apps, err = src.Applications(ctx)
		}
		if err != nil {
			return fmt.Errorf("journey: %s: %w", kind, err)
		}
		return nil
	}, func(err error) {
		j.mu.Lock()
		j.listErr = err
		if err == nil {
			j.apps, j.lics, j.listed, j.page = apps, lics, true, 0
		}
		j.mu.Unlock()
		if err == nil {
			j.rateWhenListed()
		}
	})
}

// Listed reports whether the list is there, and why it could not be
// fetched (nil when it was, or is on its way).
func (j *Records) Listed() (bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.listed, j.listErr
}

// Applications are the citizen's applications, as the portal listed them
// (进度查询).
func (j *Records) Applications() []portal.ApplicationStatus {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.apps)
}

// Licenses are the citizen's licenses, as the portal listed them (电子证照).
func (j *Records) Licenses() []portal.License {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.lics)
}

// count is the number of records listed; call with j.mu held.
func (j *Records) count() int {
	if j.kind == RecordsLicenses {
		return len(j.lics)
	}
	return len(j.apps)
}

// Page is the page of the list on screen when per records fit on one
// (the screen chooses per from its layout).
func (j *Records) Page(per int) RecordsPage {
	per = max(per, 1)
	j.mu.Lock()
	defer j.mu.Unlock()
	j.per = per
	return j.pageLocked()
}

func (j *Records) pageLocked() RecordsPage {
	per := max(j.per, 1)
	n := j.count()
	pages := max((n+per-1)/per, 1)
	j.page = min(max(j.page, 0), pages-1)
	from := j.page * per
	return RecordsPage{From: from, To: min(from+per, n), Index: j.page, Pages: pages}
}

// TurnPage moves delta pages on (back when negative), within the list.
func (j *Records) TurnPage(delta int) {
	j.mu.Lock()
	j.page += delta
	j.pageLocked()
	j.mu.Unlock()
	j.d.Session.Touch()
}

// Preview opens the license id of the list and fetches it for the screen
// in the background.
func (j *Records) Preview(id string) {
	j.mu.Lock()
	known := slices.ContainsFunc(j.lics, func(l portal.License) bool { return l.LicenseID == id })
	j.mu.Unlock()
	if j.kind != RecordsLicenses || !known {
		j.fail(fmt.Errorf("journey: licenses: no license %q listed", id))
		return
	}
	j.clearErr()
	j.d.Session.Open(app.Screen{ID: app.ScreenLicenses, Param: id})
	j.Load()
}

func (j *Records) loadPreview(id string) {
	j.mu.Lock()
	if p := j.prev; p != nil && p.id == id {
		j.mu.Unlock()
		return
	}
	j.mu.Unlock()
	src := j.d.Records
	var img image.Image
	var pdf []byte
	j.run(BusyPreview, func(ctx context.Context) error {
		if src == nil {
			return fmt.Errorf("journey: licenses: %w", ErrUnavailable)
		}
		var err error
		img, pdf, err = src.LicensePreview(ctx, id, PreviewDPI)
		if err != nil {
			return fmt.Errorf("journey: licenses: %w", err)
		}
		return nil
	}, func(err error) {
		j.mu.Lock()
		j.prev = &preview{id: id, img: img, pdf: pdf, err: err}
		j.mu.Unlock()
		// The citizen may have gone on to another license meanwhile.
		if other := j.Showing(); other != "" && other != id {
			j.loadPreview(other)
		}
	})
}

// Previewed is the license on screen, once fetched (nil before), and why
// it could not be.
func (j *Records) Previewed() (*LicensePreview, error) {
	id := j.Showing()
	j.mu.Lock()
	defer j.mu.Unlock()
	p := j.prev
	if id == "" || p == nil || p.id != id {
		return nil, nil
	}
	if p.err != nil {
		return nil, p.err
	}
	lp := &LicensePreview{Image: p.img}
	for _, l := range j.lics {
		if l.LicenseID == id {
			lp.License = l
		}
	}
	return lp, nil
}

// PrintState says where printing license id stands, and its failure.
func (j *Records) PrintState(id string) (PrintState, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if id == "" || j.printID != id {
		return PrintNone, nil
	}
	return j.print, j.printErr
}

// Print prints license id, as previewed, in the background (on the A4
// printer, or on receipt paper where the kiosk has none). A printer that
// cannot print (no paper) says so through PrintState.
func (j *Records) Print(id string) {
	j.mu.Lock()
	if j.running[BusyPrint] {
		j.mu.Unlock()
		return
	}
	var pdf []byte
	if p := j.prev; p != nil && p.id == id {
		pdf = p.pdf
	}
	j.printID = id
	src := j.d.Records
	switch {
	case src == nil:
		j.print, j.printErr = PrintFailed, fmt.Errorf("journey: print license: %w", app.ErrPrinterMissing)
	case pdf == nil:
		j.print, j.printErr = PrintFailed, fmt.Errorf("journey: print license: %w", app.ErrNothingToPrint)
	default:
		j.print, j.printErr = PrintPrinting, nil
	}
	if j.print == PrintFailed {
		j.mu.Unlock()
		return
	}
	j.mu.Unlock()
	j.d.Session.Touch()
	j.run(BusyPrint, func(ctx context.Context) error {
		if err := src.Print(ctx, pdf); err != nil {
			return fmt.Errorf("journey: print license: %w", err)
		}
		return nil
	}, func(err error) {
		j.mu.Lock()
		defer j.mu.Unlock()
		if err != nil {
			j.print, j.printErr = PrintFailed, err
			return
		}
		j.print = PrintDone
	})
}

// Problem is the failure shown on the step on screen: the face check's,
// the list's, or the preview's (nil when none).
func (j *Records) Problem() error {
	if j.Current().Kind != StepRecords {
		return j.Err()
	}
	if j.Showing() != "" {
		_, err := j.Previewed()
		return err
	}
	_, err := j.Listed()
	return err
}

// Snapshot returns where the citizen stands in the journey now: the
// records' titles and states, never the citizen's name, number or the
// licenses' contents.
func (j *Records) Snapshot() Snapshot {
	step := j.Current()
	k, n := j.Stage(step)
	s := Snapshot{Journey: string(j.kind), Step: step, Stage: k, Stages: n,
		StageName: string(j.Stages()[k-1]), Busy: j.Busy(), Problem: problemOf(j.Problem())}
	if step.Kind == StepIdentify && j.d.Session.Data().Card() == nil {
		s.Waiting = "card"
	}
	if step.Kind != StepRecords {
		return s
	}
	showing := j.Showing()
	j.mu.Lock()
	for _, a := range j.apps {
		s.Records = append(s.Records, RecordView{Title: a.ServiceName, Status: a.Status})
	}
	for _, l := range j.lics {
		s.Records = append(s.Records, RecordView{Title: l.Name})
		if l.LicenseID == showing {
			s.Showing = l.Name
		}
	}
	if j.listed && showing == "" && j.per > 0 {
		p := j.pageLocked()
		s.Page, s.Pages = p.Index+1, p.Pages
	}
	if showing != "" && j.printID == showing {
		s.Print = j.print
	}
	j.mu.Unlock()
	return s
}

func (j *Records) clearErr() {
	j.mu.Lock()
	j.err = nil
	j.mu.Unlock()
}

// FacePreview streams the face camera's picture for the face screen until
// ctx ends; ErrNoCamera when there is none.
func (j *Records) FacePreview(ctx context.Context, fps int) (<-chan image.Image, error) {
	if p, ok := j.d.Identity.(previewer); ok {
		return p.Preview(ctx, fps)
	}
	return nil, ErrNoCamera
}
