// Ledger: the domain — event types (versioned protobuf payloads), commands and the pure
// decide functions that turn a command and the current state into events or a refusal.
