package httpapi

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/contest"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// maxProgramID bounds the ids of contests and early-payment runs, so the
// ledger ids made from them stay within 64 characters.
const maxProgramID = 32

// contestError answers a refusal of the contest rules: 422 with its code
// and, when it concerns one, the entry.
func contestError(w http.ResponseWriter, err error) bool {
	var ce *contest.Error
	if !errors.As(err, &ce) {
		return false
	}
	e := map[string]any{"code": ce.Code, "message": ce.Message}
	if ce.Entry != "" {
		e["entry"] = ce.Entry
	}
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": e})
	return true
}

// storeRefusal answers the store's refusals of a contest or run whose
// state no longer allows a change: 409 with code.
func storeRefusal(w http.ResponseWriter, err error, code string) bool {
	if errors.Is(err, store.ErrFinal) {
		writeError(w, http.StatusConflict, code, err.Error())
		return true
	}
	return false
}

// createContest opens a contest for an operator (its manager).
func (a *API) createContest(w http.ResponseWriter, r *http.Request) {
	if !a.signedIn(w, r) {
		return
	}
	var body struct {
		ID       string              `json:"id"`
		Operator string              `json:"operator"`
		Name     string              `json:"name"`
		Criteria []contest.Criterion `json:"criteria"`
		Budget   int64               `json:"budget"`
		OpensAt  time.Time           `json:"opens_at"`
		ClosesAt time.Time           `json:"closes_at"`
		PerEntry int                 `json:"per_entry"`
		Method   contest.Method      `json:"method"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if body.ID != "" {
		if err := store.ValidSlug(body.ID); err != nil || len(body.ID) > maxProgramID {
			badRequest(w, fmt.Sprintf("id %q: want 1–%d characters of a-z, 0-9, _ and -", body.ID, maxProgramID))
			return
		}
	}
	name := strings.TrimSpace(body.Name)
	switch {
	case body.Operator == "":
		badRequest(w, "operator: required")
		return
	case name == "" || utf8.RuneCountInString(name) > 200:
		badRequest(w, "name: want 1–200 characters")
		return
	case body.Budget < 0 || body.Budget > 1e15:
		badRequest(w, "budget: want 0 to 10^15 won")
		return
	case body.OpensAt.IsZero() || !body.ClosesAt.After(body.OpensAt):
		badRequest(w, "opens_at, closes_at: want two instants (RFC 3339), closes_at after opens_at")
		return
	case body.PerEntry < 1 || body.PerEntry > 50:
		badRequest(w, "per_entry: want 1–50 judges per entry")
		return
	case body.Method != contest.MethodZScore && body.Method != contest.MethodTrimmed:
		badRequest(w, "method: want zscore or trimmed")
		return
	}
	if err := contest.ValidateCriteria(body.Criteria); err != nil {
		badRequest(w, "criteria: "+strings.TrimPrefix(err.Error(), "contest: "))
		return
	}
	if !a.authorize(w, r, auth.ContestCreate, body.Operator) {
		return
	}
	if _, err := a.db.Org(r.Context(), body.Operator); err != nil {
		a.fail(w, r, err)
		return
	}
	c := &store.Contest{ID: body.ID, Operator: body.Operator, Name: name, Criteria: body.Criteria, Budget: body.Budget,
		OpensAt: body.OpensAt.UTC().Truncate(time.Microsecond), ClosesAt: body.ClosesAt.UTC().Truncate(time.Microsecond), PerEntry: body.PerEntry, Method: body.Method}
	if err := a.db.CreateContest(r.Context(), c); err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"contest": c})
}

// contests lists the contests to anyone signed in.
func (a *API) contests(w http.ResponseWriter, r *http.Request) {
	if !a.authorize(w, r, auth.ContestRead) {
		return
	}
	cs, err := a.db.Contests(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"contests": cs})
}

// loadContest reads the contest of the path for a signed-in principal,
// answering 401 and 404 itself.
func (a *API) loadContest(w http.ResponseWriter, r *http.Request) (*store.Contest, bool) {
	if !a.signedIn(w, r) {
		return nil, false
	}
	c, err := a.db.Contest(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return nil, false
	}
	return c, true
}

// may reports whether the principal may act on one of orgs, without
// answering.
func may(r *http.Request, act auth.Action, orgs ...string) bool {
	return auth.Authorize(stateOf(r).principal, act, orgs...) == nil
}

// principalOrgs lists the organisations the principal has role in.
func principalOrgs(r *http.Request, role auth.Role) []string {
	var out []string
	if p := stateOf(r).principal; p != nil {
		for _, m := range p.Memberships {
			if m.Role == role {
				out = append(out, m.Org)
			}
		}
	}
	return out
}

// contestDetail answers a contest's terms to anyone signed in, with the
// entries the principal may see: every entry to the operator's managers,
// staff and auditors, a supplier's own entries to the supplier.
func (a *API) contestDetail(w http.ResponseWriter, r *http.Request) {
	if !a.authorize(w, r, auth.ContestRead) {
		return
	}
	c, ok := a.loadContest(w, r)
	if !ok {
		return
	}
	entries, err := a.db.Entries(r.Context(), c.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	visible := []store.Entry{}
	review := may(r, auth.ContestReview, c.Operator)
	for _, e := range entries {
		if review || may(r, auth.ContestEnter, e.Supplier) {
			visible = append(visible, e)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"contest": c, "entries": visible})
}

// maxEntryBody bounds an entry's request: its attachments travel in it,
// base64-encoded.
const maxEntryBody = 16 << 20

// maxAttachments bounds the attachments of an entry.
const maxAttachments = 5

// createEntry enters a product for a supplier (its supplier members) while
// the contest takes entries: from opens_at until closes_at, and not after
// the jury is assigned (422 contest_closed). Attachments are typed by
// their content (PNG, JPEG, WebP, PDF), each at most 10 MiB.
func (a *API) createEntry(w http.ResponseWriter, r *http.Request) {
	c, ok := a.loadContest(w, r)
	if !ok {
		return
	}
	var body struct {
		Supplier    string `json:"supplier"`
		Product     string `json:"product"`
		UnitPrice   int64  `json:"unit_price"`
		MinUnits    int64  `json:"min_units"`
		MaxUnits    int64  `json:"max_units"`
		SMECert     string `json:"sme_cert"`
		Attachments []struct {
			Name string `json:"name"`
			Data string `json:"data"` // base64
		} `json:"attachments"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxEntryBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("body: at most %d bytes", maxEntryBody))
			return
		}
		badRequest(w, "body: "+err.Error())
		return
	}
	if body.Supplier == "" {
		if own := principalOrgs(r, auth.Supplier); len(own) == 1 {
			body.Supplier = own[0]
		}
	}
	product, cert := strings.TrimSpace(body.Product), strings.TrimSpace(body.SMECert)
	switch {
	case body.Supplier == "":
		badRequest(w, "supplier: required")
		return
	case product == "" || utf8.RuneCountInString(product) > 200:
		badRequest(w, "product: want 1–200 characters")
		return
	case cert == "" || len(cert) > 64:
		badRequest(w, "sme_cert: the 중소기업 확인서 number, 1–64 bytes")
		return
	case len(body.Attachments) > maxAttachments:
		badRequest(w, fmt.Sprintf("attachments: at most %d", maxAttachments))
		return
	}
	if !a.authorize(w, r, auth.ContestEnter, body.Supplier) {
		return
	}
	e := &store.Entry{ContestID: c.ID, Supplier: body.Supplier, Product: product, UnitPrice: body.UnitPrice, MinUnits: body.MinUnits,
		MaxUnits: body.MaxUnits, SMECert: cert, UserID: stateOf(r).principal.UserID}
	if contestError(w, contest.CheckEntry(a.db.Now(), c.OpensAt, c.ClosesAt, e.Rule(""))) {
		return
	}
	for i, at := range body.Attachments {
		data, err := base64.StdEncoding.DecodeString(at.Data)
		if err != nil {
			badRequest(w, fmt.Sprintf("attachments[%d].data: not base64: %v", i, err))
			return
		}
		mt, err := contest.AttachmentType(data)
		if err != nil {
			var ce *contest.Error
			errors.As(err, &ce)
			writeError(w, http.StatusUnprocessableEntity, "invalid_attachment", fmt.Sprintf("attachments[%d] (%s): %s", i, at.Name, ce.Message))
			return
		}
		name := strings.TrimSpace(at.Name)
		if utf8.RuneCountInString(name) > 200 {
			badRequest(w, fmt.Sprintf("attachments[%d].name: at most 200 characters", i))
			return
		}
		e.Attachments = append(e.Attachments, store.Attachment{Name: name, MediaType: mt, Data: data})
	}
	if err := a.db.CreateEntry(r.Context(), e); err != nil {
		if errors.Is(err, store.ErrClosed) {
			writeError(w, http.StatusUnprocessableEntity, contest.CodeContestClosed, "the jury is assigned: entries have ended")
			return
		}
		a.fail(w, r, err)
		return
	}
	if e.Attachments == nil {
		e.Attachments = []store.Attachment{}
	}
	writeJSON(w, http.StatusCreated, map[string]any{"entry": e})
}

