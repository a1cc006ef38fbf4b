package match

import (
	"cmp"
	"sort"
	"strings"
	"unicode"
)

// topicKey is the comparison form of a topic: trimmed, inner spaces
// collapsed, lower case. "  Machine   Learning" and "machine learning" match.
func topicKey(t string) string {
	return strings.ToLower(strings.Join(strings.Fields(t), " "))
}

// topicSet returns the distinct topic keys of ts, sorted, and for each key
// the first spelling seen (for reasons).
func topicSet(ts []string) (keys []string, spelling map[string]string) {
	spelling = make(map[string]string, len(ts))
	for _, t := range ts {
		k := topicKey(t)
		if k == "" {
			continue
		}
		if _, ok := spelling[k]; !ok {
			spelling[k] = strings.Join(strings.Fields(t), " ")
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys, spelling
}

// topicNames returns the distinct topics of ts in the order given, in the
// person's own spelling (spaces collapsed), for messages.
func topicNames(ts []string) []string {
	seen := make(map[string]bool, len(ts))
	var out []string
	for _, t := range ts {
		k := topicKey(t)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, strings.Join(strings.Fields(t), " "))
	}
	return out
}

// goalWords splits free text into distinct lower-case words of letters and
// digits, dropping stop words and words shorter than three characters, and
// returns them sorted. No stemming: "lead" and "leadership" differ.
func goalWords(text string) []string {
	fields := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	seen := make(map[string]bool, len(fields))
	var out []string
	for _, f := range fields {
		if len([]rune(f)) < 3 || isStopWord(f) || seen[f] {
			continue
		}
		seen[f] = true
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// isStopWord reports common English words that say nothing about goals or
// values, including the generic verbs of goal statements ("learn", "grow").
func isStopWord(w string) bool {
	switch w {
	case "able", "about", "above", "after", "again", "against", "all", "also", "and", "any",
		"are", "because", "become", "becoming", "been", "before", "being", "below", "better",
		"between", "both", "but", "can", "cannot", "could", "did", "does", "doing", "down",
		"during", "each", "else", "etc", "ever", "every", "few", "for", "from", "further",
		"get", "gets", "getting", "goal", "goals", "got", "grow", "growing", "had", "has",
		"have", "having", "help", "her", "here", "hers", "herself", "him", "himself", "his",
		"how", "improve", "improving", "into", "its", "itself", "just", "learn", "learning",
		"like", "lot", "lots", "love", "make", "making", "many", "maybe", "more", "most",
		"much", "must", "myself", "near", "need", "needs", "new", "nor", "not", "now", "off",
		"once", "one", "ones", "only", "other", "our", "ours", "ourselves", "out", "over",
		"own", "people", "really", "same", "she", "should", "some", "such", "than", "that",
		"the", "their", "theirs", "them", "themselves", "then", "there", "these", "they",
		"thing", "things", "this", "those", "through", "time", "too", "try", "trying", "under",
		"until", "upon", "use", "using", "very", "want", "wants", "was", "way", "well", "were",
		"what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
		"within", "without", "work", "working", "would", "year", "years", "yet", "you", "your",
		"yours", "yourself", "yourselves":
		return true
	}
	return false
}

// countShared counts the values present in both sorted, distinct slices
// (topic names, or interned ids in the certificate checker).
func countShared[T cmp.Ordered](a, b []T) int {
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// shared returns the strings present in both sorted, distinct slices.
func shared(a, b []string) []string {
	var out []string
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}
