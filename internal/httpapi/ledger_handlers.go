package httpapi

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/ledger"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// accountJSON is an account as the API shows it.
type accountJSON struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	Owner          string   `json:"owner"`
	Flags          []string `json:"flags"`
	Managed        bool     `json:"managed"` // a program's own: only its routes move its money
	DebitsPosted   int64    `json:"debits_posted"`
	CreditsPosted  int64    `json:"credits_posted"`
	DebitsPending  int64    `json:"debits_pending"`
	CreditsPending int64    `json:"credits_pending"`
	Balance        int64    `json:"balance"`
}

func toAccountJSON(a ledger.Account) accountJSON {
	return accountJSON{ID: a.ID, Name: a.Name, Owner: a.Owner, Flags: a.Flags.Names(), Managed: a.Managed, DebitsPosted: a.DebitsPosted,
		CreditsPosted: a.CreditsPosted, DebitsPending: a.DebitsPending, CreditsPending: a.CreditsPending, Balance: a.Balance()}
}

// transferJSON is a transfer as the API shows it; an expiry has no id.
type transferJSON struct {
	Seq           int64     `json:"seq"`
	ID            *string   `json:"id"`
	Kind          string    `json:"kind"`
	DebitAccount  string    `json:"debit_account"`
	CreditAccount string    `json:"credit_account"`
	Amount        int64     `json:"amount"`
	Memo          string    `json:"memo"`
	PendingID     string    `json:"pending_id,omitempty"`
	TimeoutS      int64     `json:"timeout_s,omitempty"`
	Status        string    `json:"status"`
	Resolution    string    `json:"resolution,omitempty"` // of a pending transfer: post_pending, void_pending or expire
	CreatedAt     time.Time `json:"created_at"`
}

func toTransferJSON(r ledger.Record) transferJSON {
	t := transferJSON{Seq: r.Seq, Kind: string(r.Kind), DebitAccount: r.DebitAccount, CreditAccount: r.CreditAccount,
		Amount: r.Amount, Memo: r.Memo, PendingID: r.PendingID, TimeoutS: r.TimeoutS, Status: string(r.Status()), CreatedAt: r.CreatedAt}
	if r.ID != "" {
		t.ID = &r.ID
	}
	return t
}

