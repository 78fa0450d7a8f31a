/**
 * ringbook journal: Chronicle Queue journal, state snapshots and replay. Not built yet; see the issues.
 */
package io.ringbook.journal;
