"""Practice planning from measured takes: FSRS scheduling, the queue, mock interviews, reports."""
