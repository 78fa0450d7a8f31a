/**
 * The engine's journal on Chronicle Queue: {@link io.ringbook.journal.JournalWriter} appends SBE-encoded
 * instrument definitions, sequenced commands and each command's events (journal-schema.xml, schema 3);
 * {@link io.ringbook.journal.JournalReader} reads them back and replays them into a fresh engine to any sequence.
 * The layout and record formats are described in docs/journal.md.
 */
package io.ringbook.journal;
