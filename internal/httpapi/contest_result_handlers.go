package httpapi

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/contest"
	"github.com/sangsaeng/sangsaeng/internal/ledger"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// resultLine is one entry of a contest's results.
type resultLine struct {
	Entry         string              `json:"entry"`
	Supplier      string              `json:"supplier"`
	SupplierName  string              `json:"supplier_name"`
	Product       string              `json:"product"`
	UnitPrice     int64               `json:"unit_price"`
	Rank          int                 `json:"rank"`
	Score         float64             `json:"score"`
	Criteria      map[string]float64  `json:"criteria"`
	Raw           []contest.JudgeLine `json:"raw"`
	Explanation   contest.Explanation `json:"explanation"`
	SelectedUnits int64               `json:"selected_units"`
	Cost          int64               `json:"cost"`
	OptimumUnits  *int64              `json:"optimum_units"`
}

// results is a contest's ranking and purchase under its budget.
type results struct {
	Contest      string       `json:"contest"`
	Method       string       `json:"method"`
	Published    bool         `json:"published"`
	Entries      []resultLine `json:"entries"`
	Budget       int64        `json:"budget"`
	Spent        int64        `json:"spent"`
	OptimumSpent *int64       `json:"optimum_spent"` // null when the optimum is too large to compute
	Difference   *int64       `json:"difference"`    // optimum_spent − spent
	Selection    string       `json:"selection"`
}

// computeResults ranks the contest's entries by its rule and buys greedily
// by rank under the budget, with the optimum beside it.
func (a *API) computeResults(r *http.Request, c *store.Contest) (results, map[string]store.Entry, error) {
	entries, err := a.db.Entries(r.Context(), c.ID)
	if err != nil {
		return results{}, nil, err
	}
	rule, err := a.ruleEntries(r, entries)
	if err != nil {
		return results{}, nil, err
	}
	scores, err := a.db.Scores(r.Context(), c.ID, "")
	if err != nil {
		return results{}, nil, err
	}
	ranked, err := contest.Rank(c.Criteria, rule, scores, c.Method)
	if err != nil {
		return results{}, nil, err
	}
	byID := map[string]store.Entry{}
	for _, e := range entries {
		byID[e.ID] = e
	}
	var cands []contest.Candidate
	for _, res := range ranked {
		if res.Rank > 0 {
			e := byID[res.Entry]
			cands = append(cands, contest.Candidate{Entry: e.ID, UnitPrice: e.UnitPrice, MinUnits: e.MinUnits, MaxUnits: e.MaxUnits})
		}
	}
	greedy, err := contest.Greedy(cands, c.Budget)
	if err != nil {
		return results{}, nil, err
	}
	out := results{Contest: c.ID, Method: string(c.Method), Published: c.PublishedAt != nil, Budget: c.Budget, Spent: greedy.Spent,
		Selection: "greedy by rank: each entry in rank order gets as many units as the budget left allows, up to its maximum; one whose minimum does not fit is skipped"}
	opt, err := contest.Optimum(cands, c.Budget)
	var ce *contest.Error
	switch {
	case err == nil:
		out.OptimumSpent = &opt.Spent
		d := opt.Spent - greedy.Spent
		out.Difference = &d
	case errors.As(err, &ce) && ce.Code == contest.CodeOptimumTooLarge:
	default:
		return results{}, nil, err
	}
	out.Entries = make([]resultLine, len(ranked))
	for i, res := range ranked {
		e := byID[res.Entry]
		l := resultLine{Entry: e.ID, Supplier: e.Supplier, Product: e.Product, UnitPrice: e.UnitPrice, Rank: res.Rank, Score: res.Score,
			Criteria: res.Criteria, Raw: res.Explanation.Judges, Explanation: res.Explanation}
		if i < len(cands) {
			l.SelectedUnits, l.Cost = greedy.Picks[i].Units, greedy.Picks[i].Cost
			if out.OptimumSpent != nil {
				l.OptimumUnits = &opt.Picks[i].Units
			}
		}
		out.Entries[i] = l
	}
	names := map[string]string{}
	for i := range out.Entries {
		l := &out.Entries[i]
		name, ok := names[l.Supplier]
		if !ok {
			o, err := a.db.Org(r.Context(), l.Supplier)
			switch {
			case err == nil:
				name = o.Name
			case !errors.Is(err, store.ErrNotFound):
				return results{}, nil, err
			}
			names[l.Supplier] = name
		}
		l.SupplierName = name
	}
	return out, byID, nil
}

