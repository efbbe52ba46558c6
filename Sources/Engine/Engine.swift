// Engine: the one serial writer — decide each queued command, append the batch as one group commit, apply it to the read models, answer.
