/**
 * SBE wire schemas and the codecs generated from them, plus small helpers (price scaling, header dispatch).
 */
package io.ringbook.codecs;