// anonymise names the judges of a supplier's result 심사위원 1, 2 … in the
// order the explanation lists them.
func anonymise(l *resultLine) {
	lines := make([]contest.JudgeLine, len(l.Raw))
	for i, j := range l.Raw {
		j.Judge = "심사위원 " + strconv.Itoa(i+1)
		lines[i] = j
	}
	l.Raw, l.Explanation.Judges = lines, lines
	l.Explanation.Formula = "" // it names judges; the lines say the same
}

// contestResults answers the ranking, each score with how it was computed
// from the raw scores, and the purchase under the budget: every entry to
// the operator's managers, staff and auditors at any time; a supplier its
// own entries, its judges unnamed, once the results are published (403
// not_published before).
func (a *API) contestResults(w http.ResponseWriter, r *http.Request) {
	c, ok := a.loadContest(w, r)
	if !ok {
		return
	}
	review := may(r, auth.ContestReview, c.Operator)
	own := principalOrgs(r, auth.Supplier)
	if !review && (len(own) == 0 || !may(r, auth.ContestResultsRead, own...)) {
		writeError(w, http.StatusForbidden, "forbidden", "your roles do not allow "+string(auth.ContestResultsRead)+" here")
		return
	}
	if !review && c.PublishedAt == nil {
		writeError(w, http.StatusForbidden, "not_published", "the results are not published yet")
		return
	}
	res, _, err := a.computeResults(r, c)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if !review {
		mine := []resultLine{}
		for _, l := range res.Entries {
			for _, o := range own {
				if l.Supplier == o {
					anonymise(&l)
					mine = append(mine, l)
				}
			}
		}
		res.Entries = mine
	}
	writeJSON(w, http.StatusOK, res)
}

// publishContest makes the results final and visible to the suppliers
// (the operator's manager): no score changes after.
func (a *API) publishContest(w http.ResponseWriter, r *http.Request) {
	c, ok := a.loadContest(w, r)
	if !ok {
		return
	}
	if !a.authorize(w, r, auth.ContestManage, c.Operator) {
		return
	}
	if c.JuryAt == nil {
		writeError(w, http.StatusConflict, "no_jury", "assign the jury and collect the scores first")
		return
	}
	c, err := a.db.PublishContest(r.Context(), c.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"contest": c})
}

// purchaseOrder is what the operator owes a winner.
type purchaseOrder struct {
	Entry        string `json:"entry"`
	Supplier     string `json:"supplier"`
	SupplierName string `json:"supplier_name"`
	Units        int64  `json:"units"`
	UnitPrice    int64  `json:"unit_price"`
	Amount       int64  `json:"amount"`
	Transfer     string `json:"transfer"`
}

// Ledger ids of a contest's purchase: the operator's purchases (debited)
// and what it owes the winners (credited), one transfer per winner.
func contestPurchases(id string) string    { return "ct-" + id + "-purchases" }
func contestPayable(id string) string      { return "ct-" + id + "-payable" }
func contestOrder(id, entry string) string { return "ct-" + id + "-po-" + entry }

