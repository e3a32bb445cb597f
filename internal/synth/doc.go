// Package synth disaggregates published district statistics (추정매출,
// 점포 and 길단위인구-상권) into raw merchant, card-sales and foot-traffic
// feeds that fuse back to them under the rules of docs/fusion.md.
package synth
