package bot

import "strconv"

// Count says how many of a thing in words, with the right form of its
// noun: Count(1, "year", "years") is "1 year", Count(3, "person",
// "people") is "3 people". Message texts use it instead of "year(s)".
func Count(n int, one, many string) string {
	if n == 1 || n == -1 {
		return strconv.Itoa(n) + " " + one
	}
	return strconv.Itoa(n) + " " + many
}