// distribute splits the published selection's units between the online
// shop (online_share, basis points of 10,000) and the stores by weight,
// largest remainder, and records the purchase orders in the ledger: the
// operator owes each winner units × unit price (replayed, not repeated,
// when asked again). ?format=csv answers the store × product table.
func (a *API) distribute(w http.ResponseWriter, r *http.Request) {
	c, ok := a.loadContest(w, r)
	if !ok {
		return
	}
	var body struct {
		OnlineShare int64           `json:"online_share"`
		Stores      []contest.Store `json:"stores"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "csv" {
		badParameter(w, "format: want json or csv")
		return
	}
	if len(body.Stores) == 0 || len(body.Stores) > 100_000 {
		badRequest(w, "stores: want 1–100,000 {id, weight}")
		return
	}
	for i, s := range body.Stores {
		if s.ID == "" || len(s.ID) > 64 {
			badRequest(w, fmt.Sprintf("stores[%d].id: want 1–64 bytes", i))
			return
		}
	}
	if !a.authorize(w, r, auth.ContestManage, c.Operator) {
		return
	}
	if c.PublishedAt == nil {
		writeError(w, http.StatusConflict, "not_published", "publish the results first: the purchase is final then")
		return
	}
	res, byID, err := a.computeResults(r, c)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var lots []contest.Lot
	var orders []purchaseOrder
	var batch []ledger.Transfer
	for _, l := range res.Entries {
		if l.SelectedUnits == 0 {
			continue
		}
		e := byID[l.Entry]
		lots = append(lots, contest.Lot{Entry: l.Entry, Units: l.SelectedUnits})
		po := purchaseOrder{Entry: e.ID, Supplier: e.Supplier, SupplierName: l.SupplierName, Units: l.SelectedUnits, UnitPrice: e.UnitPrice, Amount: l.Cost, Transfer: contestOrder(c.ID, e.ID)}
		orders = append(orders, po)
		batch = append(batch, ledger.Transfer{ID: po.Transfer, DebitAccount: contestPurchases(c.ID), CreditAccount: contestPayable(c.ID), Amount: po.Amount,
			Memo: fmt.Sprintf("구매 %s %s × %d", e.Supplier, e.ID, po.Units)})
	}
	shares, err := contest.Distribute(lots, body.OnlineShare, body.Stores)
	if contestError(w, err) {
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if len(batch) > 0 {
		if err := a.ensureAccounts(r, c.Operator, map[string]string{contestPurchases(c.ID): "공모전 구매 " + c.ID, contestPayable(c.ID): "공모전 구매 미지급금 " + c.ID}); err != nil {
			a.fail(w, r, err)
			return
		}
		if _, err := a.db.ProgramTransfers(r.Context(), batch, a.plainMeta(r)); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	// After the ledger: a failure between the two is mended by asking
	// again, the transfers then being replays.
	if err := a.db.SaveDistribution(r.Context(), c.ID, store.ContestDistribution{OnlineBP: body.OnlineShare, Stores: body.Stores, Shares: shares}); err != nil {
		a.fail(w, r, err)
		return
	}
	if format == "csv" {
		var b bytes.Buffer
		cw := csv.NewWriter(&b)
		cw.WriteAll(contest.Table(shares, body.Stores))
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="distribution-`+c.ID+`.csv"`)
		w.WriteHeader(http.StatusOK)
		w.Write(b.Bytes())
		return
	}
	if orders == nil {
		orders = []purchaseOrder{}
	}
	if shares == nil {
		shares = []contest.Share{}
	}
	ids := make([]string, len(body.Stores))
	for i, s := range body.Stores {
		ids[i] = s.ID
	}
	writeJSON(w, http.StatusOK, map[string]any{"online_share": body.OnlineShare, "stores": ids, "products": shares, "purchase_orders": orders})
}

// ensureAccounts opens the managed ledger accounts (id → name) of a
// contest or an early-payment run, owned by its operator, that are not
// open yet.
func (a *API) ensureAccounts(r *http.Request, owner string, accounts map[string]string) error {
	accts := make([]ledger.Account, 0, len(accounts))
	for id, name := range accounts {
		accts = append(accts, ledger.Account{ID: id, Name: name, Owner: owner})
	}
	return a.db.OpenProgramAccounts(r.Context(), accts, a.plainMeta(r))
}

// plainMeta is who asks for a ledger write made on the way of another
// write: without an audit entry of its own (the request's is written by
// the auth middleware).
func (a *API) plainMeta(r *http.Request) store.Meta {
	m := a.meta(r)
	m.Action, m.Resource = "", ""
	return m
}
