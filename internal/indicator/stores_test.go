package indicator

import "testing"

func TestStores(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "fixture", checks: []check{
			{KeyStores, int64(8), nil},
			{KeySimilarStores, int64(10), nil},
			{KeyFranchiseStores, int64(2), nil},
			{KeyFranchiseShare, 20.0, nil}, // 2 / 10
			{KeyOpenedStores, int64(1), nil},
			{KeyClosedStores, int64(2), nil},
			{KeyOpenRate, 10.0, nil}, // 1 / 10
			{KeyOpenRatePublished, 10.0, nil},
			{KeyCloseRate, 20.0, nil}, // 2 / 10
			{KeyCloseRatePublished, 20.0, nil},
			{KeyNetStoreChange, int64(-1), nil}, // 1 − 2
			{KeyStoresQoQ, 25.0, nil},           // (10 − 8) / 8
			{KeyStoresYoY, -16.67, nil},         // (10 − 12) / 12
		}},
		{
			// 20241 3110212 CS100007 치킨전문점 (stores_trdar_chicken_20241-20251):
			// 5/11 = 45.45 % published as 46 (rounded to 45.5 first), 1/11 = 9.09 % as 9.
			name: "published row rounded twice",
			edit: func(d *District) {
				d.Stores = &Stores{Stores: 3, Similar: 11, OpenRate: 46, Opened: 5, CloseRate: 9, Closed: 1, Franchise: 8, HasRates: true}
			},
			checks: []check{
				{KeyOpenRate, 45.45, nil},
				{KeyOpenRatePublished, 46.0, nil},
				{KeyCloseRate, 9.09, nil},
				{KeyCloseRatePublished, 9.0, nil},
				{KeyFranchiseShare, 72.73, nil},
				{KeyNetStoreChange, int64(4), nil},
			},
		},
		{
			// 20242 3110212: 3/8 = 37.5 % published as 38 (half up).
			name: "published row rounded half up",
			edit: func(d *District) {
				d.Stores = &Stores{Stores: 2, Similar: 8, CloseRate: 38, Closed: 3, Franchise: 6, HasRates: true}
			},
			checks: []check{
				{KeyCloseRate, 37.5, nil},
				{KeyCloseRatePublished, 38.0, nil},
				{KeyOpenRate, 0.0, nil},
			},
		},
		{name: "published rate off by more than rounding", edit: func(d *District) {
			d.Stores = &Stores{Stores: 3, Similar: 11, OpenRate: 47, Opened: 5, HasRates: true}
		}, checks: []check{
			{KeyOpenRate, 45.45, fl(FlagRateMismatch)},
			{KeyOpenRatePublished, 47.0, fl(FlagRateMismatch)},
			{KeyCloseRate, 0.0, nil},
		}},
		{name: "published rate at the tolerance", edit: func(d *District) {
			d.Stores = &Stores{Stores: 20, Similar: 20, OpenRate: 5.55, Opened: 1, CloseRate: 4.44, Closed: 1, HasRates: true}
		}, checks: []check{
			{KeyOpenRate, 5.0, nil},                   // 5.55 − 5 = 0.55
			{KeyCloseRate, 5.0, fl(FlagRateMismatch)}, // 5 − 4.44 = 0.56
			{KeyCloseRatePublished, 4.44, fl(FlagRateMismatch)},
		}},
		{
			// 20241 3110053: no store of the industry, one closed, rates 0.
			name: "zero similar stores",
			edit: func(d *District) {
				d.Stores = &Stores{Closed: 1, HasRates: true}
			},
			checks: []check{
				{KeySimilarStores, int64(0), nil},
				{KeyFranchiseShare, nil, fl(FlagZeroDenominator, FlagSmallBase)},
				{KeyOpenRate, nil, fl(FlagZeroDenominator, FlagSmallBase)},
				{KeyCloseRate, nil, fl(FlagZeroDenominator, FlagSmallBase)},
				{KeyCloseRatePublished, 0.0, fl(FlagSmallBase)},
				{KeyNetStoreChange, int64(-1), nil},
				{KeyStoresQoQ, -100.0, fl(FlagSmallBase)},
			},
		},
		{name: "nonzero rate of zero stores", edit: func(d *District) {
			d.Stores = &Stores{Closed: 1, CloseRate: 5, HasRates: true}
		}, checks: []check{
			{KeyCloseRate, nil, fl(FlagZeroDenominator, FlagSmallBase, FlagRateMismatch)},
			{KeyCloseRatePublished, 5.0, fl(FlagSmallBase, FlagRateMismatch)},
		}},
		{name: "small base", edit: func(d *District) {
			d.Stores = &Stores{Stores: 1, Similar: 2, Franchise: 1, Opened: 1, OpenRate: 50, Closed: 1, CloseRate: 50, HasRates: true}
		}, checks: []check{
			{KeyFranchiseShare, 50.0, fl(FlagSmallBase)},
			{KeyOpenRate, 50.0, fl(FlagSmallBase)},
			{KeyOpenRatePublished, 50.0, fl(FlagSmallBase)},
			{KeyCloseRate, 50.0, fl(FlagSmallBase)},
			{KeyStores, int64(1), nil},
			{KeyStoresQoQ, -75.0, fl(FlagSmallBase)},
		}},
		{name: "sum over industries has no published rates", edit: func(d *District) {
			d.Stores.HasRates, d.Stores.OpenRate, d.Stores.CloseRate, d.Stores.Industries = false, 0, 0, 12
		}, checks: []check{
			{KeyOpenRate, 10.0, nil},
			{KeyOpenRatePublished, nil, fl(FlagNotPublished)},
			{KeyCloseRate, 20.0, nil},
			{KeyCloseRatePublished, nil, fl(FlagNotPublished)},
		}},
		{name: "no stores row", edit: func(d *District) { d.Stores = nil }, checks: []check{
			{KeyStores, nil, fl(FlagNoData)},
			{KeySimilarStores, nil, fl(FlagNoData)},
			{KeyFranchiseStores, nil, fl(FlagNoData)},
			{KeyFranchiseShare, nil, fl(FlagNoData)},
			{KeyOpenedStores, nil, fl(FlagNoData)},
			{KeyClosedStores, nil, fl(FlagNoData)},
			{KeyOpenRate, nil, fl(FlagNoData)},
			{KeyOpenRatePublished, nil, fl(FlagNoData)},
			{KeyCloseRate, nil, fl(FlagNoData)},
			{KeyCloseRatePublished, nil, fl(FlagNoData)},
			{KeyNetStoreChange, nil, fl(FlagNoData)},
			{KeyStoresQoQ, nil, fl(FlagNoData)},
			{KeyStoresYoY, nil, fl(FlagNoData)},
		}},
		{name: "no previous quarters", edit: func(d *District) {
			d.StoresPrevQuarter, d.StoresPrevYear = nil, nil
		}, checks: []check{
			{KeyStoresQoQ, nil, fl(FlagNoPrevious)},
			{KeyStoresYoY, nil, fl(FlagNoPrevious)},
		}},
		{name: "zero stores in the previous quarter", edit: func(d *District) {
			d.StoresPrevQuarter = &Stores{HasRates: true}
		}, checks: []check{
			{KeyStoresQoQ, nil, fl(FlagZeroDenominator, FlagSmallBase)},
		}},
	})
}
