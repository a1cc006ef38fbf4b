// Package slackfake is a fake Slack workspace that speaks Slack's wire
// protocols, so the real slack-go v0.35 client works against it unmodified:
//
//	s := slackfake.New(slackfake.Options{})
//	defer s.Close()
//	api := slack.New("xoxb-test", slack.OptionAppLevelToken("xapp-test"), slack.OptionAPIURL(s.URL()))
//	client := socketmode.New(api) // RunContext(ctx) connects to the fake
//
// Tests (and the playground, and benchmarks) then act as people do —
// SlashCommand, ClickButton, SubmitView, CloseView, OpenHome — and inspect
// what the bot did: Messages, Ephemerals, OpenViews, HomeView, Files, Calls.
// Faults are injected with Disconnect, DropConnections, FailNext and
// SetRateLimit; Redeliver replays an envelope as Slack's retries do. Wait
// blocks until a condition holds, re-checking after every recorded event, so
// callers never sleep. The package does not import "testing".
//
// # Layout
//
// This package is the facade: Server, Options and the API tests use. The
// protocol surfaces live in internal packages that share one lock
// (internal/hub) and never import the facade: internal/socket (Socket
// Mode: tickets, the WebSocket, envelopes, acks), internal/webapi (the Web
// API as HTTP: parsing, errors, tokens, faults, rate limits, the call
// record), internal/workspace (users, conversations, messages, views,
// files, response_urls: the state, what each method does to it, and the
// payloads people's actions send) and internal/blocks (Block Kit shaping).
//
// # What is faithful, and where each shape comes from
//
// Socket Mode (slack-go socketmode/socket_mode_managed_conn.go, request.go,
// socketmode.go; Slack's "Using Socket Mode" page; the hello and envelope
// samples in python-slack-sdk tests/slack_sdk/socket_mode/mock_socket_mode_server.py):
//   - apps.connections.open needs the xapp token and returns a single-use
//     ws:// URL with a fresh ticket; the handshake accepts slack-go's
//     Origin https://api.slack.com or none (see Guard below).
//   - The first frame is hello {type, num_connections, debug_info,
//     connection_info.app_id}; WebSocket PINGs follow every PingInterval
//     (slack-go's dead-man timer reconnects after 30 s without one).
//   - Envelopes are {envelope_id, type, payload, accepts_response_payload},
//     plus retry_attempt / retry_reason for events_api; each goes to exactly
//     one open connection (round robin); a caller waits while none is open.
//   - Acks {envelope_id, payload} are matched to envelopes with their
//     latency (real monotonic time; over 3 s is Late). Frames of 20 KB or
//     more, unknown and repeated envelope IDs are ignored (IgnoredAcks), as
//     Slack drops them. Nothing is redelivered automatically: Redeliver does.
//   - disconnect {type, reason, debug_info} is sent on Disconnect; the
//     socket then takes no envelopes and is closed after DisconnectGrace.
//
// Payloads:
//   - slash_commands: slack.SlashCommand marshalled as is (slash.go).
//   - interactive block_actions, view_submission, view_closed: Slack's
//     documented payloads (user, team, api_app_id, token, trigger_id,
//     container, channel, message, view, state, response_url, actions,
//     response_urls, is_cleared), built as JSON objects rather than by
//     marshalling slack.InteractionCallback, whose zero fields Slack never
//     sends; tests parse every one back through slack-go
//     (interactions.go, block.go BlockAction, views.go View/ViewState).
//     view.state.values are shaped per element type (plain_text_input value,
//     static_select selected_option, multi_static_select / checkboxes
//     selected_options, users_select selected_user, datepicker
//     selected_date, ...), with null for an empty input and the option
//     object exactly as the view defined it.
//   - events_api app_home_opened: the event_callback wrapper of Slack's
//     Events API (token, team_id, api_app_id, event, type, event_id,
//     event_time, authorizations, event_context) around a marshalled
//     slackevents.AppHomeOpenedEvent, plus the published Home view.
//
// Ack effects, as Slack applies them: a slash command ack with text/blocks
// becomes an ephemeral reply (or a channel message for response_type
// in_channel); a view_submission ack without payload closes the view,
// response_action "errors" keeps it open (errors must name input blocks),
// "update" replaces it, "push" stacks a new one (3 at most), "clear" closes
// the stack.
//
// Web API (arguments and error names from Slack's method reference as
// mirrored in slack-ruby/slack-api-ref, trigger and response_url limits
// from /work/shared/slack-notes.md; encodings from slack-go chat.go,
// views.go, conversation.go, users.go, files.go, misc.go):
// tokens come from the form "token" field or an Authorization Bearer
// header (not_authed, invalid_auth, not_allowed_token_type); form and JSON
// bodies both work. Served: auth.test, apps.connections.open, users.info
// (a slack.User), conversations.open (D… per user, G… per member set;
// user_not_found, user_disabled, cannot_dm_bot, too_many_users),
// conversations.members (paged with limit and cursor; the bot listed when
// it is in; channel_not_found, invalid_cursor, invalid_limit),
// chat.postMessage (a user ID means their DM; channel_not_found, no_text,
// not_in_channel for a channel the bot was never invited to,
// is_archived for a deactivated user's DM, invalid_blocks,
// invalid_blocks_format, msg_too_long), chat.postEphemeral
// (user_not_in_channel), chat.update, chat.delete (message_not_found),
// views.open / views.push (trigger_id single use with TriggerTTL:
// invalid_trigger_id, exchanged_trigger_id, expired_trigger_id;
// push_limit_reached), views.update (not_found, hash_conflict),
// views.publish, files.getUploadURLExternal + the upload POST (on the
// fake's own host, which slack-go's UploadFile requires) +
// files.completeUploadExternal (file_not_found, invalid_channel). Anything
// else answers unknown_method. Every call is recorded, without its token.
// response_url accepts JSON posts (ephemeral by default, in_channel,
// replace_original, delete_original) 5 times within 30 minutes (then 404
// used_url / expired_url). 429s carry Retry-After in whole seconds, which
// slack-go turns into *slack.RateLimitedError.
//
// Blocks: like Slack, the fake assigns a block_id / action_id where the bot
// left them out, refuses more than 50 blocks per message or 100 per view,
// duplicate block_ids, modal titles/buttons over 24 characters and views
// over 250 KB. Full Block Kit checking is pluggable through
// Options.CheckMessage / Options.CheckView (bot/blockcheck fits); those
// hooks run under the server's lock and must not call back into it.
//
// # Guard (not Slack)
//
// The fake listens on loopback, where any web page the user visits can
// reach it. Unless Options.AllowForeignOrigins is set, it answers only
// requests whose Host is its own address (127.0.0.1:PORT or
// localhost:PORT: no DNS rebinding), with no Origin but its own (and
// slack-go's on the WebSocket, which no page can send), and none a
// browser marks cross-site (Sec-Fetch-Site). Tokens compare in constant
// time; the playground gives each run random ones.
//
// # Simplifications (not Slack)
//
// Users are in #general and any channel made with AddChannel; the bot is
// in every conversation; there are no real channel memberships, threads,
// reactions or message history paging. views.push with no open modal and
// views.open over an open modal are resolved simply (invalid_arguments /
// the new modal replaces the stack). SubmitView refuses, as Slack's client
// does, to submit a required input left empty, an option the element does
// not offer or text outside max_length / number bounds.
package slackfake
