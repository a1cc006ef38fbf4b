// Package playground is the web page of `mentorbot playground`: a browser
// window onto a fake Slack workspace (package slackfake) in which the real
// bot runs, so people can try mentorbot without a Slack workspace.
//
// The page lets a visitor be anyone in the seeded workspace (People), type
// `/mentor …`, read that person's DMs, group DMs and ephemeral replies,
// open their App Home tab, and fill in the bot's modals. Every click and
// form submission is replayed through the fake Slack (SlashCommandIn,
// ClickButton, SubmitView, CloseView, OpenHome), so the bot receives the
// same Socket Mode envelopes it gets from Slack and cannot tell the
// difference. Time-travel buttons move the shared Clock and run the
// scheduler (Scheduler); on the way the other seeded colleagues
// (package sim) answer check-ins, give feedback and leave, deterministically
// from a seed and only through the fake Slack. A link, shown to the admin
// only, serves the HTML report.
//
// Block Kit is rendered to HTML on the server (package render): plain_text is
// escaped, mrkdwn is parsed into a small set of tags from escaped text, and
// link targets are limited to http(s) and mailto. The page's script only
// ever sets strings with textContent and inserts the server's HTML; a
// Content-Security-Policy without inline script backs that up. Static
// assets are embedded; nothing is fetched from the network.
//
// No web page the visitor opens elsewhere can drive the playground: the
// server answers only its own address as Host (Config.Addr, or
// localhost:PORT; no DNS rebinding), takes only JSON POSTs (which need a
// CORS preflight it never grants) whose Origin and Sec-Fetch-Site, when a
// browser sends them, are its own. The fake Slack behind it is guarded the
// same way and runs on random per-run tokens.
//
// The page is live through long polling: GET /api/state?since=REV answers
// once slackfake.Server.Revision moves past REV.
package playground
