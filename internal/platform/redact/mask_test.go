package redact

import "testing"

func TestPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13812345678", "138****5678"},
		{"+8613812345678", "************78"},
		{"1381234567", "********67"},
		{"138123456789", "**********89"},
		{"1381234567x", "*********7x"},
		{"027-8765432", "*********32"},
		{"12", "**"},
		{"1", "*"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Phone(tt.in); got != tt.want {
			t.Errorf("Phone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIDNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"420102199001011234", "4201**********1234"},
		{"42010219900101123X", "4201**********123X"},
		{"420102900101123", "4201*******1123"},
		{"123456789", "1234*6789"},
		{"12345678", "********"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := IDNumber(tt.in); got != tt.want {
			t.Errorf("IDNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"张三丰", "张**"},
		{"张三", "张*"},
		{"欧阳娜娜", "欧***"},
		{"张", "*"},
		{"Alice", "A****"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Name(tt.in); got != tt.want {
			t.Errorf("Name(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
