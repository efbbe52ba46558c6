// Replay: the operator's powers over the ledger — rebuild, verify, audit, point-in-time state, inspect, export, import.
