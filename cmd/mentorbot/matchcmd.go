package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/match"
	"github.com/mentorbot/mentorbot/bot/pairing"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// matchJSON is the stable JSON of `mentorbot match --dry-run --format json`.
type matchJSON struct {
	Program    string          `json:"program"`
	TotalScore float64         `json:"total_score"`
	Pairs      []matchPairJSON `json:"pairs"`
	Unmatched  []unmatchedJSON `json:"unmatched"`
	Summary    matchSummary    `json:"summary"`
}

type matchPairJSON struct {
	MentorID string   `json:"mentor_id"`
	MenteeID string   `json:"mentee_id"`
	Score    float64  `json:"score"`
	Reasons  []string `json:"reasons"`
}

type unmatchedJSON struct {
	ID     string `json:"id"`
	Side   string `json:"side"`
	Reason string `json:"reason"`
}

type matchSummary struct {
	Mentees        int   `json:"eligible_mentees"`
	Mentors        int   `json:"eligible_mentors"`
	Pairs          int   `json:"pairs"`
	Unmatched      int   `json:"unmatched"`
	CandidatePairs int   `json:"candidate_pairs"`
	Rounds         int   `json:"rounds"`
	Millis         int64 `json:"elapsed_ms"`
}

func runMatch(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("match", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := dbFlag(fs, getenv)
	program := fs.String("program", "", "match only this program's members")
	dryRun := fs.Bool("dry-run", false, "compute and print the proposal without creating pairings or sending anything")
	format := fs.String("format", "text", "text or json")
	scores := fs.String("scores", "", "also write every feasible (mentor, mentee) pair with its score to this CSV file")
	weightsText := envString(fs, getenv, "weights", "MENTORBOT_MATCH_WEIGHTS", "", "matching weights, e.g. topic=100,department=10")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("match takes no arguments, got %q", fs.Arg(0))
	}
	if !*dryRun {
		return errors.New("match from the command line only previews: add --dry-run (confirm a matching in Slack with /mentor match)")
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("--format: want text or json, got %q", *format)
	}
	weights, err := match.ParseWeights(*weightsText)
	if err != nil {
		return fmt.Errorf("--weights: %w", err)
	}
	db, err := sqldb.Open(ctx, *path, sqldb.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	people, err := db.Participants(ctx, *program)
	if err != nil {
		return err
	}
	active, err := db.AllActivePairings(ctx, "")
	if err != nil {
		return err
	}
	history, err := db.PairHistory(ctx)
	if err != nil {
		return err
	}
	in := pairing.MatchInput(people, active, history, time.Now())
	in.Weights = weights
	start := time.Now()
	res, err := match.Match(in)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	out := matchJSON{Program: *program, TotalScore: res.Total, Pairs: []matchPairJSON{}, Unmatched: []unmatchedJSON{},
		Summary: matchSummary{Mentees: res.Stats.Mentees, Mentors: res.Stats.Mentors, Pairs: len(res.Pairs), Unmatched: len(res.Unmatched),
			CandidatePairs: res.Stats.CandidatePairs, Rounds: res.Stats.Rounds, Millis: elapsed.Milliseconds()}}
	for _, p := range res.Pairs {
		out.Pairs = append(out.Pairs, matchPairJSON{MentorID: p.MentorID, MenteeID: p.MenteeID, Score: p.Score, Reasons: p.Breakdown.ReasonsAbout()})
	}
	for _, u := range res.Unmatched {
		out.Unmatched = append(out.Unmatched, unmatchedJSON{ID: u.ID, Side: string(u.Side), Reason: u.Reason})
	}
	if *scores != "" {
		if err := writeScores(*scores, in); err != nil {
			return err
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return writeMatchText(stdout, out)
}

func writeMatchText(w io.Writer, m matchJSON) error {
	name := m.Program
	if name == "" {
		name = "everyone"
	}
	fmt.Fprintf(w, "Matching proposal for %s (dry run: nothing created, nothing sent)\n", name)
	fmt.Fprintf(w, "%s, total score %.2f; %d unmatched; %s, %s; %d ms\n\n",
		bot.Count(m.Summary.Pairs, "pair", "pairs"), m.TotalScore, m.Summary.Unmatched, bot.Count(m.Summary.Mentees, "eligible mentee", "eligible mentees"),
		bot.Count(m.Summary.Mentors, "eligible mentor", "eligible mentors"), m.Summary.Millis)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MENTOR\tMENTEE\tSCORE\tREASONS")
	for _, p := range m.Pairs {
		fmt.Fprintf(tw, "%s\t%s\t%.2f\t%s\n", p.MentorID, p.MenteeID, p.Score, strings.Join(p.Reasons, "; "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(m.Unmatched) > 0 {
		fmt.Fprintln(w, "\nUnmatched:")
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, u := range m.Unmatched {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", u.ID, u.Side, u.Reason)
		}
		return tw.Flush()
	}
	return nil
}

// writeScores writes every feasible pair as mentor_id,mentee_id,score.
// Slack IDs and numbers only, so no cell needs CSV escaping. The file is
// private to its owner (0600, whatever the umask): it names people.
func writeScores(path string, in match.Input) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("--scores: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("--scores: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("mentor_id,mentee_id,score\n")
	var buf []byte
	match.FeasibleScores(in, func(mentor, mentee string, score float64) {
		buf = append(buf[:0], mentor...)
		buf = append(buf, ',')
		buf = append(buf, mentee...)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, score, 'f', 2, 64)
		buf = append(buf, '\n')
		w.Write(buf)
	})
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("--scores: %w", err)
	}
	return f.Close()
}
