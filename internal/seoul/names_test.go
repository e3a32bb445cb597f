package seoul

import "testing"

func TestRepairName(t *testing.T) {
	tests := []struct {
		lost, kept, want string
		ok               bool
	}{
		{"종로?청계 관광특구", "종로·청계 관광특구", "종로·청계 관광특구", true},
		{"종로1?2?3?4가동", "종로1·2·3·4가동", "종로1·2·3·4가동", true},
		{"종로?청계 관광특구", "종로·청계관광특구", "종로?청계 관광특구", false}, // a space differs
		{"종로?청계", "종로 청계", "종로?청계", false},               // '?' for an ASCII character
		{"종로?청계", "중로·청계", "종로?청계", false},               // another character differs
		{"창덕궁", "창덕궁", "창덕궁", false},                     // nothing lost
		{"종로?청계", "종로?청계", "종로?청계", false},               // the other name lost it too
		{"종로?", "종로··", "종로?", false},                    // lengths differ
	}
	for _, tt := range tests {
		got, ok := RepairName(tt.lost, tt.kept)
		if got != tt.want || ok != tt.ok {
			t.Errorf("RepairName(%q, %q) = %q, %v; want %q, %v", tt.lost, tt.kept, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNameKey(t *testing.T) {
	for _, s := range []string{"종로·청계 관광특구", "종로?청계 관광특구", "종로 청계 관광특구", "종로ㆍ청계관광특구", "종로청계관광특구"} {
		if got := NameKey(s); got != "종로청계관광특구" {
			t.Errorf("NameKey(%q) = %q, want 종로청계관광특구", s, got)
		}
	}
}
