// Package render turns Block Kit (messages, modals, App Home) into the
// playground's HTML on the server: plain_text is escaped, mrkdwn is parsed
// into a small set of tags from escaped text, and link targets are
// limited to http(s) and mailto, so what the bot (or a person's name)
// says can never run as script in the page.
package render
