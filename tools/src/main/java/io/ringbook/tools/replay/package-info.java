/**
 * Quant tools over the journal: {@code ringbook replay} (a book at any sequence, or the commands and their journaled
 * events over a range), {@code ringbook export} (trades, MBP-N and order events as CSV) and {@code ringbook verify}
 * (re-run every journaled command and compare its events byte for byte). They read the journal through
 * {@code io.ringbook.journal.JournalReader}; formats and exit codes are in {@code docs/replay.md}.
 */
package io.ringbook.tools.replay;