// createAccount opens a ledger account for an organisation (its manager,
// or admin).
func (a *API) createAccount(w http.ResponseWriter, r *http.Request) {
	if !a.signedIn(w, r) {
		return
	}
	var body struct {
		ID    string   `json:"id"`
		Name  string   `json:"name"`
		Owner string   `json:"owner"`
		Flags []string `json:"flags"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	flags, err := ledger.ParseFlags(body.Flags)
	if err != nil {
		badRequest(w, "flags: "+err.Error())
		return
	}
	if body.ID != "" {
		if err := ledger.ValidID(body.ID); err != nil {
			badRequest(w, err.Error())
			return
		}
	}
	name := strings.TrimSpace(body.Name)
	if name == "" || len(name) > 400 || body.Owner == "" {
		badRequest(w, "name and owner: required")
		return
	}
	if !a.authorize(w, r, auth.AccountCreate, body.Owner) {
		return
	}
	acct, err := a.db.CreateAccount(r.Context(), ledger.Account{ID: body.ID, Name: name, Owner: body.Owner, Flags: flags}, a.meta(r))
	a.ledgerAudited(r, nil, err)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"account": toAccountJSON(acct)})
}

// ledgerAudited notes that the ledger writer committed the write's audit
// entry with the write: it did, unless the write failed otherwise than by a
// refusal.
func (a *API) ledgerAudited(r *http.Request, res []ledger.Result, err error) {
	if store.LedgerStatus(res, err) != http.StatusInternalServerError {
		stateOf(r).audited = true
	}
}

// meta is what the ledger writer stores of the request: who, which
// request, and the audit entry's action and resource.
func (a *API) meta(r *http.Request) store.Meta {
	st := stateOf(r)
	m := store.Meta{RequestID: st.requestID, Action: st.pattern, Resource: r.URL.Path}
	if st.principal != nil {
		m.UserID = st.principal.UserID
	}
	return m
}

// account answers an account to its organisation's members, admin and
// auditors.
func (a *API) account(w http.ResponseWriter, r *http.Request) {
	if !a.signedIn(w, r) {
		return
	}
	acct, err := a.db.Account(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if !a.authorize(w, r, auth.AccountRead, acct.Owner) {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"account": toAccountJSON(acct)})
}

// accountTransfers lists an account's transfers in ledger order, after the
// sequence number after (0), up to limit (100, at most 1000); next is the
// cursor of the following page.
func (a *API) accountTransfers(w http.ResponseWriter, r *http.Request) {
	if !a.signedIn(w, r) {
		return
	}
	after, err := queryInt(r, "after", 0, 0, 1<<62)
	if err != nil {
		badRequest(w, err.Error())
		return
	}
	limit, err := queryInt(r, "limit", 100, 1, 1000)
	if err != nil {
		badRequest(w, err.Error())
		return
	}
	acct, err := a.db.Account(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if !a.authorize(w, r, auth.AccountRead, acct.Owner) {
		return
	}
	recs, err := a.db.AccountTransfers(r.Context(), acct.ID, after, int(limit))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]transferJSON, len(recs))
	for i, rec := range recs {
		out[i] = toTransferJSON(rec)
	}
	var next *int64
	if len(recs) == int(limit) {
		next = &recs[len(recs)-1].Seq
	}
	writeJSON(w, http.StatusOK, map[string]any{"transfers": out, "next": next})
}

func queryInt(r *http.Request, name string, def, lo, hi int64) (int64, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return def, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < lo || v > hi {
		return 0, errors.New(name + ": want a whole number in " + strconv.FormatInt(lo, 10) + "…" + strconv.FormatInt(hi, 10))
	}
	return v, nil
}

// createTransfers applies a batch: all of it or none. 201 with the
// transfers; 200 when every one was a replay; 422 (409 for id_conflict,
// 403 for managed_account) with the failing transfer's index. The
// principal must be allowed to move money out of every debited account's
// organisation; no principal, admin included, may touch an account a
// program manages (the store refuses it).
func (a *API) createTransfers(w http.ResponseWriter, r *http.Request) {
	if !a.signedIn(w, r) {
		return
	}
	batch, err := ledger.DecodeBatch(http.MaxBytesReader(w, r.Body, 4<<20))
	if err != nil {
		var de *ledger.DecodeError
		if errors.As(err, &de) && de.Index >= 0 {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]any{"code": "bad_request", "message": err.Error(), "index": de.Index}})
			return
		}
		badRequest(w, err.Error())
		return
	}
	orgs, err := a.debitOwners(r, batch)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	for _, one := range orgs {
		if !a.authorize(w, r, auth.TransferCreate, one...) {
			return
		}
	}
	res, err := a.db.Transfers(r.Context(), batch, a.meta(r))
	a.ledgerAudited(r, res, err)
	var ref *ledger.Refusal
	if errors.As(err, &ref) {
		status, code := http.StatusUnprocessableEntity, string(ref.Code)
		switch ref.Code {
		case ledger.IDConflict:
			status = http.StatusConflict
		case ledger.ManagedAccount:
			status = http.StatusForbidden
		case ledger.InvalidTransfer:
			status, code = http.StatusBadRequest, "bad_request"
		}
		writeJSON(w, status, map[string]any{"error": map[string]any{"code": code, "message": ref.Message, "index": ref.Index}})
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	status := http.StatusOK
	out := make([]transferJSON, len(res))
	for i, x := range res {
		out[i] = toTransferJSON(x.Record)
		if !x.Replay {
			status = http.StatusCreated
		}
	}
	writeJSON(w, status, map[string]any{"transfers": out})
}

// debitOwners lists the organisations whose accounts a batch debits: the
// debit account's owner, for a post or void its pending transfer's. An
// unknown account or pending transfer is left for the ledger to refuse
// (account_not_found, pending_not_found) if the principal may move money
// out of any of its own organisations' accounts: the principal's
// organisations stand for the unknown owner.
func (a *API) debitOwners(r *http.Request, batch []ledger.Transfer) ([][]string, error) {
	owner := map[string]string{} // account → org
	debit := map[string]string{} // pending transfer in this batch → debit account
	var orgs [][]string          // each: the principal must act in one of these
	unknown := false
	seen := map[string]bool{}
	for _, t := range batch {
		acct := t.DebitAccount
		if k := t.Kind(); k == ledger.KindPost || k == ledger.KindVoid {
			if d, ok := debit[t.PendingID()]; ok {
				acct = d
			} else if d, err := a.db.PendingDebit(r.Context(), t.PendingID()); err == nil {
				acct = d
			} else if !errors.Is(err, store.ErrNotFound) {
				return nil, err
			}
		}
		if t.Pending {
			debit[t.ID] = t.DebitAccount
		}
		org, ok := owner[acct]
		if !ok && acct != "" {
			o, err := a.db.AccountOwner(r.Context(), acct)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return nil, err
			}
			org, owner[acct] = o, o
		}
		if org == "" {
			unknown = true
			continue
		}
		if !seen[org] {
			seen[org] = true
			orgs = append(orgs, []string{org})
		}
	}
	if unknown {
		var own []string
		for _, m := range stateOf(r).principal.Memberships {
			own = append(own, m.Org)
		}
		orgs = append(orgs, own)
	}
	return orgs, nil
}

// transfer answers one transfer, with its resolution if it is pending, to
// members of either account's organisation, admin and auditors.
func (a *API) transfer(w http.ResponseWriter, r *http.Request) {
	if !a.signedIn(w, r) {
		return
	}
	tr, err := a.db.Transfer(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var orgs []string
	for _, id := range []string{tr.DebitAccount, tr.CreditAccount} {
		acct, err := a.db.Account(r.Context(), id)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		orgs = append(orgs, acct.Owner)
	}
	if !a.authorize(w, r, auth.TransferRead, orgs...) {
		return
	}
	out := toTransferJSON(tr.Record)
	out.Resolution = string(tr.Resolution)
	writeJSON(w, http.StatusOK, map[string]any{"transfer": out})
}

// ledgerCheck verifies the invariants from the transfers alone (admin,
// auditor).
func (a *API) ledgerCheck(w http.ResponseWriter, r *http.Request) {
	if !a.authorize(w, r, auth.LedgerCheck) {
		return
	}
	rep, err := a.db.Check(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}
