// Package store is mentorbot's domain: the types the bot, the scheduler and
// the commands exchange (participants, programs, pairings, check-ins,
// deliveries, feedback, requests, proposals, audit entries, exports), their
// constants, the errors callers turn into replies, and the rules that need
// no database (validation, pseudonyms, the HR import file). It imports no
// SQL: the engine lives in store/sqldb, which keeps these types in a
// database (docs/architecture.md).
package store
