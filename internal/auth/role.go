package auth

import (
	"errors"
	"fmt"
	"slices"
)

// Role is what a user may do in an organisation.
type Role string

// The roles. Admin has no organisation: it is the whole installation's.
const (
	Admin    Role = "admin"    // the installation
	Manager  Role = "manager"  // runs its operator's programs
	Staff    Role = "staff"    // an operator's employee: orders meals, spends prepaid balances
	Merchant Role = "merchant" // a shop or restaurant
	Supplier Role = "supplier" // an SME
	Jury     Role = "jury"     // judges contests
	Auditor  Role = "auditor"  // reads every record, writes nothing
)

// Roles lists every role.
var Roles = []Role{Admin, Manager, Staff, Merchant, Supplier, Jury, Auditor}

// ParseRole reads a role's name.
func ParseRole(s string) (Role, error) {
	if r := Role(s); slices.Contains(Roles, r) {
		return r, nil
	}
	return "", fmt.Errorf("role %q: want one of admin, manager, staff, merchant, supplier, jury, auditor", s)
}

// Membership is a role in an organisation ("" for admin).
type Membership struct {
	Org  string `json:"org"`
	Role Role   `json:"role"`
}

// Principal is who makes a request.
type Principal struct {
	UserID      string
	Memberships []Membership
	// Session is set when the request came with the session cookie (not a
	// token); cookie-authenticated writes need CSRF protection.
	Session string
}

// Action is something a principal may be allowed to do.
type Action string

// The actions. Grant actions are "user.grant.<role>": giving a new user that
// role in an organisation.
const (
	OrgCreate      Action = "org.create"
	OrgRead        Action = "org.read"
	UserGrant      Action = "user.grant."
	TokenCreate    Action = "token.create"
	TokenRevoke    Action = "token.revoke"
	AccountCreate  Action = "account.create"
	AccountRead    Action = "account.read"
	TransferCreate Action = "transfer.create"
	TransferRead   Action = "transfer.read"
	LedgerCheck    Action = "ledger.check"
	AuditRead      Action = "audit.read"

	// Support programs (issue 12). The organisations checked are the
	// program's operators, but for the merchant's own records (redeem,
	// pick up, its sheet) the merchant, and for a payee its organisation.
	ProgramCreate Action = "program.create" // a new program of one's operator
	ProgramRead   Action = "program.read"   // a program's terms and cohort
	ProgramManage Action = "program.manage" // fund, cohort, prepay, settle, confirm, close, targeting
	ProgramOrder  Action = "program.order"  // order kits and lunchboxes for the operator's staff
	ProgramRedeem Action = "program.redeem" // a merchant's redemptions and pick-ups
	ProgramSheet  Action = "program.sheet"  // a merchant's daily order sheet
	ProgramReport Action = "program.report" // the report and the payment files
	ProgramEffect Action = "program.effect" // what a program did to its merchants' card sales (aggregates only)
	PayeeSet      Action = "payee.set"      // an organisation's bank details
)

// The actions of the product contest and early payment (issue 13).
const (
	ContestCreate      Action = "contest.create"  // on the operator
	ContestRead        Action = "contest.read"    // a contest's terms
	ContestManage      Action = "contest.manage"  // jury, publish, distribution: on the operator
	ContestReview      Action = "contest.review"  // every entry, score and result: on the operator
	ContestEnter       Action = "contest.enter"   // on the supplier
	ContestJudge       Action = "contest.judge"   // score, declare a conflict (the handler checks the assignment)
	ContestResultsRead Action = "contest.results" // published results: on the supplier
	EarlyPayCreate     Action = "earlypay.create" // a run, its invoices, its execution: on the operator
	EarlyPayRead       Action = "earlypay.read"   // the report and payment file: on the operator
)

// GrantAction is the action of giving a new user role r.
func GrantAction(r Role) Action { return UserGrant + Action(r) }

