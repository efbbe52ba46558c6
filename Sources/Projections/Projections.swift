// Projections: SQLite read models (GRDB) folded from the ledger's events, with their checkpoint and the queries the gateway answers from.