// ruleEntries are the contest's entries as the rules see them, with the
// suppliers' 사업자등록번호.
func (a *API) ruleEntries(r *http.Request, entries []store.Entry) ([]contest.Entry, error) {
	var orgs []string
	for _, e := range entries {
		orgs = append(orgs, e.Supplier)
	}
	bns, err := a.db.BusinessNos(r.Context(), orgs)
	if err != nil {
		return nil, err
	}
	out := make([]contest.Entry, len(entries))
	for i, e := range entries {
		out[i] = e.Rule(bns[e.Supplier])
	}
	return out, nil
}

// assignJury assigns the contest's judges (users by id or email; its
// manager): each entry to
// per_entry judges (the contest's by default) without a conflict,
// workload balanced. The assignment ends the entries; it may be redone
// until the first score (409 scoring_started).
func (a *API) assignJury(w http.ResponseWriter, r *http.Request) {
	c, ok := a.loadContest(w, r)
	if !ok {
		return
	}
	var body struct {
		Users    []string `json:"users"`
		PerEntry int      `json:"per_entry"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if !a.authorize(w, r, auth.ContestManage, c.Operator) {
		return
	}
	if body.PerEntry == 0 {
		body.PerEntry = c.PerEntry
	}
	if len(body.Users) == 0 || len(body.Users) > 1000 {
		badRequest(w, "users: want 1–1,000 judges' user ids")
		return
	}
	for i, u := range body.Users {
		if strings.Contains(u, "@") {
			found, _, err := a.db.UserByEmail(r.Context(), u)
			if errors.Is(err, store.ErrNotFound) {
				writeError(w, http.StatusUnprocessableEntity, "invalid", fmt.Sprintf("users[%d]: no user with that email", i))
				return
			}
			if err != nil {
				a.fail(w, r, err)
				return
			}
			body.Users[i] = found.ID
		}
	}
	judges, err := a.db.JuryMembers(r.Context(), c.ID, body.Users)
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusUnprocessableEntity, "invalid", strings.TrimSuffix(err.Error(), ": "+store.ErrNotFound.Error()))
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	entries, err := a.db.Entries(r.Context(), c.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	rule, err := a.ruleEntries(r, entries)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	as, err := contest.AssignJury(rule, judges, body.PerEntry)
	if contestError(w, err) {
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.db.AssignJury(r.Context(), c.ID, as); err != nil {
		if storeRefusal(w, err, "scoring_started") {
			return
		}
		a.fail(w, r, err)
		return
	}
	loads := as.Loads()
	for _, j := range body.Users {
		loads[j] += 0
	}
	writeJSON(w, http.StatusOK, map[string]any{"assignment": as, "loads": loads, "per_entry": body.PerEntry})
}

// declareConflict records a judge's declared conflict with an entry or a
// supplier of the contest; an entry of it is then neither assigned to the
// judge nor scored by them.
func (a *API) declareConflict(w http.ResponseWriter, r *http.Request) {
	if !a.authorize(w, r, auth.ContestJudge) {
		return
	}
	c, ok := a.loadContest(w, r)
	if !ok {
		return
	}
	var body struct {
		Target string `json:"target"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if body.Target == "" || len(body.Target) > 64 {
		badRequest(w, "target: an entry id or a supplier organisation id")
		return
	}
	if err := a.db.DeclareConflict(r.Context(), c.ID, stateOf(r).principal.UserID, body.Target); err != nil {
		a.fail(w, r, err)
		return
	}
	conf, err := a.db.Conflicts(r.Context(), c.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"conflicts": conf[stateOf(r).principal.UserID]})
}

