package report

import (
	"fmt"
	"testing"
)

// hiddenPattern prints a grid's cells as v (shown), h (hidden), - (n/a).
func hiddenPattern(grid [][]*cell) string {
	s := ""
	for _, row := range grid {
		for _, c := range row {
			switch {
			case c.na:
				s += "-"
			case c.hidden:
				s += "h"
			default:
				s += "v"
			}
		}
		s += "/"
	}
	return s
}

// gridLines makes every row and column of grid a line with minimum 2.
func gridLines(grid [][]*cell) []line {
	var lines []line
	for _, row := range grid {
		lines = append(lines, line{cells: row, min: 2})
	}
	for j := range grid[0] {
		var col []*cell
		for _, row := range grid {
			col = append(col, row[j])
		}
		lines = append(lines, line{cells: col, min: 2})
	}
	return lines
}

func TestProtect(t *testing.T) {
	cases := []struct {
		name string
		// people per cell; value is people*10 so ties break by position
		people [][]int
		want   string
	}{
		{"nothing small", [][]int{{9, 8}, {7, 6}}, "vv/vv/"},
		// A lone small cell takes its row's and column's cheapest partners,
		// and the partners' lines then need a fourth to close the square.
		{"one small cell", [][]int{{1, 8, 9}, {7, 6, 9}, {9, 9, 9}}, "hhv/hhv/vvv/"},
		{"two small in a row and column", [][]int{{1, 2, 9}, {3, 9, 9}, {9, 9, 9}}, "hhv/hhv/vvv/"},
		{"zero is small too", [][]int{{0, 9}, {9, 9}}, "hh/hh/"},
		{"single-cell column keeps what it has", [][]int{{1}}, "h/"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			grid := make([][]*cell, len(tc.people))
			var all []*cell
			for i, row := range tc.people {
				for _, p := range row {
					c := &cell{value: p * 10, people: p}
					grid[i] = append(grid[i], c)
					all = append(all, c)
				}
			}
			suppressSmall(5, all...)
			protect(gridLines(grid))
			if got := hiddenPattern(grid); got != tc.want {
				t.Errorf("got %s want %s", got, tc.want)
			}
		})
	}
}

func TestProtectMinimumThree(t *testing.T) {
	cells := []*cell{{value: 1, people: 1}, {value: 50, people: 20}, {value: 30, people: 12}, {value: 70, people: 40}, {value: 40, people: 15}}
	suppressSmall(5, cells...)
	protect([]line{{cells: cells, min: 3}})
	got := fmt.Sprint(cells[0].hidden, cells[1].hidden, cells[2].hidden, cells[3].hidden, cells[4].hidden)
	// The two cheapest shown cells (12 and 15 people) join the small one.
	if got != "true false true false true" {
		t.Errorf("got %s", got)
	}
}

func TestProtectExemptLine(t *testing.T) {
	a, b := &cell{value: 2, people: 2}, &cell{value: 9, people: 9}
	suppressSmall(5, a, b)
	protect([]line{{cells: []*cell{a, b}, min: 2, exempt: func() bool { return true }}})
	if !a.hidden || b.hidden {
		t.Errorf("an exempt line gets no complement: %v %v", a.hidden, b.hidden)
	}
}

func TestVisibleMinimumOneShowsEverything(t *testing.T) {
	c := &cell{}
	suppressSmall(1, c)
	if c.hidden {
		t.Error("minimum group 1 hides a zero")
	}
	suppressSmall(2, c)
	if !c.hidden {
		t.Error("minimum group 2 shows a zero")
	}
}
