package bizno

import "testing"

func TestValid(t *testing.T) {
	tests := []struct {
		no   string
		want bool
	}{
		{"2208162517", true},  // Σ 1·2+3·2+7·0+1·8+3·1+7·6+1·2+3·5+5·1 = 83, + ⌊5·1/10⌋ = 83 → 7
		{"1248100998", true},  // 118 + ⌊5·9/10⌋ = 122 → 8
		{"2208162518", false}, // wrong check digit
		{"220816251", false},
		{"22081625a7", false},
		{"220-81-62517", false}, // Valid takes digits only; Parse strips hyphens
	}
	for _, tt := range tests {
		if got := Valid(tt.no); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.no, got, tt.want)
		}
	}
}

func TestCheckDigit(t *testing.T) {
	tests := []struct {
		nine string
		want byte
		ok   bool
	}{
		{"220816251", '7', true},
		{"124810099", '8', true},
		{"12481009", 0, false},
		{"12481009x", 0, false},
	}
	for _, tt := range tests {
		got, ok := CheckDigit(tt.nine)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CheckDigit(%q) = %q, %v; want %q, %v", tt.nine, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{"220-81-62517", "2208162517", ""},
		{"2208162517", "2208162517", ""},
		{"2208162518", "", `"2208162518": the check digit is wrong`},
		{"123", "", `"123": want 10 digits (123-45-67890)`},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		var msg string
		if err != nil {
			msg = err.Error()
		}
		if got != tt.want || msg != tt.err {
			t.Errorf("Parse(%q) = %q, %q; want %q, %q", tt.in, got, msg, tt.want, tt.err)
		}
	}
}