// assigned answers a judge the entries assigned to them, with their own
// scores and never the other judges'.
func (a *API) assigned(w http.ResponseWriter, r *http.Request) {
	if !a.authorize(w, r, auth.ContestJudge) {
		return
	}
	c, ok := a.loadContest(w, r)
	if !ok {
		return
	}
	me := stateOf(r).principal.UserID
	as, err := a.db.Jury(r.Context(), c.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	entries, err := a.db.Entries(r.Context(), c.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	mine, err := a.db.Scores(r.Context(), c.ID, me)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	conf, err := a.db.Conflicts(r.Context(), c.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	type item struct {
		store.Entry
		Scores map[string]int `json:"scores"` // mine; null until scored
	}
	out := []item{}
	for _, e := range entries {
		if !slices.Contains(as[e.ID], me) {
			continue
		}
		it := item{Entry: e}
		for _, s := range mine {
			if s.Entry == e.ID {
				it.Scores = s.Values
			}
		}
		out = append(out, it)
	}
	declared := conf[me]
	if declared == nil {
		declared = []string{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"contest": c, "entries": out, "conflicts": declared})
}

// putScores records an assigned judge's scores of an entry, each
// criterion 0–100; anyone else is refused 403, and every score once the
// results are published (409 published).
func (a *API) putScores(w http.ResponseWriter, r *http.Request) {
	if !a.authorize(w, r, auth.ContestJudge) {
		return
	}
	c, ok := a.loadContest(w, r)
	if !ok {
		return
	}
	var body struct {
		Scores map[string]int `json:"scores"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	for _, cr := range c.Criteria {
		v, ok := body.Scores[cr.Key]
		if !ok {
			badRequest(w, fmt.Sprintf("scores: no score for %q (%s)", cr.Key, cr.Name))
			return
		}
		if v < 0 || v > 100 {
			badRequest(w, fmt.Sprintf("scores.%s: %d, want 0–100", cr.Key, v))
			return
		}
	}
	for k := range body.Scores {
		if !slices.ContainsFunc(c.Criteria, func(cr contest.Criterion) bool { return cr.Key == k }) {
			badRequest(w, fmt.Sprintf("scores: %q is not a criterion of the contest", k))
			return
		}
	}
	entryID, me := r.PathValue("entry"), stateOf(r).principal.UserID
	conf, err := a.db.Conflicts(r.Context(), c.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if len(conf[me]) > 0 {
		entries, err := a.db.Entries(r.Context(), c.ID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		for _, e := range entries {
			if e.ID == entryID && (slices.Contains(conf[me], e.ID) || slices.Contains(conf[me], e.Supplier)) {
				writeError(w, http.StatusForbidden, "forbidden", "you declared a conflict with entry "+e.ID)
				return
			}
		}
	}
	err = a.db.PutScore(r.Context(), c.ID, entryID, me, body.Scores)
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusForbidden, "forbidden", "entry "+entryID+" is not assigned to you")
		return
	case storeRefusal(w, err, "published"):
		return
	case err != nil:
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"entry": entryID, "scores": body.Scores})
}

// attachment answers an entry's attachment, as the type its content was
// found to be, to the operator's managers, staff and auditors, the
// supplier's members and the judges assigned to the entry.
func (a *API) attachment(w http.ResponseWriter, r *http.Request) {
	c, ok := a.loadContest(w, r)
	if !ok {
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		badRequest(w, "n: want the attachment's number, 1 or more")
		return
	}
	entry := r.PathValue("entry")
	att, supplier, err := a.db.EntryAttachment(r.Context(), c.ID, entry, n)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	allowed := may(r, auth.ContestReview, c.Operator) || may(r, auth.ContestEnter, supplier)
	if !allowed && may(r, auth.ContestJudge) {
		jury, err := a.db.Jury(r.Context(), c.ID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		allowed = slices.Contains(jury[entry], stateOf(r).principal.UserID)
	}
	if !allowed {
		writeError(w, http.StatusForbidden, "forbidden", "only the operator, the supplier and the entry's judges see its attachments")
		return
	}
	w.Header().Set("Content-Type", att.MediaType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": att.Name}))
	w.WriteHeader(http.StatusOK)
	w.Write(att.Data)
}
