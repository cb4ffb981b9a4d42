// Package journey holds a citizen's journey at the kiosk as a value that
// app owns: which steps a service takes and in what order, what each step
// asks and why, what the ID card fills in, whether a value is valid, what
// comes next, and the slow work (identity check, SMS, document capture,
// submission, printing, rating) with its busy state and its failures. The
// screens draw a journey and call its methods; they hold no rule of their
// own.
//
// # Steps and screens
//
// An Apply journey is built from the service's catalog entry and the
// citizen's data: Steps lists them (Identify, Face, Field 1…n, SMS after
// the phone field, Materials, Review, Result), each a typed Step, not a
// string. The coarse stages a citizen is told ("第2步，共4步") come from
// Stage. Each step has its place in the session's screen stack
// (Step.Screen), so the session's Back, idle warning and wipe work as for
// any screen; At tells which step a screen is.
//
// # Slow work
//
// Verify, SendSMS, VerifySMS, Capture, Submit, Print and Rate run in the
// journey's own goroutine (never the UI's), one at a time. While one runs,
// Snapshot().Busy says what ("submit": 正在提交…); when it ends the journey
// moves on, or keeps the citizen's input and records the failure for the
// screen to show and speak. A result that arrives after the citizen left
// (the session ended) is dropped. Close stops and waits for the work.
//
// # Records
//
// A Records journey is 进度查询 (RecordsProgress) or 电子证照
// (RecordsLicenses): the card, the face check (both skipped when the
// citizen was checked earlier in the session), then what the portal holds
// for them. Load fetches the list (正在查询…) or the license on screen in
// the journey's goroutine, once; a failure is kept until Retry (再试一次).
// The list is paged at the size the screen chooses (Page, TurnPage);
// Preview opens one license and Print prints it (the A4 printer, or
// receipt paper on kiosks without one), with its PrintState. What the
// portal sent is dropped when the session ends; snapshots carry only
// titles and states.
//
// # Feedback and the staff call
//
// Feedback (意见建议) is a topic, then a ready phrase, both data here
// (FeedbackTopics); Send stores it through the outbox in the journey's
// goroutine, and the citizen is thanked (StepDone) only once it is stored.
// CallStaff (呼叫工作人员) calls the staff once per visit of its screen,
// bounded by StaffCallTimeout on the journey's clock; only CallReached
// means someone got the call. Current holds the staff call beside the
// journey under way, so calling for help never ends an application.
//
// # Identity without a face
//
// A service that needs the face check lists in face_alternatives what
// else it accepts (shared/portal-api.md, "Identity without a face").
// FaceAlternatives is what this kiosk can offer of those: sms_on_file when
// the portal can text the phone it holds (Deps.OnFile), staff_witnessed
// always — at this kiosk when a member of staff can sign in here
// (Deps.Witness), else the screen sends the citizen to the 网办优先窗口.
// ChooseMethod opens StepIDCode or StepWitness; once the check passes the
// journey goes on as after the face.
//
// The staff's check at this kiosk: choosing it calls the staff over the
// hall bus (CallWitness, bounded by StaffCallTimeout; CallReached only
// once the window stored the call, CallNoLink without a bus). The member
// of staff types their ID and PIN on the kiosk (TypeWitness; the PIN is
// wiped after every try and when the screen is left), ticks that they
// compared the card with the person (SetWitnessSeen), and Witness checks
// the PIN (Deps.Witness: the window over the bus, the kiosk's copy of the
// accounts while it is down, the lockout either way), opens the portal's
// staff_witnessed session and writes the audit row; a check the audit log
// cannot take does not count. A refusal, a timeout or going back keeps
// everything the citizen gave. The same code serves the records journeys
// (noFace, embedded in Apply and Records). A citizen without their card (身份证补领)
// takes GoWithoutCard where the service accepts sms_on_file: the form
// first, their number and name typed, then StepIDCode. Submit refuses a
// service that needs the check while none passed: no path skips it.
//
// # Materials
//
// Capture photographs the next page of a material with the document
// camera; Retake and DeletePage change a page; the pages are ONE PDF per
// material (app/scan, app.Documents), drawn back for the citizen
// (PageImages). UseLicense takes a material from the citizen's 电子证照
// where the catalog says it can come from one.
//
// # Snapshots
//
// Snapshot is a plain, JSON-encodable value of where the citizen is: the
// service, the step and stage, every field's label and masked value, the
// errors in plain words, the busy state and device waits. It holds no
// unmasked ID number, name, phone, address or image: the narration, the
// staff's live view and the funnel figures can all read it.
package journey