// ErrUnauthenticated is the refusal of an anonymous request (401);
// ErrForbidden of a signed-in one (403).
var (
	ErrUnauthenticated = errors.New("sign in first")
	ErrForbidden       = errors.New("not allowed")
)

// rule says which roles may act, on any organisation's records or only on
// their own organisations'. Admin may do everything and is not listed.
type rule struct {
	anyOrg []Role
	ownOrg []Role
	self   bool // every signed-in user, on their own credentials
}

var operators = []Role{Manager, Staff, Merchant, Supplier}

// rules is the whole authorisation table.
var rules = map[Action]rule{
	OrgCreate:             {},
	OrgRead:               {anyOrg: Roles},
	GrantAction(Admin):    {},
	GrantAction(Auditor):  {},
	GrantAction(Jury):     {},
	GrantAction(Manager):  {ownOrg: []Role{Manager}},
	GrantAction(Staff):    {ownOrg: []Role{Manager}},
	GrantAction(Merchant): {ownOrg: []Role{Manager}},
	GrantAction(Supplier): {ownOrg: []Role{Manager}},
	TokenCreate:           {self: true},
	TokenRevoke:           {self: true},
	AccountCreate:         {ownOrg: []Role{Manager}},
	AccountRead:           {anyOrg: []Role{Auditor}, ownOrg: operators},
	TransferCreate:        {ownOrg: operators},
	TransferRead:          {anyOrg: []Role{Auditor}, ownOrg: operators},
	LedgerCheck:           {anyOrg: []Role{Auditor}},
	AuditRead:             {anyOrg: []Role{Auditor}},

	ContestCreate:      {ownOrg: []Role{Manager}},
	ContestRead:        {anyOrg: Roles},
	ContestManage:      {ownOrg: []Role{Manager}},
	ContestReview:      {anyOrg: []Role{Auditor}, ownOrg: []Role{Manager, Staff}},
	ContestEnter:       {ownOrg: []Role{Supplier}},
	ContestJudge:       {anyOrg: []Role{Jury}},
	ContestResultsRead: {ownOrg: []Role{Supplier}},
	EarlyPayCreate:     {ownOrg: []Role{Manager}},
	EarlyPayRead:       {anyOrg: []Role{Auditor}, ownOrg: []Role{Manager, Staff}},
	ProgramCreate:      {ownOrg: []Role{Manager}},
	ProgramRead:        {anyOrg: Roles},
	ProgramManage:      {ownOrg: []Role{Manager}},
	ProgramOrder:       {ownOrg: []Role{Manager, Staff}},
	ProgramRedeem:      {ownOrg: []Role{Merchant}},
	ProgramSheet:       {anyOrg: []Role{Auditor}, ownOrg: []Role{Manager, Staff, Merchant}},
	ProgramReport:      {anyOrg: []Role{Auditor}, ownOrg: []Role{Manager, Staff}},
	ProgramEffect:      {anyOrg: []Role{Auditor}, ownOrg: []Role{Manager}},
	PayeeSet:           {ownOrg: []Role{Manager, Merchant, Supplier}},
}

// Authorize is the one check of who may do what: nil if p may do act on
// the records of one of orgs (for a transfer, the debit account's owner;
// for reading one, either account's owner), ErrUnauthenticated if p is
// anonymous, ErrForbidden otherwise. An unknown action is forbidden.
func Authorize(p *Principal, act Action, orgs ...string) error {
	if p == nil || p.UserID == "" {
		return ErrUnauthenticated
	}
	r, ok := rules[act]
	if !ok {
		return fmt.Errorf("%w: unknown action %s", ErrForbidden, act)
	}
	if r.self {
		return nil
	}
	for _, m := range p.Memberships {
		switch {
		case m.Role == Admin:
			return nil
		case slices.Contains(r.anyOrg, m.Role):
			return nil
		case slices.Contains(r.ownOrg, m.Role) && m.Org != "" && slices.Contains(orgs, m.Org):
			return nil
		}
	}
	return fmt.Errorf("%w: %s", ErrForbidden, act)
}
